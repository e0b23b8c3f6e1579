// What a command or an edit says back is decided once, when the moment it answers is
// recorded (a reply, the follow-up issue of a `/hotfix`), and so is a notice that goes
// with a change of the state (a hold, a pick given up): the next reconcile says nothing
// more. So the state keeps each such write until GitHub shows it, and one whose write
// failed is made again; the marker guard keeps one whose response was lost from being
// made twice. Pure.
import type { Action } from "../model/actions.js";
import type { Observation } from "../model/observation.js";
import { OWED_TEXT_CHARS, type OwedWrite, type TrainState } from "../model/train-state.js";
import { appCommentKeys } from "../app-comments.js";
import { commentMarker, encodeState, markerOf } from "../state.js";

/** The most writes owed at once; beyond, the oldest is given up (writes have been failing for a long while). */
export const OWED_WRITES_MAX = 10;

type OwedAction = Extract<Action, { kind: "comment" | "openIssue" }>;

const CUT = "\n\n… (cut short: the full answer could not be posted; run the command again to see all of it)";

/** The text kept without its marker (made again from the key), and at most OWED_TEXT_CHARS of it (a `/status` of 200 repositories is longer). */
function keptText(key: string, body: string): string {
  const text = body.replace(`${commentMarker(key)}\n`, "");
  if (text.length <= OWED_TEXT_CHARS) return text;
  return `${text.slice(0, OWED_TEXT_CHARS - CUT.length).replace(/[\uD800-\uDBFF]$/, "")}${CUT}`;
}

/** Makes `action` and records it as owed until GitHub shows it (see settleOwedWrites). */
export function owe(state: TrainState, actions: Action[], action: OwedAction): void {
  actions.push(action);
  state.owed ??= {};
  const owed = state.owed;
  const text = keptText(action.key, action.body);
  owed[action.key] =
    action.kind === "comment" ? { text } : { text, issue: { title: action.title, labels: action.labels } };
  const keys = Object.keys(owed);
  for (const key of keys.slice(0, Math.max(0, keys.length - OWED_WRITES_MAX))) delete owed[key];
}

function actionOf(key: string, write: OwedWrite): OwedAction {
  const body = `${commentMarker(key)}\n${write.text}`;
  return write.issue ? { kind: "openIssue", key, body, ...write.issue } : { kind: "comment", key, body };
}

/**
 * Makes again each owed write GitHub does not show and no action makes now, and forgets
 * at once an issue GitHub shows (only the newest train issues are read). Returns the
 * replies GitHub shows, still kept: see forgetShownReplies.
 */
export function settleOwedWrites(state: TrainState, observation: Observation, actions: Action[]): string[] {
  const owed = state.owed;
  if (!owed) return [];
  const shown = new Set([...appCommentKeys(observation), ...observation.trainIssues.map((i) => markerOf(i.body))]);
  const making = new Set(actions.flatMap((a) => (a.kind === "comment" || a.kind === "openIssue" ? [a.key] : [])));
  for (const [key, write] of Object.entries(owed))
    if (!shown.has(key) && !making.has(key)) actions.push(actionOf(key, write));
  for (const key of Object.keys(owed)) if (shown.has(key) && owed[key]!.issue) delete owed[key];
  if (Object.keys(owed).length === 0) delete state.owed;
  return Object.keys(state.owed ?? {}).filter((key) => shown.has(key));
}

/**
 * Forgets the `shown` replies when the body is written anyway — the state changed
 * otherwise, or what the body shows did (`shownTextChanged`) — as forgetting alone is not
 * worth a write. Kept longer, a long reply (a `/status` of 200 repositories) would weigh
 * on every body until the state next changes. Whether it forgot anything.
 */
export function forgetShownReplies(
  state: TrainState,
  previous: TrainState | null,
  shown: readonly string[],
  shownTextChanged: boolean,
): boolean {
  if (shown.length === 0 || !state.owed) return false;
  const unchanged = previous !== null && encodeState(previous) === encodeState(state);
  if (unchanged && !shownTextChanged) return false;
  for (const key of shown) delete state.owed[key];
  if (Object.keys(state.owed).length === 0) delete state.owed;
  return true;
}
