import { hold as holdTrain } from "../deploy/commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const hold: CommandSpec<"hold"> = {
  name: "hold",
  usage: "/hold [reason]",
  summary: "pause the train (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "the train is neither aborted nor being rolled back",
      refused: 'reply "only members of @… can use `/hold`", "nothing to hold: …"',
    },
  ],
  run: (ctx, comment, args) => holdTrain(ctx, comment, args),
};
