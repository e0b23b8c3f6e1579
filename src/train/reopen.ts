// A finished or aborted train stays closed: reopening it is for the orchestration team.
// Who reopened the issue comes from its timeline, as GitHub records it. Pure.
import type { Authz } from "./authz.js";
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { Action } from "./model/actions.js";
import { lastReopened } from "./moments.js";
import { commentThenClose, reopenUndoneKey } from "./close-after-comment.js";

/** The train is over: aborted, or complete with its retrospective done. */
export function trainEnded(state: TrainState): "was aborted" | "is complete" | null {
  if (state.aborted) return "was aborted";
  return state.finishedAt && state.ticks["7.7"] ? "is complete" : null;
}

/** Closes the tracking issue again, after a reply, when someone outside the orchestration team reopened an ended train. */
export function undoReopen(observation: Observation, state: TrainState, authz: Authz): Action[] {
  const ended = trainEnded(state);
  const reopened = lastReopened(observation.issue);
  if (observation.issue.state !== "OPEN" || !ended || !reopened?.actor) return [];
  if (reopened.actor.toLowerCase() === observation.botLogin.toLowerCase()) return [];
  const asked = authz.needs.length;
  if (authz.isOrchestrator(reopened.actor) || authz.needs.length > asked) return [];
  return commentThenClose(
    observation,
    reopenUndoneKey(reopened.at),
    `@${reopened.actor} this release train ${ended}; only ${authz.describeOwner("orchestration")} can reopen it, so it was closed again.`,
  );
}
