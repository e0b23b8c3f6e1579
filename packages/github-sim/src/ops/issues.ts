import type { SimCore } from "../core.js";
import { ApiError, checkBodyLength, missingField, notFound, validationFailed } from "../errors.js";
import * as S from "../serialize/index.js";
import type {
  BodyEdit,
  Issue,
  IssueComment,
  Label,
  Milestone,
  Reaction,
  ReactionContent,
  Repo,
  TimelineEvent,
} from "../store/types.js";
import { nodeId } from "../util/ids.js";

export const REACTIONS: ReactionContent[] = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

export function requireIssue(repo: Repo, number: number): Issue {
  const i = repo.issues.get(number);
  if (!i && repo.deletedIssues.has(number)) throw new ApiError(410, "This issue was deleted");
  if (!i) throw notFound();
  return i;
}

/** Emits an "issues" event, or "pull_request" when the issue is a pull request. */
function emitIssueEvent(
  core: SimCore,
  repo: Repo,
  issue: Issue,
  actor: string,
  action: string,
  extra: Record<string, unknown> = {},
): void {
  const pr = issue.isPull ? repo.pulls.get(issue.number) : undefined;
  if (pr) {
    core.emit("pull_request", repo, actor, {
      action,
      number: issue.number,
      pull_request: S.pull(core, repo, issue, pr, { full: true }),
      ...extra,
    });
  } else {
    core.emit("issues", repo, actor, { action, issue: S.issue(core, repo, issue), ...extra });
  }
}

/** A timeline event (who labelled, closed or reopened, and when), as GitHub records it. */
function recordEvent(
  core: SimCore,
  issue: Issue,
  type: TimelineEvent["type"],
  actor: string,
  extra: Pick<TimelineEvent, "label" | "stateReason"> = {},
): void {
  const id = core.store.ids.take("event");
  const prefix = { LabeledEvent: "LE", UnlabeledEvent: "UNLE", ClosedEvent: "CE", ReopenedEvent: "REE" }[type];
  issue.timeline.push({ id, nodeId: nodeId(prefix, id), type, actor, createdAt: core.now(), ...extra });
}

function revision(core: SimCore, editor: string, editedAt: string, body: string): BodyEdit {
  const id = core.store.ids.take("edit");
  return { id, nodeId: nodeId("UCE", id), editor, editedAt, body, deletedAt: null, deletedBy: null };
}

/** GitHub keeps every revision of a body; the first edit also records the text as it was created. */
function recordEdit(core: SimCore, issue: Issue, actor: string, previous: string): void {
  if (issue.edits.length === 0) issue.edits.push(revision(core, issue.user, issue.createdAt, previous));
  issue.edits.push(revision(core, actor, core.now(), issue.body ?? ""));
}

/** Deletes a revision's text from the edit history (anyone with write access can, in GitHub's UI); the entry stays. */
export function deleteRevision(core: SimCore, issue: Issue, actor: string, revisionId: number): void {
  const edit = issue.edits.find((e) => e.id === revisionId && e.deletedAt === null);
  if (!edit) throw notFound();
  edit.body = null;
  edit.deletedAt = core.now();
  edit.deletedBy = actor;
}

export function createLabel(
  core: SimCore,
  repo: Repo,
  actor: string,
  input: { name: string; color?: string; description?: string | null },
  emit = true,
): Label {
  if (!input.name) throw missingField("name");
  if (repo.labels.has(input.name.toLowerCase())) {
    throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
  }
  const id = core.store.ids.take("label");
  const label: Label = {
    id,
    nodeId: nodeId("LA", id),
    name: input.name,
    color: (input.color ?? "ededed").replace(/^#/, ""),
    description: input.description ?? null,
    default: false,
    createdAt: core.now(),
  };
  repo.labels.set(label.name.toLowerCase(), label);
  if (emit) core.emit("label", repo, actor, { action: "created", label: S.label(core, repo, label) });
  return label;
}

function ensureLabel(core: SimCore, repo: Repo, actor: string, name: string): Label {
  return repo.labels.get(name.toLowerCase()) ?? createLabel(core, repo, actor, { name });
}

export interface CreateIssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  milestone?: number | null;
  assignees?: string[];
}

