// A finished or aborted train stays closed: reopening it is for the orchestration team.
// Who reopened the issue comes from its timeline, as GitHub records it. Pure.
import type { Authz } from "./authz.js";
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { Action } from "./model/actions.js";
import { lastReopened } from "./moments.js";
import { commentMarker } from "./state.js";

/** The train is over: aborted, or complete with its retrospective done. */
export function trainEnded(state: TrainState): "was aborted" | "is complete" | null {
  if (state.aborted) return "was aborted";
  return state.finishedAt && state.ticks["7.7"] ? "is complete" : null;
}

/** Closes the tracking issue again, with a reply, when someone outside the orchestration team reopened an ended train. */
export function undoReopen(observation: Observation, state: TrainState, authz: Authz): Action[] {
  const ended = trainEnded(state);
  const reopened = lastReopened(observation.issue);
  if (observation.issue.state !== "OPEN" || !ended || !reopened?.actor) return [];
  if (reopened.actor.toLowerCase() === observation.botLogin.toLowerCase()) return [];
  const asked = authz.needs.length;
  if (authz.isOrchestrator(reopened.actor) || authz.needs.length > asked) return [];
  const key = `reopen-${Date.parse(reopened.at)}`;
  return [
    {
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n@${reopened.actor} this release train ${ended}; only ${authz.describeOwner("orchestration")} can reopen it, so it was closed again.`,
    },
    { kind: "closeIssue", number: observation.issue.number },
  ];
}
