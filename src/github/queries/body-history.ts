// The tracking issue body's revisions with their text, paged from either end.
import { RATE_LIMIT } from "./rate-limit.js";

export const HISTORY_PAGE = 20;

/** A page of the body's revisions with their text; `window` picks the end of the history (it is newest first) and the direction. */
const bodyRevisions = (
  name: string,
  cursor: "after" | "before",
  window: string,
  pageInfo: string,
) => `query ${name}($owner: String!, $repo: String!, $issue: Int!, $${cursor}: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $repo) {
    issue(number: $issue) {
      userContentEdits(${window}, ${cursor}: $${cursor}) {
        pageInfo { ${pageInfo} }
        nodes { editedAt editor { __typename login } diff deletedAt deletedBy { __typename login } }
      }
    }
  }
}`;

/** The body's revisions with their text, newest first: read only when people edited the body since release-train last wrote it. */
export const BODY_HISTORY = bodyRevisions(
  "TrackingIssueHistory",
  "after",
  `first: ${HISTORY_PAGE}`,
  "hasNextPage endCursor",
);

/** The body's oldest revisions with their text, paged towards newer ones: where a train whose hidden state was lost started. */
export const BODY_ORIGIN = bodyRevisions(
  "TrackingIssueOrigin",
  "before",
  `last: ${HISTORY_PAGE}`,
  "hasPreviousPage startCursor",
);
