import { approve as recordApproval } from "../gate-commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const approve: CommandSpec<"approve"> = {
  name: "approve",
  usage: "/approve",
  summary: "final approval once every gate is green (orchestration team)",
  judgedOnRepositories: true,
  rules: [
    {
      who: ORCHESTRATION,
      when: "gates 2.1–2.4 green",
      refused: 'reply "only members of @… can `/approve`", or the list of what is missing',
    },
  ],
  run: (ctx, comment) => recordApproval(ctx, comment),
};
