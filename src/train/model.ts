// Types shared by the pure core: what we observe on GitHub, what we decide, what we
// ask the shell to write. No I/O here.
import type { Bump, ParsedCommit } from "../changelog/commits.js";
import type { BranchRuleRow } from "./branch-rules.js";

/** Identifies a train: the tracking issue in the orchestration repository. */
export interface TrainRef {
  owner: string;
  repo: string;
  issueNumber: number;
  installationId: number;
}

export const trainId = (t: Pick<TrainRef, "owner" | "repo" | "issueNumber">): string =>
  `${t.owner}/${t.repo}#${t.issueNumber}`;

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

/** One probe of a configured health-check URL (HTTP GET, 2xx within the timeout, retried). */
export interface HealthObservation {
  url: string;
  ok: boolean;
  /** "HTTP 200", "HTTP 503", "timeout" … */
  detail: string;
  at: string;
}

/** An issue the train opened in the orchestration repository (follow-up or incident review). */
export interface TrainIssueObservation {
  number: number;
  url: string;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
}

export interface CodeScanningObservation {
  oid: string;
  /** False when code scanning is off for the repository (GitHub answers 403/404). */
  available: boolean;
  critical: number;
}

export interface CommentObservation {
  id: number;
  author: string;
  authorIsBot: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  /** Who edited the comment last, when someone did (people with write access may edit anyone's comment). */
  editor?: string | null;
  /** When the text was last edited (null when never): with createdAt, the moment its commands were made. */
  editedAt?: string | null;
  /** The reactions release-train gave it (REST names: "+1", "confused"), as GitHub says; undefined when not read. */
  appReactions?: string[];
}

/** One revision in GitHub's edit history of the tracking issue body. */
export interface BodyRevision {
  editor: string | null;
  editedAt: string;
  /** The text as saved; null when it was deleted from the history (or not read). */
  body: string | null;
  deletedBy?: string | null;
}

/** A person's change to the body: the revision they started from, and what they saved. */
export interface BodyEdit {
  editor: string;
  at: string;
  before: string;
  after: string;
}

/** A label, close or reopen event of the issue's timeline: who did it and when, as GitHub records it. */
export interface IssueEvent {
  kind: "labeled" | "unlabeled" | "closed" | "reopened";
  actor: string | null;
  at: string;
  label: string | null;
}

export interface IssueObservation {
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  url: string;
  milestoneTitle: string | null;
  milestone: { number: number; state: "OPEN" | "CLOSED" } | null;
  labels: string[];
  author: string;
  /** Who edited the body last and when (null when never edited). */
  lastEditor: string | null;
  lastEditedAt: string | null;
  comments: CommentObservation[];
  createdAt: string;
  /** How many revisions the body's edit history holds, and the newest few (without their text). */
  revisions: { total: number; newest: BodyRevision[] };
  /** People's changes to the body that the train's state has not yet accounted for, oldest first. */
  edits: BodyEdit[];
  /** The timeline's label, close and reopen events, oldest first. */
  events: IssueEvent[];
  /** Read only when the train's hidden state is rebuilt: where the train started, as the body's edit history shows (see trust.ts). */
  origin?: {
    body: string;
    by: string;
    at: string;
    phase1At: string | null;
    handledAtStart: Record<string, string> | null;
    edits: BodyEdit[];
  } | null;
  /** False when the timeline has older events than those read. */
  eventsComplete: boolean;
}

/** Team membership answers the shell fetched for the users decide asked about. */
export type TeamRole = "maintainer" | "member" | null;
export type Memberships = Record<string, TeamRole>;
export const membershipKey = (teamKey: string, login: string): string => `${teamKey}:${login.toLowerCase()}`;

export interface Observation {
  train: TrainRef;
  /** The app's own login (`slug[bot]`), to recognise our comments. */
  botLogin: string;
  issue: IssueObservation;
  repos: Record<string, RepoObservation>;
  memberships: Memberships;
  /** Leads of teams (listed leads and GitHub team maintainers), fetched when decide asks. */
  teamLeads: Record<string, string[]>;
  /** Writes that failed in the previous reconcile (they are retried). */
  failures: string[];
  /** Health-check probes the shell made because decide asked (by URL). */
  health: Record<string, HealthObservation>;
  /** Follow-up, incident-review and retrospective issues in the orchestration repository. */
  trainIssues: TrainIssueObservation[];
  /** Releases, the summary file and discussions, read once Phase 7 needs them. */
  final?: FinalObservation;
  /** The installation's writes waiting for GitHub's rate limits (from the app's API budget). */
  githubWait?: GitHubWait | null;
  /** Commits named by `/pick` and the release branches they go onto, read when decide asks (by pickKey). */
  picks?: Record<string, PickObservation>;
}