export function createIssue(core: SimCore, repo: Repo, actor: string, input: CreateIssueInput): Issue {
  if (input.title === undefined || input.title === null || input.title === "") throw missingField("title");
  checkBodyLength(input.body, "Issue");
  if (input.milestone !== undefined && input.milestone !== null && !repo.milestones.has(input.milestone)) {
    throw validationFailed([{ value: input.milestone, resource: "Issue", field: "milestone", code: "invalid" }]);
  }
  const now = core.now();
  const id = core.store.ids.take("issue");
  const labels = (input.labels ?? []).map((n) => ensureLabel(core, repo, actor, n).name);
  const issue: Issue = {
    id,
    nodeId: nodeId("I", id),
    number: repo.nextNumber++,
    title: String(input.title),
    body: input.body ?? null,
    user: actor,
    state: "open",
    stateReason: null,
    labels: [...new Set(labels)],
    milestone: input.milestone ?? null,
    assignees: input.assignees ?? [],
    locked: false,
    isPull: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    lastEditedAt: null,
    lastEditedBy: null,
    reactions: [],
    edits: [],
    timeline: [],
  };
  repo.issues.set(issue.number, issue);
  emitIssueEvent(core, repo, issue, actor, "opened");
  for (const name of issue.labels) {
    recordEvent(core, issue, "LabeledEvent", actor, { label: name });
    emitIssueEvent(core, repo, issue, actor, "labeled", {
      label: S.label(core, repo, repo.labels.get(name.toLowerCase())!),
    });
  }
  if (issue.milestone !== null) {
    emitIssueEvent(core, repo, issue, actor, "milestoned", {
      milestone: S.milestone(core, repo, repo.milestones.get(issue.milestone)!),
    });
  }
  return issue;
}

export interface UpdateIssueInput {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned" | "reopened" | null;
  labels?: string[];
  milestone?: number | null;
  assignees?: string[];
}

export function updateIssue(core: SimCore, repo: Repo, issue: Issue, actor: string, input: UpdateIssueInput): Issue {
  checkBodyLength(input.body, issue.isPull ? "PullRequest" : "Issue");
  const now = core.now();
  const changes: Record<string, { from: unknown }> = {};
  if (input.title !== undefined && input.title !== issue.title) {
    changes["title"] = { from: issue.title };
    issue.title = input.title;
  }
  if (input.body !== undefined && input.body !== issue.body) {
    changes["body"] = { from: issue.body ?? "" };
    const previous = issue.body ?? "";
    issue.body = input.body;
    issue.lastEditedAt = now;
    issue.lastEditedBy = actor;
    recordEdit(core, issue, actor, previous);
  }
  if (Object.keys(changes).length) {
    issue.updatedAt = now;
    emitIssueEvent(core, repo, issue, actor, "edited", { changes });
  }
  if (input.milestone !== undefined && input.milestone !== issue.milestone) {
    if (input.milestone !== null && !repo.milestones.has(input.milestone)) {
      throw validationFailed([{ value: input.milestone, resource: "Issue", field: "milestone", code: "invalid" }]);
    }
    const prev = issue.milestone;
    issue.milestone = input.milestone;
    issue.updatedAt = now;
    if (input.milestone === null && prev !== null) {
      emitIssueEvent(core, repo, issue, actor, "demilestoned", {
        milestone: S.milestone(core, repo, repo.milestones.get(prev)!),
      });
    } else if (input.milestone !== null) {
      emitIssueEvent(core, repo, issue, actor, "milestoned", {
        milestone: S.milestone(core, repo, repo.milestones.get(input.milestone)!),
      });
    }
  }
  if (input.labels !== undefined) setLabels(core, repo, issue, actor, input.labels);
  if (input.assignees !== undefined) {
    issue.assignees = [...input.assignees];
    issue.updatedAt = now;
  }
  if (input.state !== undefined && input.state !== issue.state) {
    if (input.state !== "open" && input.state !== "closed") {
      throw validationFailed([{ resource: "Issue", code: "invalid", field: "state" }]);
    }
    issue.state = input.state;
    issue.updatedAt = now;
    if (input.state === "closed") {
      issue.closedAt = now;
      issue.closedBy = actor;
      issue.stateReason = input.state_reason ?? "completed";
      recordEvent(core, issue, "ClosedEvent", actor, { stateReason: issue.stateReason });
      emitIssueEvent(core, repo, issue, actor, "closed");
    } else {
      issue.closedAt = null;
      issue.stateReason = "reopened";
      recordEvent(core, issue, "ReopenedEvent", actor, { stateReason: "reopened" });
      emitIssueEvent(core, repo, issue, actor, "reopened");
    }
  }
  return issue;
}

