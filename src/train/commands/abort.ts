import { abort as abortTrain } from "../deploy/commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const abort: CommandSpec<"abort"> = {
  name: "abort",
  usage: "/abort [reason]",
  summary: "end the train, lift the freeze, tag nothing (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "the train is neither aborted nor being rolled back",
      refused: 'reply "only members of @… can use `/abort`"',
    },
  ],
  run: (ctx, comment, args) => abortTrain(ctx, comment, args),
};
