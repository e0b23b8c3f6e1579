import type { SimCore } from "../../core.js";
import { mergeability } from "../../store/queries.js";
import type {
  BodyEdit,
  Issue,
  IssueComment,
  Label,
  Milestone,
  Reaction,
  Repo,
  Review,
  TimelineEvent,
} from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { connection, type ConnectionArgs } from "../connection.js";
import { actorView, type View } from "./actors.js";
import { commitView, refView } from "./git.js";
import { repoView } from "./repo.js";
import { entryOf } from "../../ops/merge-queue.js";
import { mergeabilityComputed } from "../../mergeability.js";
import { mergeStateStatus, reviewDecision } from "../../ops/protection.js";
import { mergeQueueEntryView, removedFromQueueView } from "./protection.js";

export function labelView(core: SimCore, repo: Repo, l: Label): View {
  return {
    __typename: "Label",
    id: l.nodeId,
    name: l.name,
    color: l.color,
    description: l.description,
    isDefault: l.default,
    url: `${core.urls.html}/${repo.fullName}/labels/${encodeURIComponent(l.name)}`,
    createdAt: l.createdAt,
  };
}

function labelsOf(core: SimCore, repo: Repo, names: string[]) {
  return (args: ConnectionArgs) =>
    connection(
      names.map((n) => repo.labels.get(n.toLowerCase())).filter((l): l is Label => !!l),
      args,
      (l) => labelView(core, repo, l),
    );
}

export function milestoneView(core: SimCore, repo: Repo, m: Milestone): View {
  const issues = [...repo.issues.values()].filter((i) => i.milestone === m.number && !i.isPull);
  const closed = issues.filter((i) => i.state === "closed").length;
  return {
    __typename: "Milestone",
    id: m.nodeId,
    number: m.number,
    title: m.title,
    description: m.description,
    state: m.state.toUpperCase(),
    closed: m.state === "closed",
    closedAt: m.closedAt,
    dueOn: m.dueOn,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    url: `${core.urls.html}/${repo.fullName}/milestone/${m.number}`,
    progressPercentage: issues.length ? (closed / issues.length) * 100 : 0,
    issues: (args: ConnectionArgs & { states?: string[] }) =>
      connection(
        issues
          .filter((i) => !args.states?.length || args.states.includes(i.state.toUpperCase()))
          .sort((a, b) => a.number - b.number),
        args,
        (i) => issueView(core, repo, i),
      ),
  };
}

export function commentView(core: SimCore, repo: Repo, c: IssueComment, viewer?: string): View {
  const issue = repo.issues.get(c.issueNumber);
  return {
    __typename: "IssueComment",
    id: c.nodeId,
    databaseId: c.id,
    body: c.body,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    lastEditedAt: c.lastEditedAt,
    url: `${core.urls.html}/${repo.fullName}/${issue?.isPull ? "pull" : "issues"}/${c.issueNumber}#issuecomment-${c.id}`,
    resourcePath: `/${repo.fullName}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    author: () => actorView(core, c.user),
    editor: () => actorView(core, c.lastEditedBy),
    viewerDidAuthor: viewer !== undefined && viewer.toLowerCase() === c.user.toLowerCase(),
    isMinimized: false,
    issue: () => (issue ? issueView(core, repo, issue) : null),
    reactionGroups: () => reactionGroups(c.reactions, viewer),
  };
}

/** GraphQL's names for REST's reaction contents, in GitHub's order. */
const REACTION_CONTENTS = {
  "+1": "THUMBS_UP",
  "-1": "THUMBS_DOWN",
  laugh: "LAUGH",
  hooray: "HOORAY",
  confused: "CONFUSED",
  heart: "HEART",
  rocket: "ROCKET",
  eyes: "EYES",
} as const;

/** Like GitHub: one group per content, also for contents nobody reacted with. */
function reactionGroups(reactions: readonly Reaction[], viewer?: string): View[] {
  return Object.entries(REACTION_CONTENTS).map(([rest, content]) => {
    const mine = reactions.filter((r) => r.content === rest);
    return {
      __typename: "ReactionGroup",
      content,
      createdAt: mine[0]?.createdAt ?? null,
      viewerHasReacted: viewer !== undefined && mine.some((r) => r.user.toLowerCase() === viewer.toLowerCase()),
    };
  });
}

function editView(core: SimCore, e: BodyEdit): View {
  return {
    __typename: "UserContentEdit",
    id: e.nodeId,
    createdAt: e.editedAt,
    updatedAt: e.deletedAt ?? e.editedAt,
    editedAt: e.editedAt,
    editor: () => actorView(core, e.editor),
    diff: e.body,
    deletedAt: e.deletedAt,
    deletedBy: () => actorView(core, e.deletedBy),
  };
}

const ITEM_TYPES: Record<TimelineEvent["type"], string> = {
  LabeledEvent: "LABELED_EVENT",
  UnlabeledEvent: "UNLABELED_EVENT",
  ClosedEvent: "CLOSED_EVENT",
  ReopenedEvent: "REOPENED_EVENT",
};

function eventView(core: SimCore, repo: Repo, i: Issue, e: TimelineEvent): View {
  const label = e.label
    ? (repo.labels.get(e.label.toLowerCase()) ?? {
        id: 0,
        nodeId: nodeId("LA", e.label),
        name: e.label,
        color: "ededed",
        description: null,
        default: false,
        createdAt: e.createdAt,
      })
    : null;
  return {
    __typename: e.type,
    id: e.nodeId,
    actor: () => actorView(core, e.actor),
    createdAt: e.createdAt,
    label: label ? () => labelView(core, repo, label) : null,
    stateReason: e.stateReason ? e.stateReason.toUpperCase() : null,
    url: `${core.urls.html}/${repo.fullName}/${i.isPull ? "pull" : "issues"}/${i.number}#event-${e.id}`,
  };
}

