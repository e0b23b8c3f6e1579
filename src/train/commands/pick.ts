import { pick as pickFix } from "../picks/pick-command.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const pick: CommandSpec<"pick"> = {
  name: "pick",
  usage: "/pick <repo> <sha>",
  summary:
    "on a patch train, cherry-pick a fix commit onto the repository's release branch before its release PR merges (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "a patch train; the repository configured and in the train, its release PR open and not merged; the commit in that repository as GitHub shows it; its change applies cleanly to the release branch",
      refused:
        'reply "only members of @… can use `/pick`", "… releases from the default branches", "… is not in this train", "there is no commit `…` in …", "the release PR of … has merged", "… does not apply cleanly to `release/…`: `file` differs there"',
    },
  ],
  run: (ctx, comment, args) =>
    pickFix(
      { ...ctx, configuredPlan: ctx.configuredPlan, version: ctx.version, patch: ctx.patch, needs: ctx.pickNeeds },
      comment,
      args,
    ),
};
