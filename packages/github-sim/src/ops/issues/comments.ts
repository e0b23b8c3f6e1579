import type { SimCore } from "../../core.js";
import { checkBodyLength, missingField } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, IssueComment, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { requireIssue } from "./require-issue.js";

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