/** A blob in a tree: its sha and mode (a file, an executable, a symbolic link). */
export interface TreeBlob {
  sha: string;
  mode: BlobMode;
}

export type BlobMode = "100644" | "100755" | "120000";

/** A path a commit changes against its first parent: the blob before and after (null: absent). */
export interface PathChange {
  path: string;
  before: TreeBlob | null;
  after: TreeBlob | null;
}

/** `/pick <repo> <sha>`'s commit as GitHub shows it, with the release branch it would go onto. */
export type PickObservation =
  | { found: false }
  | {
      found: true;
      /** The full sha the name resolved to, its message, first parent and author. */
      oid: string;
      message: string;
      parent: string | null;
      author: { name: string; email: string; date: string } | null;
      /** Null when GitHub lists a tree involved only in part (larger than it lists at once): the pick cannot be computed. */
      changes: PathChange[] | null;
      /** The release branch: head, tree, the blobs at the changed paths, CHANGELOG.md; null when it does not exist. */
      branch: { oid: string; tree: string; blobs: Record<string, TreeBlob | null>; changelog: string | null } | null;
      /** The newest commit on the release branch carrying this pick's trailer, if any. */
      appliedAs: string | null;
      /** GraphQL node id of the repository (the guarded ref update names it). */
      repositoryId: string;
    };

export const pickKey = (repo: string, sha: string): string => `${repo}@${sha.toLowerCase()}`;

export interface GitHubWait {
  queued: number;
  resumesAt: string;
  reason: string;
}

export interface ReleaseObservation {
  id: number;
  url: string;
  isDraft: boolean;
  /** Names of its assets (the orchestration release's archive). */
  assets: string[];
}

export interface FinalObservation {
  orchestration: {
    /** GraphQL node id (for createDiscussion). */
    id: string;
    defaultBranch: string;
    headOid: string;
    /** `status/summary.json` on the default branch. */
    summaryText: string | null;
    release: ReleaseObservation | null;
    categories: Array<{ id: string; name: string }>;
    discussions: Array<{ title: string; url: string; body: string }>;
  };
  repos: Record<string, { release: ReleaseObservation | null; changelog: string | null }>;
}

// ---- what the bot alone decided, kept hidden in the tracking issue body ----

import type { ComplianceItem, Tick } from "./train-state.js";

export type {
  AuditEntry,
  ComplianceItem,
  PickedFix,
  RecordedVersion,
  RollbackState,
  Signoff,
  Tick,
  TrainState,
} from "./train-state.js";

// ---- the desired checklist ----

export type ItemStatus = "pending" | "running" | "done" | "failed" | "skipped" | "blocked";

export interface ChecklistItem {
  id: string;
  title: string;
  owner: string;
  kind: "bot" | "manual";
  status: ItemStatus;
  /** Progress across repositories, e.g. 7 of 11. */
  progress?: { done: number; total: number };
  detail?: string;
  tick?: Tick;
  /** Manual items: whom to ask, as GitHub mentions (`@lead`, `@org/team`) or a description. */
  askWho?: string;
}

export interface PhaseView {
  id: number;
  title: string;
  emoji: string;
  steps: ChecklistItem[];
}

export type CellStatus = "none" | "pending" | "running" | "ok" | "failed" | "skipped";

export interface RepoRow {
  fullName: string;
  name: string;
  url: string;
  level: number;
  team: string;
  dependsOn: string[];
  previousTag: string | null;
  branch: { status: CellStatus; oid: string | null };
  pr: { status: CellStatus; number: number | null; url: string | null };
  checks: { status: CellStatus; passed: number; total: number };
  /** The repository's team sign-off (2.4). */
  signoff: CellStatus;
  /** What runs where: status and a short text ("v2.0.0", "canary v2.0.0", "↩ v1.2.0"). */
  environments: Record<"staging" | "canary" | "production", { status: CellStatus; text: string }>;
  /** The rollback deployment to the previous release ("none" when the repository is not rolled back). */
  rolledBack: CellStatus;
  /** Phase 7 per repository: release PR merged, tag pushed, release published. */
  final: Record<"merged" | "tagged" | "released", CellStatus>;
  problems: string[];
  warnings: string[];
}

export interface SignoffRow {
  team: string;
  /** Who may sign: the team's leads as mentions (or the team itself). */
  leads: string[];
  reasons: string[];
  signedBy: string | null;
  at: string | null;
}

