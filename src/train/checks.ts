// Evaluating check runs and commit statuses on a commit: the latest run of each name
// wins; neutral and skipped count as passing.
import type { CheckObservation, CommitObservation } from "./model/repo-observation.js";
import type { CellStatus } from "./model/train-view.js";

export interface CheckSummary {
  status: CellStatus;
  passed: number;
  total: number;
  failing: string[];
  pending: string[];
  missing: string[];
}

/** Latest result per check name (check runs and statuses share one namespace). */
export function latestByName(checks: CheckObservation[]): Map<string, CheckObservation> {
  const latest = new Map<string, CheckObservation>();
  for (const check of checks) {
    const seen = latest.get(check.name);
    if (!seen || (check.at ?? "") >= (seen.at ?? "")) latest.set(check.name, check);
  }
  return latest;
}

/**
 * Summarises a commit's checks. With `required`, only those names count and a
 * missing one is pending; without, every reported check counts.
 */
export function summarizeChecks(commit: CommitObservation | null, required?: readonly string[]): CheckSummary {
  if (!commit)
    return { status: "none", passed: 0, total: required?.length ?? 0, failing: [], pending: [], missing: [] };
  const latest = latestByName(commit.checks);
  const names = required && required.length > 0 ? [...required] : [...latest.keys()].sort();
  const failing: string[] = [];
  const pending: string[] = [];
  const missing: string[] = [];
  let passed = 0;
  for (const name of names) {
    const check = latest.get(name);
    if (!check) missing.push(name);
    else if (check.state === "pending") pending.push(name);
    else if (check.state === "failure") failing.push(name);
    else passed += 1;
  }
  const status: CellStatus = failing.length > 0 ? "failed" : pending.length + missing.length > 0 ? "running" : "ok";
  return { status, passed, total: names.length, failing, pending, missing };
}
