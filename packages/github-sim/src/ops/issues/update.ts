import type { SimCore } from "../../core.js";
import { checkBodyLength, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, Repo } from "../../store/types.js";
import { recordEdit } from "./edits.js";
import { emitIssueEvent, recordEvent } from "./events.js";
import { setLabels } from "./labels.js";

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
  editText(core, repo, issue, actor, input, now);
  if (input.milestone !== undefined && input.milestone !== issue.milestone) {
    changeMilestone(core, repo, issue, actor, input.milestone, now);
  }
  if (input.labels !== undefined) setLabels(core, repo, issue, actor, input.labels);
  if (input.assignees !== undefined) {
    issue.assignees = [...input.assignees];
    issue.updatedAt = now;
  }
  if (input.state !== undefined && input.state !== issue.state) changeState(core, repo, issue, actor, input, now);
  return issue;
}

/** A new title or body: one "edited" event listing both changes; a body edit is kept as a revision. */
function editText(core: SimCore, repo: Repo, issue: Issue, actor: string, input: UpdateIssueInput, now: string): void {
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
}

function changeMilestone(
  core: SimCore,
  repo: Repo,
  issue: Issue,
  actor: string,
  milestone: number | null,
  now: string,
): void {
  if (milestone !== null && !repo.milestones.has(milestone)) {
    throw validationFailed([{ value: milestone, resource: "Issue", field: "milestone", code: "invalid" }]);
  }
  const prev = issue.milestone;
  issue.milestone = milestone;
  issue.updatedAt = now;
  if (milestone === null && prev !== null) {
    emitIssueEvent(core, repo, issue, actor, "demilestoned", {
      milestone: S.milestone(core, repo, repo.milestones.get(prev)!),
    });
  } else if (milestone !== null) {
    emitIssueEvent(core, repo, issue, actor, "milestoned", {
      milestone: S.milestone(core, repo, repo.milestones.get(milestone)!),
    });
  }
}

function changeState(
  core: SimCore,
  repo: Repo,
  issue: Issue,
  actor: string,
  input: UpdateIssueInput,
  now: string,
): void {
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
