// A repository as the store holds it: its git data and every record kept per repository.
import type { RepoEnvironments } from "../environments.js";
import type { GitDb } from "../git.js";
import type { RepoProtection } from "../protection.js";
import type { CheckRun, CheckSuite, CommitStatus } from "./checks.js";
import type { CodeScanningAlert } from "./code-scanning.js";
import type { Deployment, Release } from "./deployments.js";
import type { Discussion, DiscussionCategory } from "./discussions.js";
import type { Issue, Label, Milestone } from "./issues.js";
import type { PullRequest, Review } from "./pulls.js";

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
