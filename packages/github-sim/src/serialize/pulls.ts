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

/** The pull request's identity, text, dates and merge result. */
function pullSummary(core: SimCore, repo: Repo, i: Issue, pr: PullRequest): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const html = `${core.urls.html}/${repo.fullName}/pull/${i.number}`;
  return {
    url: `${api}/pulls/${i.number}`,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    locked: i.locked,
    title: i.title,
    user: user(core, i.user),
    body: i.body,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
  };
}

/** Assignees, requested reviewers (people and teams), labels and milestone. */
function pullAssignments(core: SimCore, repo: Repo, i: Issue): Record<string, unknown> {
  const labels = i.labels.map((n) => repo.labels.get(n.toLowerCase())).filter((l): l is Label => !!l);
  const ms = i.milestone !== null ? repo.milestones.get(i.milestone) : undefined;
  return {
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
  };
}

function pullUrls(api: string, i: Issue, pr: PullRequest): Record<string, unknown> {
  return {
    commits_url: `${api}/pulls/${i.number}/commits`,
    review_comments_url: `${api}/pulls/${i.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
  };
}

function pullLinks(api: string, html: string, i: Issue, pr: PullRequest): Record<string, unknown> {
  return {
    self: { href: `${api}/pulls/${i.number}` },
    html: { href: html },
    issue: { href: `${api}/issues/${i.number}` },
    comments: { href: `${api}/issues/${i.number}/comments` },
    review_comments: { href: `${api}/pulls/${i.number}/comments` },
    review_comment: { href: `${api}/pulls/comments{/number}` },
    commits: { href: `${api}/pulls/${i.number}/commits` },
    statuses: { href: `${api}/statuses/${pr.headSha}` },
  };
}

/** The fields only single-PR responses and webhooks carry: merge state, mergeability and counts. */
function pullDetails(core: SimCore, repo: Repo, i: Issue, pr: PullRequest, read: boolean): Record<string, unknown> {
  const m =
    pr.merged || i.state === "closed" || !mergeabilityComputed(core, repo, pr, read) ? null : mergeability(repo, pr);
  const commits = pr.merged ? [] : repo.git.log(pr.headSha, pr.baseSha);
  const base = pr.merged ? undefined : repo.git.mergeBase(pr.baseSha, pr.headSha);
  const diff = repo.git.diff(
    base ? repo.git.commit(base)?.files : undefined,
    repo.git.commit(pr.headSha)?.files ?? new Map(),
  );
  return {
    merged: pr.merged,
    mergeable: m ? m.mergeable : null,
    rebaseable: m ? m.mergeable : null,
    mergeable_state: m ? m.mergeableState : "unknown",
    merged_by: pr.mergedBy ? user(core, pr.mergedBy) : null,
    comments: core.store.commentsOf(repo, i.number).length,
    review_comments: 0,
    maintainer_can_modify: pr.maintainerCanModify,
    commits: commits.length,
    additions: 0,
    deletions: 0,
    changed_files: diff.length,
  };
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
  // Object.assign, not spreads: V8 spreads objects this big into one about fifty times slower.
  const out: Record<string, unknown> = Object.assign(
    pullSummary(core, repo, i, pr),
    pullAssignments(core, repo, i),
    { draft: pr.draft },
    pullUrls(api, i, pr),
    {
      head: branchRef(core, repo, pr.headRef, pr.headSha),
      base: branchRef(core, repo, pr.baseRef, pr.baseSha),
      _links: pullLinks(api, html, i, pr),
      author_association: authorAssociation(core, repo, i.user),
      auto_merge: null,
      active_lock_reason: null,
    },
  );
  if (opts.full) Object.assign(out, pullDetails(core, repo, i, pr, opts.read === true));
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