export function addLabels(core: SimCore, repo: Repo, issue: Issue, actor: string, names: string[]): void {
  for (const name of names) {
    const label = ensureLabel(core, repo, actor, name);
    if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue;
    issue.labels.push(label.name);
    issue.updatedAt = core.now();
    recordEvent(core, issue, "LabeledEvent", actor, { label: label.name });
    emitIssueEvent(core, repo, issue, actor, "labeled", { label: S.label(core, repo, label) });
  }
}

export function removeLabel(core: SimCore, repo: Repo, issue: Issue, actor: string, name: string): void {
  const idx = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  const label = repo.labels.get(name.toLowerCase());
  if (idx === -1 || !label) throw new ApiError(404, "Label does not exist");
  issue.labels.splice(idx, 1);
  issue.updatedAt = core.now();
  recordEvent(core, issue, "UnlabeledEvent", actor, { label: label.name });
  emitIssueEvent(core, repo, issue, actor, "unlabeled", { label: S.label(core, repo, label) });
}

export function setLabels(core: SimCore, repo: Repo, issue: Issue, actor: string, names: string[]): void {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const existing of [...issue.labels]) {
    if (!wanted.has(existing.toLowerCase())) removeLabel(core, repo, issue, actor, existing);
  }
  addLabels(core, repo, issue, actor, names);
}

export function createComment(core: SimCore, repo: Repo, issue: Issue, actor: string, body: string): IssueComment {
  if (body === undefined || body === null) throw missingField("body");
  checkBodyLength(body, "IssueComment");
  const now = core.now();
  const id = core.store.ids.take("comment");
  const c: IssueComment = {
    id,
    nodeId: nodeId("IC", id),
    repo: repo.fullName,
    issueNumber: issue.number,
    user: actor,
    body: String(body),
    createdAt: now,
    updatedAt: now,
    lastEditedAt: null,
    lastEditedBy: null,
    reactions: [],
    deleted: false,
  };
  core.store.comments.set(id, c);
  issue.updatedAt = now;
  core.emit("issue_comment", repo, actor, {
    action: "created",
    issue: S.issue(core, repo, issue),
    comment: S.comment(core, repo, c),
  });
  return c;
}

export function editComment(core: SimCore, repo: Repo, c: IssueComment, actor: string, body: string): IssueComment {
  if (body === undefined || body === null) throw missingField("body");
  checkBodyLength(body, "IssueComment");
  const from = c.body;
  const now = core.now();
  c.body = String(body);
  c.updatedAt = now;
  c.lastEditedAt = now;
  c.lastEditedBy = actor;
  const issue = requireIssue(repo, c.issueNumber);
  core.emit("issue_comment", repo, actor, {
    action: "edited",
    changes: { body: { from } },
    issue: S.issue(core, repo, issue),
    comment: S.comment(core, repo, c),
  });
  return c;
}

