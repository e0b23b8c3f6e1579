import type { CommandSpec } from "./spec.js";

export const status: CommandSpec<"status"> = {
  name: "status",
  usage: "/status",
  summary: "reply with the train's current status",
  rules: [{ who: "anyone who can comment on the issue", when: "—", refused: "—" }],
  run: (ctx) => ({ ok: true, note: ctx.statusSummary() }),
};
