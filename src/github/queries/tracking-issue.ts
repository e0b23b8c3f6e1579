// The tracking issue's GraphQL selections: its fields read with the train, its
// comments (and the pages after the first), and the issues a train opens.
import { RATE_LIMIT } from "./rate-limit.js";

export const COMMENTS_PER_PAGE = 100;
/** The labels of the issues a train opens (incidents, follow-ups, retrospectives, continuations): read with the train. */
export const TRAIN_ISSUE_LABELS = [
  "release-train:incident",
  "release-train:follow-up",
  "release-train:retrospective",
  "release-train:continued",
];

export const ISSUE_FIELDS = `
fragment CommentFields on IssueComment {
  databaseId body createdAt updatedAt url lastEditedAt
  author { __typename login }
  editor { __typename login }
  reactionGroups { content viewerHasReacted }
}`;

/** The newest revisions of the body (who saved them, not the text): enough to see whether people edited it since the state was written. */
export const REVISIONS_READ = 5;
/** Label, close and reopen events read with the issue: when each command was made, was this an open tracking issue? */
export const EVENTS_READ = 50;
const EVENT_FIELDS = "createdAt actor { __typename login }";
export const ISSUE_EVENT_TYPES = "[LABELED_EVENT, UNLABELED_EVENT, CLOSED_EVENT, REOPENED_EVENT]";
export const ISSUE_HISTORY_FIELDS = `
      revisions: userContentEdits(first: ${REVISIONS_READ}) { totalCount nodes { editedAt editor { __typename login } deletedAt } }
      events: timelineItems(last: ${EVENTS_READ}, itemTypes: ${ISSUE_EVENT_TYPES}) {
        pageInfo { hasPreviousPage }
        nodes {
          __typename
          ... on LabeledEvent { ${EVENT_FIELDS} label { name } }
          ... on UnlabeledEvent { ${EVENT_FIELDS} label { name } }
          ... on ClosedEvent { ${EVENT_FIELDS} }
          ... on ReopenedEvent { ${EVENT_FIELDS} }
        }
      }`;

export const MORE_COMMENTS = `query TrackingIssueComments($owner: String!, $repo: String!, $issue: Int!, $after: String!) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $repo) {
    issue(number: $issue) {
      comments(first: ${COMMENTS_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...CommentFields } }
    }
  }
}
${ISSUE_FIELDS}`;
