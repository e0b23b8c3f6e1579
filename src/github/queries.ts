// GraphQL documents for observing a train. One request covers the tracking issue, the
// configuration file, a chunk of repositories read in full and any number read only by
// their fingerprint; further chunks batch 25 repositories each through aliases. Every
// query asks for GitHub's `rateLimit { cost }`, the points it was charged.
import { maintenanceBranchOf } from "../train/maintenance.js";

export const REPOS_PER_QUERY = 25;
export const COMMENTS_PER_PAGE = 100;
/** A train makes at most four deployments per repository and environment set; the rest is headroom for others'. */
export const DEPLOYMENTS_PER_REPO = 30;
/** Who applied each open pull request's latest labels: a `hotfix` label counts only from the orchestration team. */
export const LABEL_EVENTS_PER_PULL = 3;
export const TRAIN_ISSUE_LABELS = [
  "release-train:incident",
  "release-train:follow-up",
  "release-train:retrospective",
  "release-train:continued",
];

/** What GitHub charged for the query (points), and what is left: asked for by every query. */
export const RATE_LIMIT = "rateLimit { cost remaining resetAt }";

/**
 * What tells whether a repository changed, at a few points for all of them (by GitHub's
 * cost formula every connection here is one request, none nested): heads and their
 * check rollups (with the release head's count of checks: a new green check on a green
 * head leaves the rollup as it was), the train's tag, the release PR's state, the newest open PR and the
 * newest deployment with its latest status.
 */
const REPO_FINGERPRINT = `
fragment RepoFingerprint on Repository {
  fpDefault: defaultBranchRef { target { oid ... on Commit { statusCheckRollup { state } } } }
  fpRelease: ref(qualifiedName: $releaseRef) { target { oid ... on Commit { statusCheckRollup { state contexts(first: 1) { totalCount } } } } }
  fpTag: ref(qualifiedName: $tagRef) { target { oid } }
  fpMaintenance: ref(qualifiedName: $maintenanceRef) { target { oid } }
  fpPulls: pullRequests(headRefName: $releaseBranch, first: 1, orderBy: { field: UPDATED_AT, direction: DESC }) {
    totalCount
    nodes { number state headRefOid mergeable mergeStateStatus reviewDecision updatedAt mergeQueueEntry { state } }
  }
  fpOpen: pullRequests(states: [OPEN], first: 1, orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount nodes { number headRefOid updatedAt } }
  fpDeployments: deployments(first: 1, environments: $environments, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount
    nodes { databaseId latestStatus { state createdAt } }
  }
}`;

const COMMIT_CHECKS = `
fragment CommitChecks on Commit {
  oid
  checkSuites(first: 20) {
    nodes {
      databaseId
      checkRuns(first: 50) { nodes { name status conclusion detailsUrl startedAt completedAt } }
    }
  }
  status { contexts { context state targetUrl createdAt } }
}`;

const REPO_FIELDS = `
fragment RepoFields on Repository {
  ...RepoFingerprint
  nameWithOwner
  url
  defaultBranchRef {
    name
    refUpdateRule { requiredApprovingReviewCount requiredStatusCheckContexts requiresCodeOwnerReviews requiresSignatures requiresLinearHistory viewerCanPush }
    target { ... on Commit { ...CommitChecks } }
  }
  mergeQueue { configuration { mergeMethod } }
  releaseRef: ref(qualifiedName: $releaseRef) { target { ... on Commit { ...CommitChecks } } }
  maintenanceRef: ref(qualifiedName: $maintenanceRef) { target { oid } }
  tags: refs(refPrefix: "refs/tags/", first: 20, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) {
    nodes { name target { __typename oid ... on Tag { target { oid } } } }
  }
  pullRequests(headRefName: $releaseBranch, first: 5, orderBy: { field: CREATED_AT, direction: DESC }) {
    nodes {
      id number title url state mergeable mergeStateStatus reviewDecision headRefOid mergeCommit { oid } labels(first: 20) { nodes { name } }
      mergeQueueEntry { state enqueuedAt }
      timelineItems(itemTypes: [REMOVED_FROM_MERGE_QUEUE_EVENT], last: 1) { nodes { ... on RemovedFromMergeQueueEvent { reason createdAt } } }
      reviews(last: 50, states: [APPROVED, CHANGES_REQUESTED]) { nodes { state submittedAt author { __typename login } commit { oid } } }
    }
  }
  openPulls: pullRequests(states: [OPEN], first: 50, orderBy: { field: UPDATED_AT, direction: DESC }) {
    nodes {
      number headRefName headRefOid baseRefName
      labels(first: 20) { nodes { name } }
      labelEvents: timelineItems(last: ${LABEL_EVENTS_PER_PULL}, itemTypes: [LABELED_EVENT]) { nodes { ... on LabeledEvent { actor { __typename login } label { name } } } }
      commits(last: 1) { nodes { commit { status { context(name: "release-train/freeze") { state targetUrl } } } } }
    }
  }
  deployments(first: ${DEPLOYMENTS_PER_REPO}, environments: $environments, orderBy: { field: CREATED_AT, direction: DESC }) {
    nodes { databaseId environment task payload commitOid createdAt latestStatus { state createdAt } }
  }
}`;

const ISSUE_FIELDS = `
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
const ISSUE_HISTORY_FIELDS = `
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