/**
 * GitHub's timeline: oldest first, optionally only some kinds of item, from `since` on,
 * after skipping `skip`. A pull request's also holds its merge-queue removals.
 */
function timelineOf(core: SimCore, repo: Repo, i: Issue) {
  return (args: ConnectionArgs & { itemTypes?: string[]; since?: string; skip?: number }) => {
    const events = i.timeline.map((e) => ({
      type: ITEM_TYPES[e.type],
      at: e.createdAt,
      view: () => eventView(core, repo, i, e),
    }));
    const removals = i.isPull
      ? repo.protection.removals
          .filter((r) => r.pullNumber === i.number)
          .map((r) => ({
            type: "REMOVED_FROM_MERGE_QUEUE_EVENT",
            at: r.at,
            view: () => removedFromQueueView(core, repo, r),
          }))
      : [];
    const since = args.since ? Date.parse(args.since) : null;
    const all = [...events, ...removals]
      .filter((e) => since === null || Date.parse(e.at) >= since)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const items = all.filter((e) => !args.itemTypes?.length || args.itemTypes.includes(e.type)).slice(args.skip ?? 0);
    return {
      ...connection(items, args, (e) => e.view()),
      filteredCount: items.length,
      totalCount: all.length,
      pageCount: items.length,
      updatedAt: i.updatedAt,
    };
  };
}

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
    author: () => actorView(core, i.user),
    editor: () => actorView(core, i.lastEditedBy),
    repository: () => repoView(core, repo),
    labels: labelsOf(core, repo, i.labels),
    milestone: () => {
      const m = i.milestone !== null ? repo.milestones.get(i.milestone) : undefined;
      return m ? milestoneView(core, repo, m) : null;
    },
    assignees: (args: ConnectionArgs) => connection(i.assignees, args, (a) => actorView(core, a)),
    comments: (args: ConnectionArgs, ctx: { viewer?: string }) =>
      connection(core.store.commentsOf(repo, i.number), args, (c) => commentView(core, repo, c, ctx?.viewer)),
    timelineItems: timelineOf(core, repo, i),
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
    author: () => actorView(core, r.user),
    commit: () => {
      const c = repo.git.commit(r.commitId);
      return c ? commitView(core, repo, c) : null;
    },
    url: `${core.urls.html}/${repo.fullName}/pull/${r.pullNumber}#pullrequestreview-${r.id}`,
  };
}

export function pullView(core: SimCore, repo: Repo, number: number): View | null {
  const pr = repo.pulls.get(number);
  const i = repo.issues.get(number);
  if (!pr || !i) return null;
  const state = pr.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED";
  const reviews = () => repo.reviews.filter((r) => r.pullNumber === number);
  const computed = () => mergeabilityComputed(core, repo, pr);
  return {
    __typename: "PullRequest",
    id: pr.nodeId,
    ...issueCommon(core, repo, i, "pull"),
    databaseId: pr.id,
    state,
    merged: pr.merged,
    mergedAt: pr.mergedAt,
    mergedBy: () => actorView(core, pr.mergedBy),
    mergeable: () =>
      state !== "OPEN" || !computed() ? "UNKNOWN" : mergeability(repo, pr).mergeable ? "MERGEABLE" : "CONFLICTING",
    isDraft: pr.draft,
    permalink: `${core.urls.html}/${repo.fullName}/pull/${number}`,
    headRefName: pr.headRef,
    headRefOid: pr.headSha,
    headRef: () => refView(core, repo, `refs/heads/${pr.headRef}`),
    baseRefName: pr.baseRef,
    baseRefOid: pr.baseSha,
    baseRef: () => refView(core, repo, `refs/heads/${pr.baseRef}`),
    mergeCommit: () => {
      const c = pr.mergeCommitSha ? repo.git.commit(pr.mergeCommitSha) : undefined;
      return c ? commitView(core, repo, c) : null;
    },
    reviewDecision: () => reviewDecision(core, repo, pr),
    mergeStateStatus: () => (computed() ? mergeStateStatus(core, repo, pr, state === "OPEN") : "UNKNOWN"),
    isInMergeQueue: () => !!entryOf(repo, pr),
    mergeQueueEntry: () => {
      const e = entryOf(repo, pr);
      return e ? mergeQueueEntryView(core, repo, e) : null;
    },
    reviews: (args: ConnectionArgs & { states?: string[]; author?: string }) =>
      connection(
        reviews().filter(
          (r) =>
            (!args.states?.length || args.states.includes(r.state)) &&
            (!args.author || r.user.toLowerCase() === args.author.toLowerCase()),
        ),
        args,
        (r) => reviewView(core, repo, r),
      ),
    commits: (args: ConnectionArgs) => {
      const base = pr.merged ? (repo.git.commit(pr.mergeCommitSha ?? "")?.parents[0] ?? pr.baseSha) : pr.baseSha;
      const list = repo.git.log(pr.headSha, base).reverse();
      return connection(list, args, (c) => ({
        __typename: "PullRequestCommit",
        id: nodeId("PURC", `${pr.id}:${c.sha}`),
        commit: commitView(core, repo, c),
        url: `${core.urls.html}/${repo.fullName}/pull/${number}/commits/${c.sha}`,
        pullRequest: () => pullView(core, repo, number),
      }));
    },
  };
}
