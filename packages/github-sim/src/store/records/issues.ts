// Issues and what hangs off them: labels, milestones, comments, reactions, edit history, timeline.

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
  createdAt: string;
}

export interface Milestone {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  description: string | null;
  state: "open" | "closed";
  creator: string;
  dueOn: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface Reaction {
  id: number;
  nodeId: string;
  user: string;
  content: ReactionContent;
  createdAt: string;
}

export interface Issue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  milestone: number | null;
  assignees: string[];
  locked: boolean;
  isPull: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  lastEditedAt: string | null;
  lastEditedBy: string | null;
  reactions: Reaction[];
  /** The body's edit history (GitHub's userContentEdits), oldest first; empty until the body is first edited. */
  edits: BodyEdit[];
  /** Label and open/closed events of the timeline, oldest first. */
  timeline: TimelineEvent[];
}

/** One revision of a body: GitHub keeps the full text of each (`diff`), and who saved it when. */
export interface BodyEdit {
  id: number;
  nodeId: string;
  editor: string;
  editedAt: string;
  /** The body as saved; null once the revision was deleted from the history. */
  body: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
}

export interface TimelineEvent {
  id: number;
  nodeId: string;
  type: "LabeledEvent" | "UnlabeledEvent" | "ClosedEvent" | "ReopenedEvent";
  actor: string;
  createdAt: string;
  /** The label, for labeled and unlabeled events. */
  label?: string;
  stateReason?: "completed" | "not_planned" | "reopened" | null;
}

export interface IssueComment {
  id: number;
  nodeId: string;
  repo: string;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  lastEditedAt: string | null;
  lastEditedBy: string | null;
  reactions: Reaction[];
  deleted: boolean;
}
