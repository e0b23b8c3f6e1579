import { hotfix as shipWithFailure } from "../deploy/commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const hotfix: CommandSpec<"hotfix"> = {
  name: "hotfix",
  usage: "/hotfix [note]",
  summary: "continue past a failed staging deployment or smoke test and open a follow-up issue (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "a failed staging deployment, staging health check or smoke test holds the train",
      refused: 'reply "only members of @… can use `/hotfix`", "there is no failure to ship with: …"',
    },
  ],
  run: (ctx, comment, args) => shipWithFailure(ctx, comment, args),
};
