// Pull requests as GitHub answers them: the release PRs (state, merge queue, reviews)
// and the other open PRs the freeze watches.
import type {
  MergeStateStatus,
  OpenPullObservation,
  PullRequestObservation,
  ReviewDecision,
} from "../../train/model/repo-observation.js";
import { actorLogin } from "./graphql.js";

/** A release PR, as read for the train's release branch. */
export interface GqlPull {
  number: number;
  title: string;
  url: string;
  state: PullRequestObservation["state"];
  mergeable: PullRequestObservation["mergeable"];
  headRefOid: string;
  mergeCommit: { oid: string } | null;
  labels: { nodes: Array<{ name: string }> };
  id?: string;
  mergeStateStatus?: MergeStateStatus;
  reviewDecision?: ReviewDecision;
  mergeQueueEntry?: { state: string; enqueuedAt: string } | null;
  timelineItems?: { nodes: Array<{ reason?: string | null; createdAt?: string } | null> };
  reviews?: {
    nodes: Array<{
      state: string;
      submittedAt: string | null;
      author: { __typename: string; login: string } | null;
      commit: { oid: string } | null;
    } | null>;
  } | null;
}

/** An open PR (any base): its labels, who labelled it hotfix, and the freeze status on its head. */
export interface GqlOpenPull {
  number: number;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  labels: { nodes: Array<{ name: string }> };
  labelEvents?: {
    nodes: Array<{ actor?: { __typename: string; login: string } | null; label?: { name: string } } | null>;
  };
  commits: {
    nodes: Array<{ commit: { status: { context: { state: string; targetUrl: string | null } | null } | null } }>;
  };
}

export function toPull(pr: GqlPull): PullRequestObservation {
  const removal = pr.timelineItems?.nodes.find((n) => n?.reason !== undefined && n?.createdAt) ?? null;
  // Latest approving or change-requesting review per reviewer.
  const latest = new Map<string, NonNullable<PullRequestObservation["reviews"]>[number]>();
  for (const r of pr.reviews?.nodes ?? []) {
    const author = actorLogin(r?.author);
    if (!r || !author || (r.state !== "APPROVED" && r.state !== "CHANGES_REQUESTED")) continue;
    latest.set(author.toLowerCase(), {
      author,
      state: r.state,
      commitOid: r.commit?.oid ?? null,
      at: r.submittedAt ?? "",
    });
  }
  return {
    number: pr.number,
    title: pr.title,
    url: pr.url,
    state: pr.state,
    mergeable: pr.mergeable,
    headOid: pr.headRefOid,
    mergeCommitOid: pr.mergeCommit?.oid ?? null,
    labels: pr.labels.nodes.map((l) => l.name),
    ...(pr.id ? { id: pr.id } : {}),
    ...(pr.mergeStateStatus ? { mergeStateStatus: pr.mergeStateStatus } : {}),
    ...(pr.reviewDecision !== undefined ? { reviewDecision: pr.reviewDecision } : {}),
    ...(pr.mergeQueueEntry !== undefined ? { queue: pr.mergeQueueEntry } : {}),
    ...(pr.timelineItems
      ? {
          removedFromQueue: removal
            ? { reason: removal.reason ?? "removed from the merge queue", at: removal.createdAt! }
            : null,
        }
      : {}),
    ...(pr.reviews ? { reviews: [...latest.values()] } : {}),
  };
}

export function toOpenPull(p: GqlOpenPull): OpenPullObservation {
  return {
    number: p.number,
    headRef: p.headRefName,
    headOid: p.headRefOid,
    baseRef: p.baseRefName,
    labels: p.labels.nodes.map((l) => l.name),
    hotfixBy: actorLogin(
      (p.labelEvents?.nodes ?? []).filter((e) => e?.label?.name.toLowerCase() === "hotfix").at(-1)?.actor,
    ),
    freeze: (p.commits.nodes[0]?.commit.status?.context?.state.toLowerCase() ?? null) as OpenPullObservation["freeze"],
    freezeTarget: p.commits.nodes[0]?.commit.status?.context?.targetUrl ?? null,
  };
}
