// The extended rollback (> 15 minutes): maintenance mode on, the owners revert their
// migrations (`/check R2`), infrastructure rolled back first, then the previous release
// everywhere (highest level first), verified, maintenance mode off, and an incident review
// opened. Pure.
import type { ChecklistItem } from "../model/train-view.js";
import type { Action } from "../model/actions.js";
import { commentMarker } from "../state.js";
import { stageOf } from "../deploy/stages.js";
import { INCIDENT_LABEL, type RollbackRun } from "./rollback.js";

type Status = ChecklistItem["status"];
const NO_MAINTENANCE = "not applicable: no `maintenance` configured";

export function extendedRollback(run: RollbackRun): ChecklistItem[] {
  const { config, plan, state } = run.input;
  const steps: ChecklistItem[] = [];
  run.notify();
  const on = run.maintenanceSpec(true);
  let r1: Status = "skipped";
  if (on) {
    const p = run.progress(on);
    if (p === "none") run.create(on);
    r1 = p === "success" ? "done" : p === "failed" ? "failed" : "running";
  }
  steps.push(run.item("R1", r1, on ? undefined : NO_MAINTENANCE));
  const migrationsDone = (r1 === "done" || r1 === "skipped") && Boolean(state.ticks.R2);
  steps.push(
    run.item("R2", state.ticks.R2 ? "done" : "pending", state.ticks.R2 ? undefined : "owners confirm with `/check R2`"),
  );
  const infra = run.targets.filter((r) => stageOf(config, plan, r) === "infrastructure");
  const rest = run.targets.filter((r) => !infra.includes(r));
  const r3 = run.rollBack(infra, migrationsDone);
  const infraDone = r3.status === "done" || infra.length === 0;
  steps.push(run.item("R3", infra.length === 0 ? "skipped" : r3.status, undefined, { done: r3.done, total: r3.total }));
  const r4 = run.rollBack(rest, migrationsDone && infraDone);
  steps.push(run.item("R4", r4.status, run.problems.join("; ") || undefined, { done: r4.done, total: r4.total }));
  const v = run.verify(infraDone && r4.status === "done");
  steps.push(run.item("R5", v.status, v.detail));
  const off = run.maintenanceSpec(false);
  let r6: Status = v.status === "done" ? "skipped" : "pending";
  if (off) {
    const p = run.progress(off);
    if (p === "none" && v.status === "done") run.create(off);
    r6 = p === "success" ? "done" : p === "failed" ? "failed" : p === "running" ? "running" : "pending";
  }
  steps.push(run.item("R6", r6, off ? undefined : NO_MAINTENANCE));
  steps.push(incidentReview(run, r6 === "done" || r6 === "skipped"));
  return steps;
}

/** R7: the incident review issue, opened once maintenance mode is off. */
function incidentReview(run: RollbackRun, ready: boolean): ChecklistItem {
  const key = `incident-${Date.parse(run.rollback.at)}`;
  const incident = run.input.observation.trainIssues.find((i) => i.body.includes(commentMarker(key)));
  if (!incident && ready) run.actions.push(incidentIssue(run, key));
  return run.item(
    "R7",
    incident ? "done" : ready ? "running" : "pending",
    incident ? `[#${incident.number}](${incident.url})` : undefined,
  );
}

function incidentIssue(run: RollbackRun, key: string): Action {
  const { rollback } = run;
  return {
    kind: "openIssue",
    key,
    title: `Incident review: rollback of ${run.input.version.tag}`,
    labels: [INCIDENT_LABEL],
    body: [
      commentMarker(key),
      `The release train ${run.input.version.tag} (${run.input.observation.issue.url}) was rolled back (extended procedure).`,
      "",
      `- **What happened:** ${rollback.reason}`,
      `- **Detected:** ${rollback.at}`,
      `- **Verified rolled back:** ${run.verifiedAt ?? "—"}`,
      `- **Repositories:** ${run.targets.map((r) => r.name).join(", ")}`,
      `- **Teams:** ${run.teams.join(", ")}`,
      "",
      "## Review",
      "",
      "- [ ] Timeline",
      "- [ ] Root cause",
      "- [ ] What we change",
    ].join("\n"),
  };
}
