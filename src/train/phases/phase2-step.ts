// Phase 2 in a reconcile: new commits withdraw sign-offs and approval; the leads are asked
// (once) to sign, and reviewers are requested on the release PRs. Pure.
import type { GateReport } from "../validation/gate-report.js";
import { requestReviews } from "../review-requests.js";
import { requestSignoffs, withdrawStale } from "../signoff-requests.js";
import type { TrainRun } from "./train-run.js";

export interface Phase2Step {
  report: GateReport;
  /** Review requests left for the next reconcile. */
  moreReviews: boolean;
}

export function runPhase2(run: TrainRun): Phase2Step {
  const { config, plan, observation, state, at, actions, prepared, teamLeadNeeds } = run;
  const report = run.gates();
  actions.push(...withdrawStale(report, observation, state, at));
  if (prepared) actions.push(...requestSignoffs(run.gates(), observation, state, run.version.tag, teamLeadNeeds));
  const reviews = prepared
    ? requestReviews(config, plan, observation, state, at, run.input.batchWrites)
    : { actions: [], more: false };
  actions.push(...reviews.actions);
  // The tracking issue's "Now" names the leads who still have to sign off.
  if (prepared && !state.approval)
    teamLeadNeeds.push(...report.required.filter((r) => !state.signoffs[r.team]).map((r) => r.team));
  return { report, moreReviews: reviews.more };
}
