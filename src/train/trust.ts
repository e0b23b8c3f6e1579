// What of the tracking issue body release-train can trust. Anyone who can edit the issue
// can edit its body, and a copy of an older body carries a genuine older state. So the
// hidden state counts only as the latest one release-train wrote, which GitHub's edit
// history of the body vouches for (who saved each revision, and its text); people's
// changes are read from the same history as the difference between the revision they
// started from and what they saved. Pure.
import type { BodyEdit, BodyRevision, IssueObservation } from "./model/issue-observation.js";
import type { TrainState } from "./model/train-state.js";
import { decodeState, stateBlockOf, wasRendered } from "./state.js";

const same = (a: string | null | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

/**
 * How many of the newest revisions were saved after a state was decided: `mark` is the
 * number of revisions GitHub had then. The oldest revision (the text as the issue was
 * opened) is never a change.
 */
function freshCount(total: number, mark: number): number {
  return Math.max(0, total - Math.max(mark, 1));
}

/**
 * Whether the body's text history must be read: someone other than release-train saved
 * the body last, or saved it after the state was decided (an edit overwritten by
 * release-train's own write is found this way).
 */
export function needsHistory(
  issue: Pick<IssueObservation, "body" | "lastEditor" | "revisions">,
  botLogin: string,
): boolean {
  if (!issue.lastEditor) return false;
  if (!same(issue.lastEditor, botLogin)) return true;
  const mark = decodeState(issue.body)?.revisions;
  if (mark === undefined) return false;
  // Only the newest few revisions are listed: an edit overwritten by release-train is noticed on the reconcile right after it.
  return issue.revisions.newest
    .slice(0, freshCount(issue.revisions.total, mark))
    .some((r) => !same(r.editor, botLogin));
}

/** Enough history has been read once release-train's latest revision and every revision since its state's mark are in. */
export function historyRead(total: number, botLogin: string): (revisions: BodyRevision[]) => boolean {
  return (revisions) => {
    const latest = revisions.find((r) => same(r.editor, botLogin));
    if (!latest) return false;
    const mark = latest.body ? decodeState(latest.body)?.revisions : undefined;
    return mark === undefined || revisions.length >= freshCount(total, mark) + 1;
  };
}

export interface BodyTrust {
  state: TrainState | null;
  /** The state block to use, or null. */
  block: string | null;
  /** The body (release-train saved it last), release-train's latest revision in the history, or none: rebuilt from GitHub. */
  source: "body" | "history" | "none";
  /** How the body's hidden state differs from the latest release-train wrote: an older copy of it, or changed or removed. */
  replaced: "older" | "altered" | null;
  /** Who replaced it (the editors, or who deleted release-train's revision from the history). */
  editors: string[];
  /** People's changes to the body that the state has not accounted for yet, oldest first. */
  edits: BodyEdit[];
}

export interface TrustInput {
  body: string;
  botLogin: string;
  /** The body's author and last editor (null when never edited). */
  author: string;
  lastEditor: string | null;
  /** Revisions GitHub's history holds. */
  total: number;
  /** The revisions with their text, newest first (null when not read: release-train saved the body last). */
  history: BodyRevision[] | null;
}

/**
 * The revision a person started from: the newest older one with the same state block
 * (the page they had open carried it) saved by release-train or by themselves (going
 * on with their own edit); else the one before theirs.
 */
function baseOf(history: BodyRevision[], position: number, botLogin: string): string | null {
  const revision = history[position]!;
  const block = stateBlockOf(revision.body ?? "");
  const older = history.slice(position + 1);
  const mine = (r: BodyRevision) => same(r.editor, botLogin) || same(r.editor, revision.editor!);
  const sameState =
    block !== null ? older.find((r) => r.body !== null && mine(r) && stateBlockOf(r.body) === block) : undefined;
  return sameState?.body ?? older[0]?.body ?? null;
}

/** People's revisions among the newest `count`, oldest first, each with the revision it started from. */
function peoplesEdits(history: BodyRevision[], count: number, botLogin: string): BodyEdit[] {
  const edits: BodyEdit[] = [];
  for (let position = Math.min(count, history.length) - 1; position >= 0; position -= 1) {
    const revision = history[position]!;
    if (same(revision.editor, botLogin) || revision.body === null || !revision.editor) continue;
    const before = baseOf(history, position, botLogin);
    if (before !== null) edits.push({ editor: revision.editor, at: revision.editedAt, before, after: revision.body });
  }
  return edits;
}

const none = (replaced: BodyTrust["replaced"], editors: string[], edits: BodyEdit[] = []): BodyTrust => ({
  state: null,
  block: null,
  source: "none",
  replaced,
  editors,
  edits,
});

/** The people (not release-train) who saved the newest `upTo` revisions, oldest first. */
function peopleUpTo(history: BodyRevision[], upTo: number, botLogin: string): string[] {
  return [
    ...new Set(
      history
        .slice(0, upTo)
        .filter((r) => !same(r.editor, botLogin) && r.editor)
        .map((r) => r.editor!),
    ),
  ].reverse();
}

export function trustBody(input: TrustInput): BodyTrust {
  const { body, botLogin, history } = input;
  if (history === null) return trustUnedited(input);
  const latestAt = history.findIndex((r) => same(r.editor, botLogin));
  // Everything but the revision the issue was opened with can be a change.
  const opened = input.total - 1;
  if (latestAt < 0)
    return none(
      wasRendered(body) ? "altered" : null,
      peopleUpTo(history, history.length, botLogin),
      peoplesEdits(history, Math.min(history.length, opened), botLogin),
    );
  const latest = history[latestAt]!;
  if (latest.body === null) {
    // Deleted from the history: what release-train wrote last cannot be known, so no older copy is taken for it.
    return none(
      "altered",
      [latest.deletedBy ?? input.lastEditor ?? input.author],
      peoplesEdits(history, Math.min(latestAt, opened), botLogin),
    );
  }
  return trustLatest(input, history, latestAt, latest.body);
}

/** A body never edited: whatever it holds was written by its author. Saved last by release-train: it is ours. */
function trustUnedited(input: TrustInput): BodyTrust {
  const { body } = input;
  if (!input.lastEditor) return none(wasRendered(body) ? "altered" : null, [input.author]);
  const block = stateBlockOf(body);
  const state = block ? decodeState(block) : null;
  return state
    ? { state, block, source: "body", replaced: null, editors: [], edits: [] }
    : none(wasRendered(body) ? "altered" : null, [input.lastEditor]);
}

/**
 * The state in release-train's latest revision (`latestAt` in the history, `saved` its text):
 * the body's when it still holds that block; otherwise taken from the history, with who changed it.
 */
function trustLatest(input: TrustInput, history: BodyRevision[], latestAt: number, saved: string): BodyTrust {
  const { body, botLogin } = input;
  const block = stateBlockOf(saved);
  const state = block ? decodeState(block) : null;
  const mark = state?.revisions;
  const edits = peoplesEdits(history, mark === undefined ? latestAt : freshCount(input.total, mark), botLogin);
  const current = stateBlockOf(body);
  if (current === block) return { state, block, source: state ? "body" : "none", replaced: null, editors: [], edits };
  const older =
    current !== null &&
    history
      .slice(latestAt + 1)
      .some((r) => same(r.editor, botLogin) && r.body !== null && stateBlockOf(r.body) === current);
  const editors = [
    ...new Set(
      history
        .slice(0, latestAt)
        .filter((r) => !same(r.editor, botLogin) && r.editor && stateBlockOf(r.body ?? "") !== block)
        .map((r) => r.editor!),
    ),
  ].reverse();
  return {
    state,
    block: state ? block : null,
    source: state ? "history" : "none",
    replaced: older ? "older" : "altered",
    editors: editors.length > 0 ? editors : peopleUpTo(history, latestAt, botLogin),
    edits,
  };
}

/** Where a train whose hidden state was lost started, as the body's edit history shows. */
export interface TrainOrigin {
  /** The text the train started from: the newest revision a person saved before release-train first rendered the issue. */
  body: string;
  /** Who saved it (the author, for the text the issue was opened with), and when. */
  by: string;
  at: string;
  /** When Phase 1 started, as the earliest of release-train's own revisions that records it says (null: none read says so). */
  phase1At: string | null;
  /** The command comments release-train had handled by then (that revision's `acked`: id → version), null with phase1At. */
  handledAtStart: Record<string, string> | null;
  /** People's revisions after release-train's first rendering, up to Phase 1's start, each with the revision before it. */
  edits: BodyEdit[];
}

const phase1Of = (revision: BodyRevision, botLogin: string) =>
  same(revision.editor, botLogin) && revision.body ? (decodeState(revision.body)?.reached.preconditions ?? null) : null;

/** Enough of the history, oldest first, has been read once a revision of release-train's records Phase 1's start. */
export const originRead =
  (botLogin: string) =>
  (oldestFirst: BodyRevision[]): boolean =>
    oldestFirst.some((r) => phase1Of(r, botLogin) !== null);

/** The origin in the body's revisions (oldest first); null when release-train's first rendering, or the text before it, is not there to read. */
export function trainOrigin(oldestFirst: readonly BodyRevision[], botLogin: string): TrainOrigin | null {
  const first = oldestFirst.findIndex((r) => same(r.editor, botLogin));
  const start = first > 0 ? oldestFirst[first - 1]! : null;
  // A text deleted from the history is not known: an older revision is not taken for it.
  if (!start?.editor || start.body === null) return null;
  const started = oldestFirst.findIndex((r, i) => i > first && phase1Of(r, botLogin) !== null);
  const phase1At = started < 0 ? null : phase1Of(oldestFirst[started]!, botLogin);
  const handledAtStart = started < 0 ? null : (decodeState(oldestFirst[started]!.body!)?.acked ?? null);
  const edits = oldestFirst.slice(first + 1, started < 0 ? undefined : started).flatMap((r, i): BodyEdit[] => {
    const before = oldestFirst[first + i]!.body;
    return !same(r.editor, botLogin) && r.editor && r.body !== null && before !== null
      ? [{ editor: r.editor, at: r.editedAt, before, after: r.body }]
      : [];
  });
  return { body: start.body, by: start.editor, at: start.editedAt, phase1At, handledAtStart, edits };
}
