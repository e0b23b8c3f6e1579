import type { SimCore } from "../../core.js";
import { mergeabilityComputed } from "../../mergeability.js";
import { entryOf } from "../../ops/merge-queue.js";
import { mergeStateStatus, reviewDecision } from "../../ops/protection.js";
import { mergeability } from "../../store/queries.js";
import type { BodyEdit, Issue, PullRequest, Repo, Review } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

function issueCommon(core: SimCore, repo: Repo, i: Issue, kind: "issues" | "pull"): View {
  const url = `${core.urls.html}/${repo.fullName}/${kind}/${i.number}`;
  return {
    databaseId: i.id,
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    closed: i.state === "closed",
    closedAt: i.closedAt,
    locked: i.locked,
    url,
    resourcePath: `/${repo.fullName}/${kind}/${i.number}`,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    lastEditedAt: i.lastEditedAt,
    author: () => views.actorView(core, i.user),
    editor: () => views.actorView(core, i.lastEditedBy),
    repository: () => views.repoView(core, repo),
    labels: views.labelsOf(core, repo, i.labels),
    milestone: () => {
      const m = i.milestone !== null ? repo.milestones.get(i.milestone) : undefined;
      return m ? views.milestoneView(core, repo, m) : null;
    },
    assignees: (args: ConnectionArgs) => connection(i.assignees, args, (a) => views.actorView(core, a)),
    comments: (args: ConnectionArgs, ctx: { viewer?: string }) =>
      connection(core.store.commentsOf(repo, i.number), args, (c) => views.commentView(core, repo, c, ctx?.viewer)),
    timelineItems: views.timelineOf(core, repo, i),
  };
}

export function issueView(core: SimCore, repo: Repo, i: Issue): View {
  return {
    __typename: "Issue",
    id: i.nodeId,
    state: i.state.toUpperCase(),
    stateReason: i.stateReason ? i.stateReason.toUpperCase() : null,
    ...issueCommon(core, repo, i, "issues"),
    includesCreatedEdit: i.edits.length > 0,
    // Newest first, as GitHub lists a body's edit history.
    userContentEdits: (args: ConnectionArgs) => connection([...i.edits].reverse(), args, (e) => editView(core, e)),
  };
}

function reviewView(core: SimCore, repo: Repo, r: Review): View {
  return {
    __typename: "PullRequestReview",
    id: r.nodeId,
    databaseId: r.id,
    state: r.state,
    body: r.body,
    submittedAt: r.submittedAt,
    author: () => views.actorView(core, r.user),
    commit: () => {
      const c = repo.git.commit(r.commitId);
      return c ? views.commitView(core, repo, c) : null;
    },
    url: `${core.urls.html}/${repo.fullName}/pull/${r.pullNumber}#pullrequestreview-${r.id}`,
  };
}

export function pullView(core: SimCore, repo: Repo, number: number): View | null {
  const pr = repo.pulls.get(number);
  const i = repo.issues.get(number);
  if (!pr || !i) return null;
  const state = pr.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED";
  const computed = () => mergeabilityComputed(core, repo, pr);
  return {
    __typename: "PullRequest",
    id: pr.nodeId,
    ...issueCommon(core, repo, i, "pull"),
    databaseId: pr.id,
    state,
    merged: pr.merged,
    mergedAt: pr.mergedAt,
    mergedBy: () => views.actorView(core, pr.mergedBy),
    mergeable: () =>
      state !== "OPEN" || !computed() ? "UNKNOWN" : mergeability(repo, pr).mergeable ? "MERGEABLE" : "CONFLICTING",
    isDraft: pr.draft,
    permalink: `${core.urls.html}/${repo.fullName}/pull/${number}`,
    headRefName: pr.headRef,
    headRefOid: pr.headSha,
    headRef: () => views.refView(core, repo, `refs/heads/${pr.headRef}`),
    baseRefName: pr.baseRef,
    baseRefOid: pr.baseSha,
    baseRef: () => views.refView(core, repo, `refs/heads/${pr.baseRef}`),
    mergeCommit: () => {
      const c = pr.mergeCommitSha ? repo.git.commit(pr.mergeCommitSha) : undefined;
      return c ? views.commitView(core, repo, c) : null;
    },
    reviewDecision: () => reviewDecision(core, repo, pr),
    mergeStateStatus: () => (computed() ? mergeStateStatus(core, repo, pr, state === "OPEN") : "UNKNOWN"),
    isInMergeQueue: () => !!entryOf(repo, pr),
    mergeQueueEntry: () => {
      const e = entryOf(repo, pr);
      return e ? views.mergeQueueEntryView(core, repo, e) : null;
    },
    reviews: reviewsOf(core, repo, number),
    commits: commitsOf(core, repo, pr),
  };
}

function reviewsOf(core: SimCore, repo: Repo, number: number) {
  const reviews = () => repo.reviews.filter((r) => r.pullNumber === number);
  return (args: ConnectionArgs & { states?: string[]; author?: string }) =>
    connection(
      reviews().filter(
        (r) =>
          (!args.states?.length || args.states.includes(r.state)) &&
          (!args.author || r.user.toLowerCase() === args.author.toLowerCase()),
      ),
      args,
      (r) => reviewView(core, repo, r),
    );
}

function commitsOf(core: SimCore, repo: Repo, pr: PullRequest) {
  return (args: ConnectionArgs) => {
    const base = pr.merged ? (repo.git.commit(pr.mergeCommitSha ?? "")?.parents[0] ?? pr.baseSha) : pr.baseSha;
    const list = repo.git.log(pr.headSha, base).reverse();
    return connection(list, args, (c) => ({
      __typename: "PullRequestCommit",
      id: nodeId("PURC", `${pr.id}:${c.sha}`),
      commit: views.commitView(core, repo, c),
      url: `${core.urls.html}/${repo.fullName}/pull/${pr.number}/commits/${c.sha}`,
      pullRequest: () => pullView(core, repo, pr.number),
    }));
  };
}

function editView(core: SimCore, e: BodyEdit): View {
  return {
    __typename: "UserContentEdit",
    id: e.nodeId,
    createdAt: e.editedAt,
    updatedAt: e.deletedAt ?? e.editedAt,
    editedAt: e.editedAt,
    editor: () => views.actorView(core, e.editor),
    diff: e.body,
    deletedAt: e.deletedAt,
    deletedBy: () => views.actorView(core, e.deletedBy),
  };
}
