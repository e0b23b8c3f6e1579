// A comment that goes with closing the tracking issue, and the close after it. Nothing
// looks at a closed train again, so the close must not outrun its comment: the shell makes
// a closeIssue only when every write before it went out (executeActions), and once GitHub
// shows the comment the close comes alone. A comment lost on the way (a dropped
// connection) is so made again on the next reconcile, and the issue closed then. Pure.
import type { Action } from "./model/actions.js";
import type { Observation } from "./model/observation.js";
import { appCommented } from "./app-comments.js";
import { commentMarker } from "./state.js";

/** The key of the comment that ends a train. */
export const completionKey = (tag: string) => `finished-${tag}`;

/** The key of the reply that closes again a train someone outside the orchestration team reopened. */
export const reopenUndoneKey = (reopenedAt: string) => `reopen-${Date.parse(reopenedAt)}`;

/** The comment (`text` after its marker) unless GitHub shows the app's, then the close. */
export function commentThenClose(observation: Observation, key: string, text: string): Action[] {
  const shown = appCommented(observation, key);
  const close: Action = { kind: "closeIssue", number: observation.issue.number };
  return shown ? [close] : [{ kind: "comment", key, body: `${commentMarker(key)}\n${text}` }, close];
}
