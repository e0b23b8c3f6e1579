// GraphQL documents for observing a train. One request covers the tracking issue, the
// configuration file, a chunk of repositories read in full and any number read only by
// their fingerprint; further chunks batch 25 repositories each through aliases. Every
// query asks for GitHub's `rateLimit { cost }`, the points it was charged.
// Each area's selections live under queries/; this file gathers what the reads import.

export { CONFIG_FILE } from "./queries/config-file.js";
export { BODY_HISTORY, BODY_ORIGIN, HISTORY_PAGE } from "./queries/body-history.js";
export { finalQuery, finalQueryVariables } from "./queries/final.js";
export { RATE_LIMIT } from "./queries/rate-limit.js";
export {
  type BranchTarget,
  branchVariables,
  DEPLOYMENTS_PER_REPO,
  fingerprintSelections,
  fingerprintsQuery,
  LABEL_EVENTS_PER_PULL,
  type RepoReads,
  type RepoTarget,
  REPOS_PER_QUERY,
  reposQuery,
} from "./queries/repositories.js";
export {
  COMMENTS_PER_PAGE,
  EVENTS_READ,
  ISSUE_EVENT_TYPES,
  MORE_COMMENTS,
  REVISIONS_READ,
  TRAIN_ISSUE_LABELS,
} from "./queries/tracking-issue.js";
export { trainQuery, trainQueryVariables } from "./queries/train.js";
