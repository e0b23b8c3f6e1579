// The train's first request: the tracking issue, its comments, the config file, the
// train's issues, and repositories read in full or by fingerprint.
import { RATE_LIMIT } from "./rate-limit.js";
import {
  type BranchTarget,
  branchVariables,
  COMMIT_CHECKS,
  fingerprintSelections,
  REPO_FIELDS,
  REPO_FINGERPRINT,
  type RepoReads,
  repoSelections,
} from "./repositories.js";
import { COMMENTS_PER_PAGE, ISSUE_FIELDS, ISSUE_HISTORY_FIELDS, TRAIN_ISSUE_LABELS } from "./tracking-issue.js";

/** The tracking issue, its comments, the config file, and repositories read in full or by fingerprint. */
export function trainQuery(reads: RepoReads): string {
  const full = repoSelections(reads.full);
  const fingerprints = fingerprintSelections(reads.fingerprint);
  const anyRepo = reads.full.length + reads.fingerprint.length > 0;
  const fragments = [
    reads.full.length > 0 ? `${REPO_FIELDS}\n${COMMIT_CHECKS}` : "",
    anyRepo ? REPO_FINGERPRINT : "",
  ].join("\n");
  // GraphQL rejects declared but unused variables: the branch ones only come with repositories.
  const branchVars = anyRepo
    ? ", $releaseRef: String!, $releaseBranch: String!, $maintenanceRef: String!, $tagRef: String!, $environments: [String!]"
    : "";
  const declarations = [...full.declarations, ...fingerprints.declarations];
  return `query TrainObservation($owner: String!, $repo: String!, $issue: Int!, $configExpr: String!, $app: String!${branchVars}${declarations.map((d) => `, ${d}`).join("")}) {
  ${RATE_LIMIT}
  orchestration: repository(owner: $owner, name: $repo) {
    nameWithOwner
    config: object(expression: $configExpr) { ... on Blob { text } }
    issue(number: $issue) {
      number title body state url lastEditedAt createdAt
      author { __typename login }
      editor { __typename login }
      milestone { title number state }
      labels(first: 50) { nodes { name } }
      comments(first: ${COMMENTS_PER_PAGE}) { totalCount pageInfo { hasNextPage endCursor } nodes { ...CommentFields } }${ISSUE_HISTORY_FIELDS}
    }
    trainIssues: issues(first: 20, filterBy: { createdBy: $app, labels: ${JSON.stringify(TRAIN_ISSUE_LABELS)} }, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { number url title body state author { __typename login } }
    }
  }
  ${[...full.selections, ...fingerprints.selections].join("\n  ")}
}
${ISSUE_FIELDS}
${fragments}`;
}

export function trainQueryVariables(
  base: { owner: string; repo: string; issue: number; configExpr: string; botLogin: string } & BranchTarget,
  reads: RepoReads,
): Record<string, unknown> {
  return {
    owner: base.owner,
    repo: base.repo,
    issue: base.issue,
    app: base.botLogin,
    configExpr: base.configExpr,
    ...(reads.full.length + reads.fingerprint.length > 0 ? branchVariables(base) : {}),
    ...repoSelections(reads.full).variables,
    ...fingerprintSelections(reads.fingerprint).variables,
  };
}
