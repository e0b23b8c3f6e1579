import type { SimCore } from "../../core.js";
import { checkBodyLength, missingField, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { emitIssueEvent, recordEvent } from "./events.js";
import { ensureLabel } from "./labels.js";

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
  const issue = newIssue(repo, id, now, {
    title: String(input.title),
    body: input.body ?? null,
    user: actor,
    labels: [...new Set(labels)],
    milestone: input.milestone ?? null,
    assignees: input.assignees ?? [],
    isPull: false,
  });
  repo.issues.set(issue.number, issue);
  emitOpened(core, repo, issue, actor);
  return issue;
}

/** A new open issue's record; a pull request has one too (GitHub numbers both from one sequence). */
export function newIssue(
  repo: Repo,
  id: number,
  now: string,
  fields: Pick<Issue, "title" | "body" | "user" | "labels" | "milestone" | "assignees" | "isPull">,
): Issue {
  const { title, body, user, labels, milestone, assignees, isPull } = fields;
  return {
    id,
    nodeId: nodeId("I", id),
    number: repo.nextNumber++,
    title,
    body,
    user,
    state: "open",
    stateReason: null,
    labels,
    milestone,
    assignees,
    locked: false,
    isPull,
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
}

/** "opened", then one "labeled" per label and "milestoned", as GitHub sends them for a new issue. */
function emitOpened(core: SimCore, repo: Repo, issue: Issue, actor: string): void {
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
}
