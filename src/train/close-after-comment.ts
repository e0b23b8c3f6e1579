// A comment that goes with closing the tracking issue is posted first, and the issue closed
// only once GitHub shows it: nothing looks at a closed train again, so a comment lost on
// the way (a dropped connection) would be lost for good. Pure.
import type { Action } from "./model/actions.js";
import type { Observation } from "./model/observation.js";
import { commentMarker, markerOf } from "./state.js";

/** The key of the comment that ends a train. */
export const completionKey = (tag: string) => `finished-${tag}`;

/** The key of the reply that closes again a train someone outside the orchestration team reopened. */
export const reopenUndoneKey = (reopenedAt: string) => `reopen-${Date.parse(reopenedAt)}`;

/** Whether `action` is a comment the issue closes after: read it back at once, so the close follows. */
export function closesAfter(action: Action): boolean {
  return action.kind === "comment" && (action.key.startsWith("finished-") || action.key.startsWith("reopen-"));
}

/** The comment (`text` after its marker) until GitHub shows it, then the close. */
export function commentThenClose(observation: Observation, key: string, text: string): Action[] {
  const bot = observation.botLogin.toLowerCase();
  const shown = observation.issue.comments.some((c) => c.author.toLowerCase() === bot && markerOf(c.body) === key);
  return shown
    ? [{ kind: "closeIssue", number: observation.issue.number }]
    : [{ kind: "comment", key, body: `${commentMarker(key)}\n${text}` }];
}
