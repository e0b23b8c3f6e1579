// Phase 7 in a reconcile: merge and tag once Phase 6 is done (what blocks it holds the
// train until `/retry`), publish the releases, and end the train once its postconditions
// hold. Pure.
import { holdNoticeKey } from "../deploy/steer.js";
import type { SteerResult } from "../deploy/steer.js";
import { PRODUCTION_STEPS } from "../deploy/rollout.js";
import { finalize, type FinalizeResult } from "../finalize.js";
import type { Observation } from "../model/observation.js";
import type { TrainState } from "../model/train-state.js";
import type { Action } from "../model/actions.js";
import { owe } from "../interactions/owed-writes.js";
import { closedBy } from "../moments.js";
import { publish, type PublishResult } from "../publish.js";
import { commentMarker } from "../state.js";
import { commentThenClose, completionKey } from "../close-after-comment.js";
import type { TrainRun } from "./train-run.js";

/** Merges and tags; a blocker holds the train, and Phase 7 is computed again with the hold. */
export function finalizeOrHold(run: TrainRun, deploy: SteerResult): FinalizeResult {
  const { config, plan, version, observation, state, at, actions } = run;
  const finalInput = () => ({
    config,
    plan,
    version,
    observation,
    state,
    verified: deploy.rollout.withoutProduction
      ? PRODUCTION_STEPS.every((id) => deploy.rollout.steps[id]?.status === "skipped")
      : ["6.1", "6.2"].every((id) => deploy.rollout.steps[id]?.status === "done") &&
        ["6.3", "6.4"].every((id) => Boolean(state.ticks[id])),
  });
  let final = finalize(finalInput());
  const blockers = Object.values(final.blockers);
  if (blockers.length > 0 && !state.hold && !state.rollback && !state.aborted) {
    state.hold = { by: "release-train", at, reason: blockers.join("; "), auto: true };
    state.audit.push({ at, actor: "release-train", text: `held the train: ${blockers.join("; ")}` });
    const key = holdNoticeKey(version.tag, blockers);
    owe(state, actions, {
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n## ⏸️ ${version.tag} is on hold\n\n${blockers.map((b) => `- ${b}`).join("\n")}`,
    });
    final = finalize(finalInput());
  }
  actions.push(...final.actions);
  return final;
}

/** The releases, once tagged: each repository's when its production deployment is verified. */
export function publishReleases(run: TrainRun, deploy: SteerResult, final: FinalizeResult): PublishResult {
  const { config, plan, version, observation, state, at } = run;
  const published = publish({
    config,
    plan,
    version,
    observation,
    state,
    at,
    tagged: final.tagged,
    withoutProduction: deploy.rollout.withoutProduction,
    productionVerified: (repo) =>
      deploy.rollout.cells[repo]?.production.status === "ok" &&
      observation.repos[repo]?.pullRequest?.headOid === state.approval?.heads[repo],
  });
  run.actions.push(...published.actions);
  run.teamLeadNeeds.push(...published.teams);
  return published;
}

/**
 * The end of a train: when every postcondition holds the freeze lifts and the milestone
 * closes; once the retrospective is done the tracking issue closes with a last comment
 * (the close never outruns it: see close-after-comment).
 */
export function finish(
  state: TrainState,
  observation: Observation,
  published: PublishResult,
  tag: string,
  at: string,
): Action[] {
  const actions: Action[] = [];
  if (
    !state.finishedAt &&
    published.postconditions.length > 0 &&
    published.postconditions.every((p) => p.status === "done" || p.status === "skipped")
  ) {
    state.finishedAt = at;
    state.audit.push({ at, actor: "release-train", text: `postconditions met: ${tag} released; code freeze lifted` });
  }
  if (!state.finishedAt) return actions;
  const milestone = observation.issue.milestone;
  if (milestone?.state === "OPEN") actions.push({ kind: "closeMilestone", number: milestone.number });
  // The complete summary is written first: once the issue is closed, nothing looks at the train again.
  // Closed once: an orchestration team member who reopens it later keeps it open; a rollback runs to its end first.
  const rollingBack = state.rollback && !state.rollback.verifiedAt;
  if (
    state.ticks["7.7"] &&
    observation.issue.state === "OPEN" &&
    !published.summaryPending &&
    !rollingBack &&
    !closedBy(observation.issue, observation.botLogin, Date.parse(state.finishedAt))
  ) {
    const minutes = Math.round((Date.parse(state.finishedAt) - Date.parse(state.startedAt)) / 60_000);
    actions.push(
      ...commentThenClose(
        observation,
        completionKey(tag),
        `🏁 The release train ${tag} is complete: released everywhere, postconditions met, retrospective done (${minutes} min from start to release). Closing the tracking issue.`,
      ),
    );
  }
  return actions;
}
