import type { GitDb } from "./git.js";
import type { RepoEnvironments } from "./environments.js";
import type { RepoProtection } from "./protection.js";

export type AccountType = "User" | "Organization" | "Bot";

export interface Account {
  id: number;
  nodeId: string;
  login: string;
  type: AccountType;
  name: string | null;
  email: string | null;
  createdAt: string;
}

export interface Team {
  id: number;
  nodeId: string;
  org: string;
  slug: string;
  name: string;
  description: string | null;
  maintainers: Set<string>;
  members: Set<string>;
}

export interface SimApp {
  id: number;
  nodeId: string;
  slug: string;
  name: string;
  owner: string;
  /** PEM public key used to verify the app's JWTs; null for apps that never call the API. */
  publicKeyPem: string | null;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
  /** Login of the app's bot user ("<slug>[bot]"). */
  botLogin: string;
}

export interface Installation {
  id: number;
  nodeId: string;
  appId: number;
  account: string;
  repositorySelection: "all" | "selected";
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export interface InstallationToken {
  token: string;
  installationId: number;
  /** Real-time expiry (epoch ms); the app's token cache runs on real time. */
  expiresAtMs: number;
  expiresAt: string;
}

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
  createdAt: string;
}

export interface Milestone {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  description: string | null;
  state: "open" | "closed";
  creator: string;
  dueOn: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface Reaction {
  id: number;
  nodeId: string;
  user: string;
  content: ReactionContent;
  createdAt: string;
}

export interface Issue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  milestone: number | null;
  assignees: string[];
  locked: boolean;
  isPull: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  lastEditedAt: string | null;
  lastEditedBy: string | null;
  reactions: Reaction[];
  /** The body's edit history (GitHub's userContentEdits), oldest first; empty until the body is first edited. */
  edits: BodyEdit[];
  /** Label and open/closed events of the timeline, oldest first. */
  timeline: TimelineEvent[];
}

/** One revision of a body: GitHub keeps the full text of each (`diff`), and who saved it when. */
export interface BodyEdit {
  id: number;
  nodeId: string;
  editor: string;
  editedAt: string;
  /** The body as saved; null once the revision was deleted from the history. */
  body: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
}

export interface TimelineEvent {
  id: number;
  nodeId: string;
  type: "LabeledEvent" | "UnlabeledEvent" | "ClosedEvent" | "ReopenedEvent";
  actor: string;
  createdAt: string;
  /** The label, for labeled and unlabeled events. */
  label?: string;
  stateReason?: "completed" | "not_planned" | "reopened" | null;
}

export interface IssueComment {
  id: number;
  nodeId: string;
  repo: string;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  lastEditedAt: string | null;
  lastEditedBy: string | null;
  reactions: Reaction[];
  deleted: boolean;
}

export interface PullRequest {
  id: number;
  nodeId: string;
  number: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** Test override: force the mergeable state. */
  mergeableOverride: boolean | null;
  maintainerCanModify: boolean;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface Review {
  id: number;
  nodeId: string;
  pullNumber: number;
  user: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string;
}

export type StatusState = "error" | "failure" | "pending" | "success";

export interface CommitStatus {
  id: number;
  nodeId: string;
  sha: string;
  context: string;
  state: StatusState;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export type CheckStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required"
  | "stale";

export interface CheckSuite {
  id: number;
  nodeId: string;
  appId: number;
  headSha: string;
  headBranch: string | null;
  before: string | null;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  createdAt: string;
  updatedAt: string;
  /** How many times a re-run was requested (observable even when the owning app is not the main app). */
  rerequests: number;
}

export interface CheckRunOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
}

export interface CheckRun {
  id: number;
  nodeId: string;
  suiteId: number;
  appId: number;
  name: string;
  headSha: string;
  externalId: string | null;
  detailsUrl: string | null;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  output: CheckRunOutput;
  rerequests: number;
}

/** `waiting` is GitHub's own: a job held by its environment's protection rules (never accepted from a client). */
export type DeploymentState =
  | "error"
  | "failure"
  | "inactive"
  | "in_progress"
  | "queued"
  | "pending"
  | "success"
  | "waiting";

export interface DeploymentStatus {
  id: number;
  nodeId: string;
  deploymentId: number;
  state: DeploymentState;
  creator: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface Deployment {
  id: number;
  nodeId: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  autoMerge: boolean;
  requiredContexts: string[] | null;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatus[];
}

export interface Release {
  id: number;
  nodeId: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
  makeLatest: "true" | "false" | "legacy";
  assets?: ReleaseAsset[];
}

/** A file attached to a release (uploaded raw, not JSON). */
export interface ReleaseAsset {
  id: number;
  nodeId: string;
  name: string;
  label: string | null;
  contentType: string;
  data: Buffer;
  uploader: string;
  createdAt: string;
  updatedAt: string;
}

export interface CodeScanningAlert {
  number: number;
  state: "open" | "dismissed" | "fixed";
  ruleId: string;
  severity: "error" | "warning" | "note" | "none";
  securitySeverityLevel: "critical" | "high" | "medium" | "low" | null;
  description: string;
  toolName: string;
  ref: string;
  createdAt: string;
}

export interface DiscussionCategory {
  id: string;
  name: string;
  slug: string;
  emoji: string;
  description: string;
  isAnswerable: boolean;
}

export interface Discussion {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string;
  categoryId: string;
  user: string;
  createdAt: string;
}

export interface Repo {
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  git: GitDb;
  /** Next issue/pull request number (shared sequence, as on GitHub). */
  nextNumber: number;
  nextMilestoneNumber: number;
  issues: Map<number, Issue>;
  /** Numbers of deleted issues: GitHub answers them 410 Gone and never reuses them. */
  deletedIssues: Set<number>;
  pulls: Map<number, PullRequest>;
  reviews: Review[];
  labels: Map<string, Label>;
  milestones: Map<number, Milestone>;
  statuses: CommitStatus[];
  checkSuites: CheckSuite[];
  checkRuns: CheckRun[];
  deployments: Deployment[];
  releases: Release[];
  codeScanning: { enabled: boolean; alerts: CodeScanningAlert[] };
  discussionCategories: DiscussionCategory[];
  discussions: Discussion[];
  /** Branch protection, rulesets, the merge queue and review requests. */
  protection: RepoProtection;
  /** Deployment environments, their protection rules and the jobs waiting on them. */
  environments: RepoEnvironments;
}
