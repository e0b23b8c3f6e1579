import { resume as resumeTrain } from "../deploy/commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const resume: CommandSpec<"resume"> = {
  name: "resume",
  usage: "/resume",
  summary: "continue a held train (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "no failure stands (a failed deployment or check holds the train until fixed)",
      refused: 'reply "only members of @… can use `/resume`", "the train stays on hold while this is unresolved: …"',
    },
  ],
  run: (ctx, comment) => resumeTrain(ctx, comment),
};