export interface RepoTarget {
  owner: string;
  name: string;
  /** Phase 7 reads: the repository's own release tag, when not the train's. */
  tag?: string;
}

/** Variables and selections for repositories aliased `${prefix}0`, `${prefix}1`, …, each selecting `fields`. */
function repoSelections(
  repos: RepoTarget[],
  prefix = "r",
  fields = "{ ...RepoFields }",
): { declarations: string[]; selections: string[]; variables: Record<string, string> } {
  const declarations: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, string> = {};
  repos.forEach((repo, i) => {
    const [o, n] = [`${prefix === "r" ? "o" : `${prefix}o`}${i}`, `${prefix === "r" ? "n" : `${prefix}n`}${i}`];
    declarations.push(`$${o}: String!`, `$${n}: String!`);
    selections.push(`${prefix}${i}: repository(owner: $${o}, name: $${n}) ${fields}`);
    variables[o] = repo.owner;
    variables[n] = repo.name;
  });
  return { declarations, selections, variables };
}

/** The repositories of one train observation: read in full (aliased r0, …) and by their fingerprint only (f0, …). */
export interface RepoReads {
  full: RepoTarget[];
  fingerprint: RepoTarget[];
}

const fingerprintSelections = (repos: RepoTarget[]) => repoSelections(repos, "f", "{ ...RepoFingerprint }");

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

/** Where a train's repositories are read: its release branch, tag and environments. */
export interface BranchTarget {
  releaseBranch: string;
  tag: string;
  environments: string[];
}

export const branchVariables = (target: BranchTarget): Record<string, unknown> => ({
  releaseRef: `refs/heads/${target.releaseBranch}`,
  releaseBranch: target.releaseBranch,
  // A patch release (v2.0.1 after v2.1.0) merges into its minor line's branch, release/v2.0.
  maintenanceRef: `refs/heads/${maintenanceBranchOf(target.tag.replace(/^v/, "")) ?? target.releaseBranch}`,
  tagRef: `refs/tags/${target.tag}`,
  environments: target.environments,
});

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

/** A further chunk of repositories, read in full. */
export function reposQuery(repos: RepoTarget[]): string {
  const { declarations, selections } = repoSelections(repos);
  return `query TrainRepositories($releaseRef: String!, $releaseBranch: String!, $maintenanceRef: String!, $tagRef: String!, $environments: [String!], ${declarations.join(", ")}) {
  ${RATE_LIMIT}
  ${selections.join("\n  ")}
}
${REPO_FIELDS}
${COMMIT_CHECKS}
${REPO_FINGERPRINT}`;
}

export const MORE_COMMENTS = `query TrackingIssueComments($owner: String!, $repo: String!, $issue: Int!, $after: String!) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $repo) {
    issue(number: $issue) {
      comments(first: ${COMMENTS_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...CommentFields } }
    }
  }
}
${ISSUE_FIELDS}`;

/** A configuration file elsewhere (`_extends`, or the org-wide `.github` repository). */
export const CONFIG_FILE = `query ConfigFile($owner: String!, $repo: String!, $expr: String!) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $repo) { object(expression: $expr) { ... on Blob { text } } }
}`;

/** Phase 7 reads: the orchestration repository's release, summary file and discussions, and each repository's release and changelog at the tag. */
export function finalQuery(tag: string, repos: RepoTarget[], withOrchestration = true): string {
  const { declarations, selections } = repoSelections(repos);
  const expression = JSON.stringify(`${tag}:CHANGELOG.md`);
  // Further chunks of a large constellation read only their repositories.
  const orchestrationVars = withOrchestration ? "$owner: String!, $repo: String!, " : "";
  const orchestration = withOrchestration
    ? `orchestration: repository(owner: $owner, name: $repo) {
    id
    defaultBranchRef { name target { oid } }
    summary: object(expression: "HEAD:status/summary.json") { ... on Blob { text } }
    release(tagName: $tag) { ...ReleaseFields releaseAssets(first: 10) { nodes { name } } }
    discussionCategories(first: 25) { nodes { id name } }
    discussions(first: 20, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { title url body } }
  }`
    : "";
  return `query TrainFinalization(${orchestrationVars}$tag: String!${declarations.map((d) => `, ${d}`).join("")}) {
  ${RATE_LIMIT}
  ${orchestration}
  ${selections.map((s, i) => s.replace("{ ...RepoFields }", repoFinalFields(repos[i]?.tag, expression))).join("\n  ")}
}
fragment ReleaseFields on Release { databaseId url isDraft }`;
}

/** A repository's release and changelog at the train's tag (`$tag`), or at its own tag (independent versioning). */
function repoFinalFields(ownTag: string | undefined, trainExpression: string): string {
  const tag = ownTag === undefined ? "$tag" : JSON.stringify(ownTag);
  const expression = ownTag === undefined ? trainExpression : JSON.stringify(`${ownTag}:CHANGELOG.md`);
  return `{ release(tagName: ${tag}) { ...ReleaseFields } changelog: object(expression: ${expression}) { ... on Blob { text } } }`;
}

export function finalQueryVariables(
  base: { owner: string; repo: string; tag: string },
  repos: RepoTarget[],
  withOrchestration = true,
): Record<string, unknown> {
  return { ...(withOrchestration ? base : { tag: base.tag }), ...repoSelections(repos).variables };
}
