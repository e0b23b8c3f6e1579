// The immediate rollback (< 15 minutes): the train is held, the previous release goes to
// every repository the train deployed to production, highest level first, the rollback is
// verified and the affected teams are told. Pure.
import type { ChecklistItem } from "../model/train-view.js";
import type { RollbackRun } from "./rollback.js";

export function immediateRollback(run: RollbackRun): ChecklistItem[] {
  const { rollback, targets } = run;
  const steps: ChecklistItem[] = [run.item("RB1", "done", rollback.reason)];
  const rb = run.rollBack(targets, true);
  const nothing = targets.length === 0;
  steps.push(
    run.item(
      "RB2",
      nothing ? "skipped" : rb.status,
      nothing ? "nothing was deployed to production" : run.problems.join("; ") || undefined,
      { done: rb.done, total: rb.total },
    ),
  );
  const v = run.verify(rb.status === "done" || nothing);
  steps.push(run.item("RB3", v.status, v.detail));
  run.notify();
  steps.push(run.item("RB4", run.notified ? "done" : "running", `leads of ${run.teams.join(", ") || "no team"}`));
  return steps;
}
