// When to look at the train again without a webhook: at a canary or bake window's end,
// shortly while GitHub computes mergeability, or at once after writes whose results no
// event reports. Pure.
import { ROLLBACK_NOTICE } from "./rollback.js";
import type { SteerResult } from "../deploy/steer.js";
import type { FinalizeResult } from "../finalize.js";
import type { Action } from "../model/actions.js";
import type { Phase1Step } from "./phase1-step.js";
import type { Phase2Step } from "./phase2-step.js";
import type { TrainRun } from "./train-run.js";

/** Writes no webhook tells us about (or only as our own, ignored, events): read them back at once. */
const READ_BACK = new Set<Action["kind"]>([
  "openIssue",
  "createRelease",
  "publishRelease",
  "uploadAsset",
  "createDiscussion",
  "closeMilestone",
]);
const MERGEABILITY_RETRY_MS = 15_000;

/** Mergeability GitHub is still computing (at 7.1, or before the approval): look again shortly rather than read it as a failure. */
export function wakeAtOf(run: TrainRun, phase2: Phase2Step, deploy: SteerResult, final: FinalizeResult): number | null {
  return final.waitingForGitHub || (!run.state.approval && phase2.report.computing.length > 0)
    ? Math.min(deploy.wakeAt ?? Infinity, run.now.getTime() + MERGEABILITY_RETRY_MS)
    : deploy.wakeAt;
}

/**
 * Whether to reconcile again right after these writes: a rescoped train, a pick's commit
 * (read back to list it in the changelog), review requests left for the next reconcile,
 * and writes that show on the checklist only once read back.
 */
export function lookAgainAfter(run: TrainRun, phase1: Phase1Step, phase2: Phase2Step, writes: Action[]): boolean {
  const { observation } = run;
  return (
    phase1.rescoped ||
    phase1.picked.length > 0 ||
    phase2.moreReviews ||
    writes.some(
      (a) =>
        READ_BACK.has(a.kind) ||
        (a.kind === "comment" && (a.key === ROLLBACK_NOTICE || a.key.startsWith("announce-"))) ||
        (a.kind === "commitFiles" && a.repo === `${observation.train.owner}/${observation.train.repo}`),
    )
  );
}
