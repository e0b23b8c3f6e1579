import type { SimCore } from "./core.js";
import { seedOrg, seedTeam, seedUser, type SeedTeamOptions, type SeedUserOptions } from "./seed/accounts.js";
import { seedApp, seedCiApp, seedInstallation, type SeedAppInput, type SeedInstallationInput } from "./seed/apps.js";
import { seedCheckRun, seedCodeScanning, seedStatus, type SeedStatusOptions } from "./seed/checks.js";
import {
  seedDeployment,
  seedEnvironment,
  seedRelease,
  type SeedDeploymentInput,
  type SeedEnvironmentRules,
  type SeedReleaseInput,
} from "./seed/deployments.js";
import {
  seedBranch,
  seedCommit,
  seedRef,
  seedRepo,
  seedTag,
  type SeedCommitInput,
  type SeedRepoOptions,
  type SeedTagOptions,
} from "./seed/git.js";
import {
  seedComment,
  seedDiscussionCategory,
  seedIssue,
  seedLabel,
  seedMilestone,
  type SeedDiscussionCategoryOptions,
  type SeedIssueInput,
  type SeedMilestoneOptions,
} from "./seed/issues.js";
import { seedProtectBranch, seedRepoAdmin, seedRuleset } from "./seed/protection.js";
import { seedMergeable, seedPull, seedReview, type SeedPullInput } from "./seed/pulls.js";
import type {
  Account,
  CheckConclusion,
  CodeScanningAlert,
  Installation,
  Label,
  Repo,
  ReviewState,
  SimApp,
  StatusState,
  Team,
} from "./store/types.js";

export { DEFAULT_EVENTS, DEFAULT_PERMISSIONS } from "./seed/apps.js";
export type { SeedCommitInput, SeedRepoOptions } from "./seed/git.js";
export type { SeedIssueInput } from "./seed/issues.js";

/**
 * Seeding helpers: put state in place without emitting webhooks or
 * recording requests. All return plain values (ids, numbers, shas).
 * Each domain's helpers live in seed/.
 */
export class Seeder {
  constructor(private readonly core: SimCore) {}

  app(opts: SeedAppInput): SimApp {
    return seedApp(this.core, opts);
  }

  org(login: string, opts: { name?: string } = {}): Account {
    return seedOrg(this.core, login, opts);
  }

  user(login: string, opts: SeedUserOptions = {}): Account {
    return seedUser(this.core, login, opts);
  }

  team(org: string, slug: string, opts: SeedTeamOptions = {}): Team {
    return seedTeam(this.core, org, slug, opts);
  }

  /** Installs an app (default: the main app) on an account, for all its repositories. */
  installation(opts: SeedInstallationInput): Installation {
    return seedInstallation(this.core, opts);
  }

  /** Creates a repository with an initial commit on its default branch. The owner is created as an organization if unknown. */
  repo(fullName: string, opts: SeedRepoOptions = {}): Repo {
    return seedRepo(this.core, fullName, opts);
  }

  /** Creates a branch at `from` (ref, branch, tag or sha; default: the default branch). Returns its sha. */
  branch(repoName: string, branch: string, from?: string): string {
    return seedBranch(this.core, repoName, branch, from);
  }

  /** Adds a commit on a branch (created from the default branch if missing). Returns the commit sha. */
  commit(repoName: string, branch: string, input: SeedCommitInput): string {
    return seedCommit(this.core, repoName, branch, input);
  }

  /**
   * Creates a tag at `target` (default: default branch). With `message`, an
   * annotated tag object is created too. Returns the sha the ref points to.
   */
  tag(repoName: string, name: string, opts: SeedTagOptions = {}): string {
    return seedTag(this.core, repoName, name, opts);
  }

  label(repoName: string, name: string, opts: { color?: string; description?: string } = {}): Label {
    return seedLabel(this.core, repoName, name, opts);
  }

  milestone(repoName: string, title: string, opts: SeedMilestoneOptions = {}): number {
    return seedMilestone(this.core, repoName, title, opts);
  }

  issue(repoName: string, input: SeedIssueInput): number {
    return seedIssue(this.core, repoName, input);
  }

  comment(repoName: string, issueNumber: number, body: string, author?: string): number {
    return seedComment(this.core, repoName, issueNumber, body, author);
  }

  pull(repoName: string, input: SeedPullInput): number {
    return seedPull(this.core, repoName, input);
  }

  review(repoName: string, number: number, author: string, state: ReviewState, body = ""): number {
    return seedReview(this.core, repoName, number, author, state, body);
  }

  /** Classic branch protection, with the body of `PUT /repos/{o}/{r}/branches/{b}/protection` (the four nullable keys default to null). */
  protectBranch(repoName: string, branch: string, body: Record<string, unknown>): void {
    seedProtectBranch(this.core, repoName, branch, body);
  }

  /** Makes `login` an administrator of the repository (who bypasses classic protection that does not enforce admins). */
  repoAdmin(repoName: string, login: string): void {
    seedRepoAdmin(this.core, repoName, login);
  }

  /** A deployment environment with its protection rules (reviewers by login, or by team slug in the repository's organisation). */
  environment(repoName: string, name: string, rules: SeedEnvironmentRules = {}): number {
    return seedEnvironment(this.core, repoName, name, rules);
  }

  /** A repository ruleset, with the body of `POST /repos/{o}/{r}/rulesets`; returns its id. */
  ruleset(repoName: string, body: Record<string, unknown>): number {
    return seedRuleset(this.core, repoName, body);
  }

  /** Forces a pull request's mergeability (false = conflicting, true = mergeable, null = computed from the trees). */
  mergeable(repoName: string, number: number, mergeable: boolean | null): void {
    seedMergeable(this.core, repoName, number, mergeable);
  }

  status(repoName: string, sha: string, context: string, state: StatusState, opts: SeedStatusOptions = {}): number {
    return seedStatus(this.core, repoName, sha, context, state, opts);
  }

  /** A completed (or, with conclusion null, queued) check run by an app (default: the "ci" app). */
  checkRun(
    repoName: string,
    sha: string,
    name: string,
    conclusion: CheckConclusion | null,
    opts: { appSlug?: string } = {},
  ): number {
    return seedCheckRun(this.core, repoName, sha, name, conclusion, opts);
  }

  /** The CI app used for simulated check runs (created on first use). */
  ciApp(slug = "ci"): SimApp {
    return seedCiApp(this.core, slug);
  }

  discussionCategory(repoName: string, name: string, opts: SeedDiscussionCategoryOptions = {}): string {
    return seedDiscussionCategory(this.core, repoName, name, opts);
  }

  /** Enables code scanning on a repository (so the alerts API stops answering "no analysis found") and adds alerts. */
  codeScanning(repoName: string, alerts: Partial<CodeScanningAlert>[] = []): void {
    seedCodeScanning(this.core, repoName, alerts);
  }

  /** A release (creating its tag from target_commitish when missing). Returns the release id. */
  release(repoName: string, input: SeedReleaseInput): number {
    return seedRelease(this.core, repoName, input);
  }

  /** A deployment (required contexts are not checked unless given), optionally with status states in order. Returns its id. */
  deployment(repoName: string, input: SeedDeploymentInput): number {
    return seedDeployment(this.core, repoName, input);
  }

  /** Moves a ref directly (no webhooks). */
  ref(repoName: string, ref: string, sha: string | null): void {
    seedRef(this.core, repoName, ref, sha);
  }
}
