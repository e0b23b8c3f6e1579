import { retest as rerunChecks } from "../gate-commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const retest: CommandSpec<"retest"> = {
  name: "retest",
  usage: "/retest [repo]",
  summary: "re-run failed checks (team members)",
  rules: [
    {
      form: "/retest <repo>",
      who: "members of that repository's team, or the orchestration team",
      when: "the repository is in the train",
      refused: "reply naming who may",
    },
    {
      form: "/retest",
      who: ORCHESTRATION,
      when: "no repository named: every repository's failed checks",
      refused: "reply asking to name a repository",
    },
  ],
  run: (ctx, comment, args) => rerunChecks(ctx, comment, args),
};
