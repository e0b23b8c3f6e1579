import { ORCHESTRATION, refuseUnlessOrchestrator, type CommandSpec } from "./spec.js";

export const dryRun: CommandSpec<"dry-run"> = {
  name: "dry-run",
  usage: "/dry-run",
  summary: "reply with what Phase 1 would do, writing nothing (orchestration team)",
  rules: [{ who: ORCHESTRATION, when: "—", refused: 'reply "only members of @… can use `/dry-run`"' }],
  run: (ctx, comment) => refuseUnlessOrchestrator(ctx, comment, "dry-run") ?? { ok: true, note: ctx.dryRunPlan() },
};