export function deleteComment(core: SimCore, repo: Repo, c: IssueComment, actor: string): void {
  const issue = requireIssue(repo, c.issueNumber);
  const snapshot = S.comment(core, repo, c);
  c.deleted = true;
  core.emit("issue_comment", repo, actor, { action: "deleted", issue: S.issue(core, repo, issue), comment: snapshot });
}

/** Deletes an issue (issues.deleted); its number is not used again, and its comments go with it. */
export function deleteIssue(core: SimCore, repo: Repo, issue: Issue, actor: string): void {
  if (issue.isPull) throw new ApiError(404, "Not Found");
  const snapshot = S.issue(core, repo, issue);
  for (const c of core.store.commentsOf(repo, issue.number)) c.deleted = true;
  repo.issues.delete(issue.number);
  repo.deletedIssues.add(issue.number);
  core.emit("issues", repo, actor, { action: "deleted", issue: snapshot });
}

export function createMilestone(
  core: SimCore,
  repo: Repo,
  actor: string,
  input: { title: string; state?: "open" | "closed"; description?: string | null; due_on?: string | null },
): Milestone {
  if (!input.title) throw missingField("title");
  for (const m of repo.milestones.values()) {
    if (m.title === input.title)
      throw validationFailed([{ resource: "Milestone", code: "already_exists", field: "title" }]);
  }
  const now = core.now();
  const id = core.store.ids.take("milestone");
  const m: Milestone = {
    id,
    nodeId: nodeId("MI", id),
    number: repo.nextMilestoneNumber++,
    title: input.title,
    description: input.description ?? null,
    state: input.state ?? "open",
    creator: actor,
    dueOn: input.due_on ?? null,
    createdAt: now,
    updatedAt: now,
    closedAt: input.state === "closed" ? now : null,
  };
  repo.milestones.set(m.number, m);
  core.emit("milestone", repo, actor, { action: "created", milestone: S.milestone(core, repo, m) });
  return m;
}

export function updateMilestone(
  core: SimCore,
  repo: Repo,
  m: Milestone,
  actor: string,
  input: { title?: string; state?: "open" | "closed"; description?: string | null; due_on?: string | null },
): Milestone {
  const now = core.now();
  const changes: Record<string, { from: unknown }> = {};
  if (input.title !== undefined && input.title !== m.title) {
    changes["title"] = { from: m.title };
    m.title = input.title;
  }
  if (input.description !== undefined && input.description !== m.description) {
    changes["description"] = { from: m.description };
    m.description = input.description;
  }
  if (input.due_on !== undefined && input.due_on !== m.dueOn) {
    changes["due_on"] = { from: m.dueOn };
    m.dueOn = input.due_on;
  }
  if (Object.keys(changes).length) {
    m.updatedAt = now;
    core.emit("milestone", repo, actor, { action: "edited", changes, milestone: S.milestone(core, repo, m) });
  }
  if (input.state !== undefined && input.state !== m.state) {
    m.state = input.state;
    m.updatedAt = now;
    m.closedAt = input.state === "closed" ? now : null;
    core.emit("milestone", repo, actor, {
      action: input.state === "closed" ? "closed" : "opened",
      milestone: S.milestone(core, repo, m),
    });
  }
  return m;
}

/** Adds a reaction; returns it and whether it was newly created (GitHub answers 200 for an existing one). */
export function addReaction(
  core: SimCore,
  list: Reaction[],
  actor: string,
  content: string,
): { reaction: Reaction; created: boolean } {
  if (!REACTIONS.includes(content as ReactionContent)) {
    throw validationFailed([{ resource: "Reaction", code: "invalid", field: "content" }]);
  }
  const existing = list.find((r) => r.user.toLowerCase() === actor.toLowerCase() && r.content === content);
  if (existing) return { reaction: existing, created: false };
  const id = core.store.ids.take("reaction");
  const reaction: Reaction = {
    id,
    nodeId: nodeId("REA", id),
    user: actor,
    content: content as ReactionContent,
    createdAt: core.now(),
  };
  list.push(reaction);
  return { reaction, created: true };
}
