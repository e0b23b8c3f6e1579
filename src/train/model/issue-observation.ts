// The tracking issue as one reconcile read it: body, comments, edit history and timeline.
// Types only.

export interface CommentObservation {
  id: number;
  author: string;
  authorIsBot: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  /** Who edited the comment last, when someone did (people with write access may edit anyone's comment). */
  editor?: string | null;
  /** When the text was last edited (null when never): with createdAt, the moment its commands were made. */
  editedAt?: string | null;
  /** The reactions release-train gave it (REST names: "+1", "confused"), as GitHub says; undefined when not read. */
  appReactions?: string[];
}

/** One revision in GitHub's edit history of the tracking issue body. */
export interface BodyRevision {
  editor: string | null;
  editedAt: string;
  /** The text as saved; null when it was deleted from the history (or not read). */
  body: string | null;
  deletedBy?: string | null;
}

/** A person's change to the body: the revision they started from, and what they saved. */
export interface BodyEdit {
  editor: string;
  at: string;
  before: string;
  after: string;
}

/** A label, close or reopen event of the issue's timeline: who did it and when, as GitHub records it. */
export interface IssueEvent {
  kind: "labeled" | "unlabeled" | "closed" | "reopened";
  actor: string | null;
  at: string;
  label: string | null;
}

export interface IssueObservation {
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  url: string;
  milestoneTitle: string | null;
  milestone: { number: number; state: "OPEN" | "CLOSED" } | null;
  labels: string[];
  author: string;
  /** Who edited the body last and when (null when never edited). */
  lastEditor: string | null;
  lastEditedAt: string | null;
  comments: CommentObservation[];
  createdAt: string;
  /** How many revisions the body's edit history holds, and the newest few (without their text). */
  revisions: { total: number; newest: BodyRevision[] };
  /** People's changes to the body that the train's state has not yet accounted for, oldest first. */
  edits: BodyEdit[];
  /** The timeline's label, close and reopen events, oldest first. */
  events: IssueEvent[];
  /** Read only when the train's hidden state is rebuilt: where the train started, as the body's edit history shows (see trust.ts). */
  origin?: {
    body: string;
    by: string;
    at: string;
    phase1At: string | null;
    handledAtStart: Record<string, string> | null;
    edits: BodyEdit[];
  } | null;
  /** False when the timeline has older events than those read. */
  eventsComplete: boolean;
}
