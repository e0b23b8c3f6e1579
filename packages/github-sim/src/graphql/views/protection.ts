// GraphQL views of branch protection (Ref.refUpdateRule), the merge queue
// (Repository.mergeQueue, MergeQueueEntry) and RemovedFromMergeQueueEvent.
import type { SimCore } from "../../core.js";
import { entryState, queueEntries } from "../../ops/merge-queue.js";
import { classicAllowsPush, requirements } from "../../ops/protection.js";
import type { MergeQueueEntry, MergeQueueRemoval } from "../../store/protection.js";
import type { Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { GqlContext } from "../context.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

/** The classic protection rule of a branch as any reader sees it, with what the viewer may do. */
export function refUpdateRuleView(core: SimCore, repo: Repo, branch: string, ctx: GqlContext): View | null {
  const p = repo.protection.classic.get(branch);
  if (!p) return null;
  return {
    allowsDeletions: p.allowDeletions,
    allowsForcePushes: p.allowForcePushes,
    blocksCreations: p.blockCreations,
    pattern: p.branch,
    requiredApprovingReviewCount: p.requiredPullRequestReviews?.requiredApprovingReviewCount ?? null,
    requiredStatusCheckContexts: p.requiredStatusChecks?.contexts ?? [],
    requiresCodeOwnerReviews: p.requiredPullRequestReviews?.requireCodeOwnerReviews ?? false,
    requiresConversationResolution: false,
    requiresLinearHistory: p.requiredLinearHistory,
    requiresSignatures: p.requiredSignatures,
    viewerAllowedToDismissReviews: false,
    // Whether the push restrictions let the viewer push (and so merge); review rules are reported separately.
    viewerCanPush: classicAllowsPush(core, repo, branch, ctx.viewer, ctx.http.appId),
  };
}

export function mergeQueueView(core: SimCore, repo: Repo, branch: string): View | null {
  const req = requirements(repo, branch);
  if (!req.mergeQueue) return null;
  return {
    id: nodeId("MQ", `${repo.id}:${branch}`),
    url: `${core.urls.html}/${repo.fullName}/queue/${branch}`,
    configuration: {
      mergeMethod: req.mergeQueue.method,
      checkResponseTimeout: 60,
      maximumEntriesToBuild: 5,
      maximumEntriesToMerge: 5,
      minimumEntriesToMerge: 1,
      minimumEntriesToMergeWaitTime: 5,
      mergingStrategy: "ALLGREEN",
    },
    entries: (args: ConnectionArgs) =>
      connection(queueEntries(repo, branch), args, (e) => mergeQueueEntryView(core, repo, e)),
    nextEntryEstimatedTimeToMerge: null,
    repository: () => views.repoView(core, repo),
  };
}

export function mergeQueueEntryView(core: SimCore, repo: Repo, e: MergeQueueEntry): View {
  const base = repo.pulls.get(e.pullNumber)?.baseRef ?? repo.defaultBranch;
  const commit = (sha: string) => () => {
    const c = sha ? repo.git.commit(sha) : undefined;
    return c ? views.commitView(core, repo, c) : null;
  };
  return {
    id: e.nodeId,
    baseCommit: commit(e.baseSha),
    headCommit: commit(e.groupSha),
    enqueuedAt: e.enqueuedAt,
    enqueuer: () => views.actorView(core, e.enqueuer),
    estimatedTimeToMerge: null,
    jump: false,
    solo: false,
    position: queueEntries(repo, base).indexOf(e),
    state: () => entryState(repo, e),
    mergeQueue: () => mergeQueueView(core, repo, base),
    pullRequest: () => views.pullView(core, repo, e.pullNumber),
  };
}

export function removedFromQueueView(core: SimCore, repo: Repo, r: MergeQueueRemoval): View {
  return {
    __typename: "RemovedFromMergeQueueEvent",
    id: r.nodeId,
    actor: () => views.actorView(core, "github-merge-queue[bot]"),
    beforeCommit: () => {
      const c = repo.git.commit(r.headSha);
      return c ? views.commitView(core, repo, c) : null;
    },
    createdAt: r.at,
    enqueuer: () => views.actorView(core, r.enqueuer),
    reason: r.reason,
    pullRequest: () => views.pullView(core, repo, r.pullNumber),
    mergeQueue: () => mergeQueueView(core, repo, repo.pulls.get(r.pullNumber)?.baseRef ?? repo.defaultBranch),
  };
}