export interface TrainView {
  version: string;
  tag: string;
  branch: string;
  status: "active" | "blocked" | "done";
  /** Every postcondition held: the release is out. */
  finished: boolean;
  /** The hold in force, if any (auto: the bot held the train after a failure). */
  hold: { reason: string; auto: boolean } | null;
  aborted: boolean;
  /** The orchestration team as mentions (who approves, holds, resumes). */
  orchestrators: string;
  currentPhase: number;
  headline: string;
  preconditions: ChecklistItem[];
  phases: PhaseView[];
  repos: RepoRow[];
  problems: string[];
  signoffs: SignoffRow[];
  compliance: ComplianceItem[];
  /** The playbook's postconditions, checked from GitHub once Phase 7 runs. */
  postconditions: ChecklistItem[];
  /** The rollback procedure's steps, when one runs. */
  rollback: { mode: "immediate" | "extended"; reason: string; steps: ChecklistItem[]; summary: string } | null;
  /** Branch protection and rulesets per repository, and what GitHub says about each release PR. */
  branchRules?: BranchRuleRow[];
  /** Independent versioning: every repository's previous → next version, why, and its dependency updates. */
  versions?: VersionRow[];
  /** A train on a subset: the configured repositories not in it. */
  notInTrain?: OutsideRow[];
}

/** A configured repository outside a subset train: untouched, at its released version. */
export interface OutsideRow {
  name: string;
  fullName: string;
  url: string;
  team: string;
  /** Its newest release tag (what the train's repositories run against). */
  released: string | null;
  /** The train's repositories that depend on it (configured `dependsOn`). */
  neededBy: string[];
}

export interface VersionRow {
  name: string;
  fullName: string;
  previousTag: string | null;
  /** The tag it is released with; null when it has no changes and is not released. */
  nextTag: string | null;
  reason: string;
  group?: string;
  /** "`@blackroad/api-client` ^1.4.0 → ^2.0.0" */
  dependencies: string[];
  /** Ranges that would not accept (or, left as written, do not accept) a dependency's new version. */
  warnings: string[];
  lockfileRefresh: boolean;
}

// ---- writes ----

export type ReactionContent = "+1" | "-1" | "eyes" | "confused" | "rocket";

/** An entry of a tree written on top of a base tree (`sha: null` deletes the path). */
export interface TreeEntry {
  path: string;
  mode: BlobMode;
  type: "blob";
  sha: string | null;
}

export interface FileChange {
  path: string;
  contents: string;
}

/** Writes to constellation repositories carry `repo` so a failure skips that repo's later steps. */
export type Action =
  | { kind: "comment"; key: string; body: string }
  | { kind: "rerequestCheckSuite"; repo: string; suiteId: number }
  | { kind: "react"; commentId: number; content: ReactionContent }
  | { kind: "createBranch"; repo: string; branch: string; sha: string }
  | {
      kind: "commitFiles";
      repo: string;
      branch: string;
      expectedHeadOid: string;
      headline: string;
      body: string;
      files: FileChange[];
    }
  | {
      kind: "cherryPick";
      repo: string;
      repositoryId: string;
      branch: string;
      sha: string;
      expectedHeadOid: string;
      baseTree: string;
      tree: TreeEntry[];
      message: string;
    }
  | { kind: "openPullRequest"; repo: string; head: string; base: string; title: string; body: string }
  | { kind: "addLabels"; repo: string; number: number; labels: string[] }
  | {
      kind: "setStatus";
      repo: string;
      sha: string;
      context: string;
      state: "success" | "failure";
      description: string;
      targetUrl: string;
    }
  | {
      kind: "createDeployment";
      repo: string;
      environment: string;
      task: string;
      ref: string;
      sha: string;
      purpose: string;
      payload: DeploymentPayload;
      description: string;
      production: boolean;
    }
  | { kind: "openIssue"; key: string; title: string; body: string; labels: string[] }
  | {
      kind: "mergePullRequest";
      repo: string;
      number: number;
      sha: string;
      method: "merge" | "squash" | "rebase";
      title: string;
    }
  | { kind: "enqueuePullRequest"; repo: string; number: number; pullRequestId: string; sha: string }
  | { kind: "requestReviews"; repo: string; number: number; teams: string[]; users: string[] }
  | { kind: "createTag"; repo: string; tag: string; sha: string; message: string }
  | {
      kind: "createRelease";
      repo: string;
      tag: string;
      target: string;
      name: string;
      body: string;
      draft: boolean;
      prerelease: boolean;
      latest: boolean;
    }
  | { kind: "publishRelease"; repo: string; releaseId: number; latest: boolean }
  | { kind: "uploadAsset"; repo: string; releaseId: number; name: string; contentType: string; data: string }
  | { kind: "createDiscussion"; repositoryId: string; categoryId: string; title: string; body: string }
  | { kind: "closeMilestone"; number: number }
  | { kind: "closeIssue"; number: number };

/** What every deployment the train creates carries, so it can be recognised (and never created twice). */
export interface DeploymentPayload {
  train: string;
  version: string;
  purpose: string;
  [extra: string]: string;
}
