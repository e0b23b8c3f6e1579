// The tracking issue body's history: its revisions with their text, read page by page
// from the newest (to find release-train's latest) or from the oldest (to find where it began).
import type { BodyRevision } from "../../train/model/issue-observation.js";
import { BODY_HISTORY, BODY_ORIGIN } from "../queries.js";
import type { GqlConnection, GraphQL } from "./graphql.js";
import { type GqlRevision, toRevision } from "./tracking-issue.js";

/** How many pages of the body's history are read at most to find release-train's latest revision and the ones people started from. */
const HISTORY_PAGES = 5;

/** The tracking issue body's revisions with their text, newest first: until one by release-train and `untilOlder` more are read. */
export async function observeHistory(
  graphql: GraphQL,
  req: { owner: string; repo: string; issue: number },
  isDone: (revisions: BodyRevision[]) => boolean,
): Promise<BodyRevision[]> {
  const revisions: BodyRevision[] = [];
  let after: string | null = null;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const data: { repository: { issue: { userContentEdits: GqlConnection<GqlRevision> | null } } } = await graphql(
      BODY_HISTORY,
      { ...req, after },
    );
    const edits = data.repository.issue.userContentEdits;
    revisions.push(...(edits?.nodes ?? []).map(toRevision));
    if (!edits?.pageInfo.hasNextPage || isDone(revisions)) break;
    after = edits.pageInfo.endCursor;
  }
  return revisions;
}

/** The tracking issue body's revisions with their text, oldest first: from the revision it was opened with until `isDone`. */
export async function observeOrigin(
  graphql: GraphQL,
  req: { owner: string; repo: string; issue: number },
  isDone: (revisions: BodyRevision[]) => boolean,
): Promise<BodyRevision[]> {
  const revisions: BodyRevision[] = [];
  let before: string | null = null;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const data: {
      repository: {
        issue: {
          userContentEdits: {
            pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
            nodes: GqlRevision[];
          } | null;
        };
      };
    } = await graphql(BODY_ORIGIN, { ...req, before });
    const edits = data.repository.issue.userContentEdits;
    revisions.push(...[...(edits?.nodes ?? [])].reverse().map(toRevision));
    if (!edits?.pageInfo.hasPreviousPage || isDone(revisions)) break;
    before = edits.pageInfo.startCursor;
  }
  return revisions;
}
