import { continueTrain } from "../successor.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const rc: CommandSpec<"rc"> = {
  name: "rc",
  usage: "/rc",
  summary:
    "on a finished release candidate's train, open the next candidate's train on the same release branch (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "a finished pre-release train",
      refused: 'reply "only members of @… can use `/rc`", "… is a final release", "… is not released yet"',
    },
  ],
  run: (ctx, comment) => continueTrain(ctx, comment, "rc"),
};
