import type { SimCore } from "../core.js";
import { mergeability } from "../store/queries.js";
import { mergeabilityComputed } from "../mergeability.js";
import type { Issue, Label, PullRequest, Repo, Review } from "../store/types.js";
import { user } from "./accounts.js";
import { authorAssociation, label, milestone } from "./issues.js";
import { repository } from "./repos.js";

function branchRef(core: SimCore, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  return { label: `${repo.owner}:${ref}`, ref, sha, user: user(core, repo.owner), repo: repository(core, repo) };
}

/** Pull request object; `full` adds the fields only present on single-PR responses and webhooks. */
export function pull(
  core: SimCore,
  repo: Repo,
  i: Issue,
  pr: PullRequest,
  opts: { full?: boolean; read?: boolean } = {},
): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const html = `${core.urls.html}/${repo.fullName}/pull/${i.number}`;
  const labels = i.labels.map((n) => repo.labels.get(n.toLowerCase())).filter((l): l is Label => !!l);
  const ms = i.milestone !== null ? repo.milestones.get(i.milestone) : undefined;
  const state = i.state;
  const out: Record<string, unknown> = {
    url: `${api}/pulls/${i.number}`,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${i.number}`,
    number: i.number,
    state,
    locked: i.locked,
    title: i.title,
    user: user(core, i.user),
    body: i.body,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: i.assignees[0] ? user(core, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => user(core, a)),
    requested_reviewers: repo.protection.reviewRequests
      .filter((r) => r.pullNumber === i.number && !r.team)
      .map((r) => user(core, r.reviewer)),
    requested_teams: repo.protection.reviewRequests
      .filter((r) => r.pullNumber === i.number && r.team)
      .map((r) => ({ slug: r.reviewer.split("/")[1], name: r.reviewer.split("/")[1] })),
    labels: labels.map((l) => label(core, repo, l)),
    milestone: ms ? milestone(core, repo, ms) : null,
    draft: pr.draft,
    commits_url: `${api}/pulls/${i.number}/commits`,
    review_comments_url: `${api}/pulls/${i.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    head: branchRef(core, repo, pr.headRef, pr.headSha),
    base: branchRef(core, repo, pr.baseRef, pr.baseSha),
    _links: {
      self: { href: `${api}/pulls/${i.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${i.number}` },
      comments: { href: `${api}/issues/${i.number}/comments` },
      review_comments: { href: `${api}/pulls/${i.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${i.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: authorAssociation(core, repo, i.user),
    auto_merge: null,
    active_lock_reason: null,
  };
  if (opts.full) {
    const m =
      pr.merged || i.state === "closed" || !mergeabilityComputed(core, repo, pr, opts.read === true)
        ? null
        : mergeability(repo, pr);
    const commits = pr.merged ? [] : repo.git.log(pr.headSha, pr.baseSha);
    const base = pr.merged ? undefined : repo.git.mergeBase(pr.baseSha, pr.headSha);
    const diff = repo.git.diff(
      base ? repo.git.commit(base)?.files : undefined,
      repo.git.commit(pr.headSha)?.files ?? new Map(),
    );
    out["merged"] = pr.merged;
    out["mergeable"] = m ? m.mergeable : null;
    out["rebaseable"] = m ? m.mergeable : null;
    out["mergeable_state"] = m ? m.mergeableState : "unknown";
    out["merged_by"] = pr.mergedBy ? user(core, pr.mergedBy) : null;
    out["comments"] = core.store.commentsOf(repo, i.number).length;
    out["review_comments"] = 0;
    out["maintainer_can_modify"] = pr.maintainerCanModify;
    out["commits"] = commits.length;
    out["additions"] = 0;
    out["deletions"] = 0;
    out["changed_files"] = diff.length;
  }
  return out;
}

export function review(core: SimCore, repo: Repo, r: Review): Record<string, unknown> {
  const html = `${core.urls.html}/${repo.fullName}/pull/${r.pullNumber}#pullrequestreview-${r.id}`;
  return {
    id: r.id,
    node_id: r.nodeId,
    user: user(core, r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: `${core.urls.api}/repos/${repo.fullName}/pulls/${r.pullNumber}`,
    author_association: authorAssociation(core, repo, r.user),
    _links: {
      html: { href: html },
      pull_request: { href: `${core.urls.api}/repos/${repo.fullName}/pulls/${r.pullNumber}` },
    },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
  };
}
