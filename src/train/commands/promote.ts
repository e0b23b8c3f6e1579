import { continueTrain } from "../successor.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const promote: CommandSpec<"promote"> = {
  name: "promote",
  usage: "/promote",
  summary:
    "on the last release candidate's train, open the final release's train on the same release branch (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "a finished pre-release train, the last candidate (no later tag of the version in any repository)",
      refused:
        'reply "only members of @… can use `/promote`", "… is a final release", "… is not released yet", "… promote from the last candidate\'s train"',
    },
  ],
  run: (ctx, comment) => continueTrain(ctx, comment, "promote"),
};
