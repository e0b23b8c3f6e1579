// The view's checklist: the preconditions and each phase's steps, with who ticked what
// and whom a manual item asks.
import type { ChecklistItem, PhaseView } from "../model/train-view.js";
import type { PreconditionResult } from "../phases/preconditions.js";
import { PHASES, PRECONDITIONS } from "../playbook.js";
import { askWho } from "./mentions.js";
import type { ViewInput } from "./view-input.js";

/** The preconditions in playbook order: the bot ones from their verdicts, the manual ones from their ticks. */
export function preconditionItems(
  input: ViewInput,
  results: Record<string, PreconditionResult>,
  total: number,
): ChecklistItem[] {
  const { state } = input;
  return PRECONDITIONS.map((def) => {
    const tick = state.ticks[def.id];
    const result =
      def.kind === "manual" ? { status: tick ? ("done" as const) : ("pending" as const) } : results[def.id]!;
    return {
      id: def.id,
      title: def.title,
      owner: def.kind === "bot" ? "Release Agent 🤖" : "Orchestration Team",
      kind: def.kind,
      status: result.status,
      ...("done" in result && result.done !== undefined && def.kind === "bot"
        ? { progress: { done: result.done, total } }
        : {}),
      ...("detail" in result && result.detail ? { detail: result.detail } : {}),
      ...(tick ? { tick } : {}),
      ...(def.kind === "manual" ? { askWho: askWho(input, def.ownerTeam)! } : {}),
    };
  });
}

/** Every phase's steps: the bot ones as the phases computed them, the manual ones from their ticks. */
export function phaseViews(input: ViewInput): PhaseView[] {
  const { state, computed } = input;
  return PHASES.map((phase) => ({
    id: phase.id,
    title: phase.title,
    emoji: phase.emoji,
    steps: phase.steps.map((step) => {
      const tick = state.ticks[step.id];
      // A manual step the train skips (production checks of a pre-release that stays out of production) shows as skipped.
      const skipped =
        step.kind === "manual" && !tick && computed[step.id]?.status === "skipped" ? computed[step.id] : undefined;
      const base =
        step.kind === "manual"
          ? (skipped ?? { status: tick ? ("done" as const) : ("pending" as const) })
          : (computed[step.id] ?? { status: "pending" as const });
      return {
        id: step.id,
        title: step.title,
        owner: step.owner,
        kind: step.kind,
        ...base,
        ...(tick ? { tick } : {}),
        ...(step.kind === "manual" ? { askWho: askWho(input, step.ownerTeam)! } : {}),
      };
    }),
  }));
}
