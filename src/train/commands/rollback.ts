import { rollbackCommand } from "../deploy/commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const rollback: CommandSpec<"rollback"> = {
  name: "rollback",
  usage: "/rollback [immediate|extended] [reason]",
  summary: "run the rollback procedure (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "no rollback under way; the train not aborted",
      refused:
        'reply "only members of @… can use `/rollback`", "an … rollback is already under way", "the train was aborted."',
    },
  ],
  run: (ctx, comment, args) => rollbackCommand(ctx, comment, args),
};
