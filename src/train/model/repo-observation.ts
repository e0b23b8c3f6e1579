// A constellation repository as one reconcile read it: branches and their checks, tags,
// pull requests, protection rules, deployments and what Phase 1 reads. Types only.
import type { Bump, ParsedCommit } from "../../changelog/commits.js";

export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "skipped"
  | "cancelled"
  | "timed_out"
  | "action_required"
  | "stale"
  | "startup_failure";

/** A check run or a commit status, reduced to what the gates need. */
export interface CheckObservation {
  name: string;
  source: "check" | "status";
  /** "pending" covers queued / in progress / pending statuses. */
  state: "pending" | "success" | "failure" | "neutral" | "skipped";
  url: string | null;
  /** Check suite id, for re-requesting. */
  suiteId?: number;
  at: string | null;
}

export interface CommitObservation {
  oid: string;
  checks: CheckObservation[];
}

export interface TagObservation {
  name: string;
  /** The commit the tag points at (peeled). */
  commitOid: string;
}

export type MergeStateStatus =
  | "BEHIND"
  | "BLOCKED"
  | "CLEAN"
  | "DIRTY"
  | "DRAFT"
  | "HAS_HOOKS"
  | "UNKNOWN"
  | "UNSTABLE";
export type ReviewDecision = "APPROVED" | "CHANGES_REQUESTED" | "REVIEW_REQUIRED" | null;

export interface PullRequestObservation {
  number: number;
  url: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  mergeable: "MERGEABLE" | "CONFLICTING" | "UNKNOWN";
  headOid: string;
  mergeCommitOid: string | null;
  labels: string[];
  /** GraphQL node id (enqueuePullRequest). */
  id?: string;
  /** What GitHub says about merging it now: the review rules' verdict and the merge state. */
  reviewDecision?: ReviewDecision;
  mergeStateStatus?: MergeStateStatus;
  /** In the merge queue now, with the entry's state. */
  queue?: { state: string; enqueuedAt: string } | null;
  /** The latest removal from the merge queue, with GitHub's reason. */
  removedFromQueue?: { reason: string; at: string } | null;
  /** Latest approving / change-requesting review per reviewer (sign-off from reviews). */
  reviews?: Array<{ author: string; state: "APPROVED" | "CHANGES_REQUESTED"; commitOid: string | null; at: string }>;
  /** `release: v2.0.0`; tells the trains of a shared release branch apart. */
  title?: string;
}

/** Classic branch protection of the default branch as any reader sees it (GraphQL Ref.refUpdateRule). */
export interface ClassicRuleObservation {
  approvals: number;
  codeOwners: boolean;
  checks: string[];
  signatures: boolean;
  linearHistory: boolean;
  /** False when its push restrictions leave release-train out (merges are refused too). */
  viewerCanPush: boolean;
}

/** A ruleset rule that applies to a branch (GET /rules/branches/{branch}), and whether the app bypasses its ruleset. */
export interface BranchRuleObservation {
  type: string;
  parameters: Record<string, unknown>;
  rulesetId: number;
  rulesetName: string;
  bypass: boolean;
}

export interface BranchRulesObservation {
  defaultBranch: BranchRuleObservation[];
  releaseBranch: BranchRuleObservation[];
}

/** An open pull request to the default branch, with our freeze status on its head. */
export interface OpenPullObservation {
  number: number;
  headRef: string;
  headOid: string;
  baseRef: string;
  labels: string[];
  /** Who applied the `hotfix` label, from the pull request's timeline (null when not labelled, or not among the latest label events). */
  hotfixBy?: string | null;
  freeze: "success" | "failure" | "pending" | "error" | null;
  /** The freeze status's link: the tracking issue of the train that set it. */
  freezeTarget?: string | null;
}

/**
 * What Phase 1 needs from a repository that has no release PR yet: its files and the
 * commits since the previous release, read at `baseOid`. Commit history for an oid
 * never changes, so the shell may cache these by oid.
 */
export interface RepoDetails {
  baseOid: string;
  previousTag: string | null;
  /** path -> text at baseOid, null when the file does not exist. */
  files: Record<string, string | null>;
  /** Commits since the previous release tag, newest first (our own bump commit excluded). */
  commits: ParsedCommit[];
  /** Labels of the pull requests those commits came from, by PR number. */
  pullLabels: Record<number, string[]>;
  /** CHANGELOG.md section for the train version, rendered from `commits`. */
  changelog: string;
  /** One-line summary of `commits`. */
  summary: string;
  bump: Bump | null;
  /** True when the history was longer than we read (the changelog is then partial). */
  truncated: boolean;
  /** The version the changelog section is titled with (the train's when not given). */
  changelogVersion?: string;
}

export interface RepoObservation {
  fullName: string;
  /** False when the repository does not exist or the installation cannot see it. */
  found: boolean;
  url: string;
  defaultBranch: string | null;
  defaultHead: CommitObservation | null;
  releaseBranch: CommitObservation | null;
  /** The maintenance branch of the version's minor line (`release/v2.0` for v2.0.1), where a patch release is merged. */
  maintenanceBranch?: { oid: string } | null;
  /** Semver tags, newest first (as many as were fetched). */
  tags: TagObservation[];
  pullRequest: PullRequestObservation | null;
  /** Every pull request from the release branch, newest first (a version's pre-releases share it); `pullRequest` is the train's. */
  releasePulls?: PullRequestObservation[];
  openPulls: OpenPullObservation[];
  /** Present when the shell read them (see RepoDetails). */
  details?: RepoDetails;
  /** Open critical code-scanning alerts at the release head, when the shell read them (gate 2.2). */
  codeScanning?: CodeScanningObservation;
  /** The same at the default branch head (precondition P4). */
  defaultCodeScanning?: CodeScanningObservation;
  /** Recent deployments to the train's environments, newest first. */
  deployments: DeploymentObservation[];
  /** Classic protection of the default branch (null: none) and its merge queue (null: none). */
  classicRule?: ClassicRuleObservation | null;
  mergeQueue?: { method: "MERGE" | "SQUASH" | "REBASE" } | null;
  /** Rulesets on the default and release branches, when the shell read them (precondition P9). */
  rules?: BranchRulesObservation;
  /** Protection rules of environments a train deployment waits on, by environment name (read only then). */
  environments?: Record<string, EnvironmentRulesObservation>;
}

/** An environment's protection rules as GitHub reports them (GET /repos/{o}/{r}/environments/{name}). */
export interface EnvironmentRulesObservation {
  /** Required reviewers: `@login` or `@org/team`; one of them approves. */
  reviewers: string[];
  /** Minutes a job waits after it is triggered (0: none). */
  waitTimer: number;
}

export type DeploymentState =
  | "pending"
  | "queued"
  | "waiting"
  | "in_progress"
  | "success"
  | "failure"
  | "error"
  | "inactive";

export interface DeploymentObservation {
  id: number;
  environment: string;
  task: string;
  sha: string;
  createdAt: string;
  /** From the payload: the train and the purpose it was created for (null when not made by a train). */
  train: string | null;
  purpose: string | null;
  /** Latest status (null before the first). */
  state: DeploymentState | null;
  stateAt: string | null;
}

export interface CodeScanningObservation {
  oid: string;
  /** False when code scanning is off for the repository (GitHub answers 403/404). */
  available: boolean;
  critical: number;
}
