// What one reconcile read from GitHub about the train: the tracking issue, the
// repositories and what decide asked for. Types only (and the keys that index them); no I/O.
import type { IssueObservation } from "./issue-observation.js";
import type { RepoObservation } from "./repo-observation.js";

/** Identifies a train: the tracking issue in the orchestration repository. */
export interface TrainRef {
  owner: string;
  repo: string;
  issueNumber: number;
  installationId: number;
}

export const trainId = (t: Pick<TrainRef, "owner" | "repo" | "issueNumber">): string =>
  `${t.owner}/${t.repo}#${t.issueNumber}`;

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
  /**
   * Repositories taken from the app's cache of earlier reads, unread by this reconcile: as
   * GitHub was then, which may be before a command now being judged was made.
   */
  unverified?: string[];
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
