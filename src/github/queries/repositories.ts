// What is read of each repository: everything a train needs (RepoFields), or only what
// tells whether it changed (RepoFingerprint); aliased selections batch many in one query.
import { maintenanceBranchOf } from "../../train/maintenance.js";
import { RATE_LIMIT } from "./rate-limit.js";

export const REPOS_PER_QUERY = 25;
/** A train makes at most four deployments per repository and environment set; the rest is headroom for others'. */
export const DEPLOYMENTS_PER_REPO = 30;
/** Who applied each open pull request's latest labels: a `hotfix` label counts only from the orchestration team. */
export const LABEL_EVENTS_PER_PULL = 3;
/**
 * What tells whether a repository changed, at a few points for all of them (by GitHub's
 * cost formula every connection here is one request, none nested): heads and their
 * check rollups (with the release head's count of checks: a new green check on a green
 * head leaves the rollup as it was), the train's tag, the release PR's state, the newest open PR and the
 * newest deployment with its latest status.
 */
export const REPO_FINGERPRINT = `
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

export const COMMIT_CHECKS = `
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

export const REPO_FIELDS = `
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

export interface RepoTarget {
  owner: string;
  name: string;
  /** Phase 7 reads: the repository's own release tag, when not the train's. */
  tag?: string;
}

/** Variables and selections for repositories aliased `${prefix}0`, `${prefix}1`, …, each selecting `fields`. */
export function repoSelections(
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

export const fingerprintSelections = (repos: RepoTarget[]) => repoSelections(repos, "f", "{ ...RepoFingerprint }");

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

/** Repositories by their fingerprint only (aliased f0, …): has anything a train reads there changed? */
export function fingerprintsQuery(repos: RepoTarget[]): string {
  const { declarations } = fingerprintSelections(repos);
  return `query TrainFingerprints($releaseRef: String!, $releaseBranch: String!, $maintenanceRef: String!, $tagRef: String!, $environments: [String!], ${declarations.join(", ")}) {
  ${RATE_LIMIT}
  ${fingerprintSelections(repos).selections.join("\n  ")}
}
${REPO_FINGERPRINT}`;
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
