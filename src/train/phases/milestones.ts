// When each checklist item first became done, kept in the state: phase durations and the
// audit log's "done" lines come from this. Pure.
import { PRODUCTION_STEPS } from "../deploy/rollout.js";
import type { TrainState } from "../model/train-state.js";
import type { ChecklistItem, TrainView } from "../model/train-view.js";

/** Records when each item first became done, with an audit line (phase durations come from this). */
export function recordMilestones(view: TrainView, state: TrainState, at: string, withoutProduction: boolean): void {
  // Production steps a pre-release skips count as passed when they were skipped, so Phases 5 and 6 end.
  const passed = (item: ChecklistItem) =>
    item.status === "done" ||
    (withoutProduction && item.status === "skipped" && (PRODUCTION_STEPS as readonly string[]).includes(item.id));
  // A step the train has nothing for (no repository of its stage, as on a subset) passes with the rest of its phase.
  const phaseDone = new Set(
    view.phases
      .filter((p) => p.steps.some(passed) && p.steps.every((s) => passed(s) || s.status === "skipped"))
      .flatMap((p) => p.steps.map((s) => s.id)),
  );
  for (const item of [...view.preconditions, ...view.phases.flatMap((p) => p.steps)]) {
    if ((passed(item) || (item.status === "skipped" && phaseDone.has(item.id))) && !state.reached[item.id]) {
      state.reached[item.id] = at;
      if (item.kind === "bot")
        state.audit.push({
          at,
          actor: "release-train",
          text: `${item.id} ${item.status === "done" ? "done" : "skipped"}: ${item.title}`,
        });
    }
  }
}
