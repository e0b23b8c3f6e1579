// The tracking issue as GitHub answers it: its body, labels, milestone, events, body
// revisions and every comment (read on in pages past the first).
import type {
  BodyRevision,
  CommentObservation,
  IssueEvent,
  IssueObservation,
} from "../../train/model/issue-observation.js";
import { MORE_COMMENTS } from "../queries.js";
import { actorLogin, type GqlActor, type GqlConnection, type GraphQL } from "./graphql.js";

interface GqlComment {
  databaseId: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  author: { __typename: string; login: string } | null;
  lastEditedAt?: string | null;
  editor?: { __typename: string; login: string } | null;
  reactionGroups?: Array<{ content: string; viewerHasReacted: boolean }> | null;
}
export interface GqlRevision {
  editedAt: string;
  editor: GqlActor;
  diff?: string | null;
  deletedAt: string | null;
  deletedBy?: GqlActor;
}
interface GqlEvent {
  __typename: string;
  createdAt: string;
  actor: GqlActor;
  label?: { name: string };
}
export interface GqlIssue {
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  url: string;
  lastEditedAt: string | null;
  createdAt: string;
  revisions: { totalCount: number; nodes: GqlRevision[] } | null;
  events: { pageInfo: { hasPreviousPage: boolean }; nodes: Array<GqlEvent | null> };
  author: GqlActor | null;
  editor: { __typename: string; login: string } | null;
  milestone: { title: string; number: number; state: "OPEN" | "CLOSED" } | null;
  labels: { nodes: Array<{ name: string }> };
  comments: GqlConnection<GqlComment>;
}

/** The issue with all its comments: the pages after the first are read one by one. */
export async function readIssue(
  graphql: GraphQL,
  req: { owner: string; repo: string; issue: number },
  gqlIssue: GqlIssue,
): Promise<IssueObservation> {
  const comments = gqlIssue.comments.nodes.map(toComment);
  let page = gqlIssue.comments.pageInfo;
  while (page.hasNextPage && page.endCursor) {
    const more = await graphql<{ repository: { issue: { comments: GqlConnection<GqlComment> } } }>(MORE_COMMENTS, {
      owner: req.owner,
      repo: req.repo,
      issue: req.issue,
      after: page.endCursor,
    });
    comments.push(...more.repository.issue.comments.nodes.map(toComment));
    page = more.repository.issue.comments.pageInfo;
  }
  return {
    number: gqlIssue.number,
    title: gqlIssue.title,
    body: gqlIssue.body,
    state: gqlIssue.state,
    url: gqlIssue.url,
    milestoneTitle: gqlIssue.milestone?.title ?? null,
    milestone: gqlIssue.milestone ? { number: gqlIssue.milestone.number, state: gqlIssue.milestone.state } : null,
    labels: gqlIssue.labels.nodes.map((l) => l.name),
    author: actorLogin(gqlIssue.author) ?? "ghost",
    lastEditor: gqlIssue.lastEditedAt ? actorLogin(gqlIssue.editor) : null,
    lastEditedAt: gqlIssue.lastEditedAt,
    comments,
    createdAt: gqlIssue.createdAt,
    revisions: {
      total: gqlIssue.revisions?.totalCount ?? 0,
      newest: (gqlIssue.revisions?.nodes ?? []).map(toRevision),
    },
    edits: [],
    events: toEvents(gqlIssue.events.nodes),
    eventsComplete: !gqlIssue.events.pageInfo.hasPreviousPage,
  };
}

function toComment(c: GqlComment): CommentObservation {
  return {
    id: c.databaseId,
    author: actorLogin(c.author) ?? "ghost",
    authorIsBot: c.author?.__typename === "Bot" || (c.author?.login ?? "").endsWith("[bot]"),
    body: c.body,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    url: c.url,
    editor: c.lastEditedAt ? actorLogin(c.editor) : null,
    editedAt: c.lastEditedAt ?? null,
    appReactions: (c.reactionGroups ?? [])
      .filter((g) => g.viewerHasReacted)
      .map((g) => REST_REACTION[g.content] ?? g.content),
  };
}

/** REST's names for GraphQL's reaction contents. */
const REST_REACTION: Record<string, string> = {
  THUMBS_UP: "+1",
  THUMBS_DOWN: "-1",
  LAUGH: "laugh",
  HOORAY: "hooray",
  CONFUSED: "confused",
  HEART: "heart",
  ROCKET: "rocket",
  EYES: "eyes",
};

export function toRevision(r: GqlRevision): BodyRevision {
  return {
    editor: actorLogin(r.editor),
    editedAt: r.editedAt,
    body: r.deletedAt ? null : (r.diff ?? null),
    deletedBy: actorLogin(r.deletedBy),
  };
}

const EVENT_KINDS: Record<string, IssueEvent["kind"]> = {
  LabeledEvent: "labeled",
  UnlabeledEvent: "unlabeled",
  ClosedEvent: "closed",
  ReopenedEvent: "reopened",
};

function toEvents(nodes: Array<GqlEvent | null>): IssueEvent[] {
  return nodes.flatMap((e) => {
    const kind = e && EVENT_KINDS[e.__typename];
    return e && kind ? [{ kind, actor: actorLogin(e.actor), at: e.createdAt, label: e.label?.name ?? null }] : [];
  });
}
