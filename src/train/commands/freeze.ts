// `/freeze` and `/unfreeze`: the code freeze by hand (it starts with Phase 1 otherwise).
import type { Outcome } from "../gate-commands.js";
import type { CommentObservation } from "../model/issue-observation.js";
import type { CommandContext } from "./context.js";
import { ORCHESTRATION, refuseUnlessOrchestrator, type CommandSpec } from "./spec.js";

function setFreeze(ctx: CommandContext, comment: CommentObservation, mode: "on" | "off"): Outcome {
  const refused = refuseUnlessOrchestrator(ctx, comment, mode === "on" ? "freeze" : "unfreeze");
  if (refused) return refused;
  if (ctx.state.freeze?.mode !== mode) {
    ctx.state.freeze = { mode, by: comment.author, at: comment.createdAt };
    ctx.audit(comment.author, mode === "on" ? "started the code freeze" : "lifted the code freeze");
  }
  return { ok: true };
}

export const freeze: CommandSpec<"freeze"> = {
  name: "freeze",
  usage: "/freeze",
  summary: "start the code freeze before Phase 1 (orchestration team)",
  rules: [{ who: ORCHESTRATION, when: "—", refused: 'reply "only members of @… can use `/freeze`"' }],
  run: (ctx, comment) => setFreeze(ctx, comment, "on"),
};

export const unfreeze: CommandSpec<"unfreeze"> = {
  name: "unfreeze",
  usage: "/unfreeze",
  summary: "lift the code freeze (orchestration team)",
  rules: [{ who: ORCHESTRATION, when: "—", refused: 'reply "only members of @… can use `/unfreeze`"' }],
  run: (ctx, comment) => setFreeze(ctx, comment, "off"),
};
