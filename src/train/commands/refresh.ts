import type { CommandSpec } from "./spec.js";

// Every reconcile reads GitHub again; the command is the hint to do it now.
export const refresh: CommandSpec<"refresh"> = {
  name: "refresh",
  usage: "/refresh",
  summary: "resync the train from GitHub",
  rules: [{ who: "anyone who can comment on the issue", when: "—", refused: "—" }],
  run: () => ({ ok: true }),
};
