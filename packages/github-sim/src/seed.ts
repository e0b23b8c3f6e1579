import { parseProtection, parseRuleset } from "./rest/protection.js";
import type { SimCore } from "./core.js";
import { createCheckRun, createStatus } from "./ops/checks.js";
import {
  createDeployment,
  createDeploymentStatus,
  createRelease,
  type CreateDeploymentInput,
  type ReleaseInput,
} from "./ops/deployments.js";
import { buildCommit, setRef } from "./ops/git.js";
import { putEnvironment } from "./ops/environments.js";
import { createComment, createIssue, createLabel, createMilestone, updateIssue } from "./ops/issues.js";
import { createPull, submitReview } from "./ops/pulls.js";
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
import { toGitHubTime } from "./clock.js";
import { nodeId } from "./util/ids.js";

export interface SeedCommitInput {
  message: string;
  /** path -> content; null deletes the file */
  files?: Record<string, string | null>;
  /** GitHub login of the author (default: the repository owner) */
  author?: string;
  date?: string | Date;
}

export interface SeedRepoOptions {
  defaultBranch?: string;
  /** Files of the initial commit (path -> content). */
  files?: Record<string, string>;
  private?: boolean;
  description?: string;
  archived?: boolean;
  /** Author of the initial commit (default: the owner) */
  author?: string;
  message?: string;
  date?: string | Date;
}

export interface SeedIssueInput {
  title: string;
  body?: string;
  author?: string;
  labels?: string[];
  milestone?: number;
  assignees?: string[];
  state?: "open" | "closed";
  comments?: { author: string; body: string }[];
}

export const DEFAULT_PERMISSIONS: Record<string, string> = {
  checks: "write",
  contents: "write",
  deployments: "write",
  discussions: "write",
  issues: "write",
  metadata: "read",
  members: "read",
  pull_requests: "write",
  security_events: "read",
  statuses: "write",
};

export const DEFAULT_EVENTS = [
  "check_run",
  "check_suite",
  "create",
  "delete",
  "deployment",
  "deployment_status",
  "issue_comment",
  "issues",
  "label",
  "milestone",
  "pull_request",
  "pull_request_review",
  "push",
  "release",
  "status",
];

function iso(d: string | Date | undefined, fallback: string): string {
  return d === undefined ? fallback : toGitHubTime(new Date(d).getTime());
}

/**
 * Seeding helpers: put state in place without emitting webhooks or
 * recording requests. All return plain values (ids, numbers, shas).
 */
export class Seeder {
  constructor(private readonly core: SimCore) {}

  private get store() {
    return this.core.store;
  }

  private repoOf(fullName: string): Repo {
    return this.store.requireRepo(fullName);
  }

  app(opts: {
    id: number;
    slug: string;
    name?: string;
    publicKey?: string | null;
    owner?: string;
    permissions?: Record<string, string>;
    events?: string[];
  }): SimApp {
    const owner = opts.owner ?? "sim-apps";
    this.store.ensureAccount(owner, "Organization");
    const app: SimApp = {
      id: opts.id,
      nodeId: nodeId("A", opts.id),
      slug: opts.slug,
      name: opts.name ?? opts.slug,
      owner,
      publicKeyPem: opts.publicKey ?? null,
      permissions: opts.permissions ?? DEFAULT_PERMISSIONS,
      events: opts.events ?? DEFAULT_EVENTS,
      createdAt: "2020-01-01T00:00:00Z",
      botLogin: `${opts.slug}[bot]`,
    };
    this.store.apps.set(app.id, app);
    this.store.ensureAccount(app.botLogin, "Bot");
    return app;
  }

  org(login: string, opts: { name?: string } = {}): Account {
    const a = this.store.ensureAccount(login, "Organization", { name: opts.name ?? null });
    a.type = "Organization";
    return a;
  }

  user(login: string, opts: { type?: "User" | "Bot"; name?: string; email?: string } = {}): Account {
    const a = this.store.ensureAccount(login, opts.type ?? "User", {
      name: opts.name ?? null,
      email: opts.email ?? null,
    });
    if (opts.name !== undefined) a.name = opts.name;
    if (opts.email !== undefined) a.email = opts.email;
    return a;
  }

  team(
    org: string,
    slug: string,
    opts: { name?: string; description?: string; maintainers?: string[]; members?: string[] } = {},
  ): Team {
    this.org(org);
    for (const l of [...(opts.maintainers ?? []), ...(opts.members ?? [])]) this.user(l);
    const id = this.store.ids.take("team");
    const t: Team = {
      id,
      nodeId: nodeId("T", id),
      org,
      slug,
      name: opts.name ?? slug,
      description: opts.description ?? null,
      maintainers: new Set(opts.maintainers ?? []),
      members: new Set(opts.members ?? []),
    };
    this.store.teams.set(`${org.toLowerCase()}/${slug.toLowerCase()}`, t);
    return t;
  }

  /** Installs an app (default: the main app) on an account, for all its repositories. */
  installation(opts: {
    account: string;
    id?: number;
    appId?: number;
    permissions?: Record<string, string>;
    events?: string[];
  }): Installation {
    const appId = opts.appId ?? this.core.mainAppId;
    const app = this.store.app(appId);
    if (!app) throw new Error(`[sim] unknown app ${appId}`);
    if (!this.store.account(opts.account)) this.org(opts.account);
    const id = opts.id ?? this.store.ids.take("installation");
    const inst: Installation = {
      id,
      nodeId: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", id),
      appId,
      account: this.store.requireAccount(opts.account).login,
      repositorySelection: "all",
      permissions: opts.permissions ?? app.permissions,
      events: opts.events ?? app.events,
      createdAt: this.core.now(),
    };
    this.store.installations.set(id, inst);
    return inst;
  }

  /** Creates a repository with an initial commit on its default branch. The owner is created as an organization if unknown. */
  repo(fullName: string, opts: SeedRepoOptions = {}): Repo {
    const [owner, name, ...rest] = fullName.split("/");
    if (!owner || !name || rest.length)
      throw new Error(`[sim] repository name must be "owner/name", got "${fullName}"`);
    if (!this.store.account(owner)) this.org(owner);
    const now = iso(opts.date, this.core.now());
    const repo = this.store.createRepo(this.store.requireAccount(owner).login, name, {
      createdAt: now,
      ...(opts.private !== undefined ? { private: opts.private } : {}),
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.defaultBranch !== undefined ? { defaultBranch: opts.defaultBranch } : {}),
      ...(opts.archived !== undefined ? { archived: opts.archived } : {}),
    });
    const author = this.store.person(opts.author ?? repo.owner, now);
    const c = buildCommit(repo, null, { message: opts.message ?? "Initial commit", files: opts.files ?? {}, author });
    repo.git.refs.set(`refs/heads/${repo.defaultBranch}`, c.sha);
    return repo;
  }

  /** Creates a branch at `from` (ref, branch, tag or sha; default: the default branch). Returns its sha. */
  branch(repoName: string, branch: string, from?: string): string {
    const repo = this.repoOf(repoName);
    const sha = repo.git.resolveCommit(from ?? repo.defaultBranch);
    if (!sha) throw new Error(`[sim] cannot resolve "${from}" in ${repoName}`);
    repo.git.refs.set(`refs/heads/${branch}`, sha);
    return sha;
  }

  /** Adds a commit on a branch (created from the default branch if missing). Returns the commit sha. */
  commit(repoName: string, branch: string, input: SeedCommitInput): string {
    const repo = this.repoOf(repoName);
    const ref = `refs/heads/${branch}`;
    const parent = repo.git.refs.get(ref) ?? repo.git.refs.get(`refs/heads/${repo.defaultBranch}`) ?? null;
    const date = iso(input.date, this.core.now());
    if (input.author) this.store.ensureAccount(input.author, "User");
    const c = buildCommit(repo, parent, {
      message: input.message,
      files: input.files ?? {},
      author: this.store.person(input.author ?? repo.owner, date),
    });
    repo.git.refs.set(ref, c.sha);
    this.syncPulls(repo, branch, c.sha);
    return c.sha;
  }

  private syncPulls(repo: Repo, branch: string, sha: string): void {
    for (const pr of repo.pulls.values()) {
      if (repo.issues.get(pr.number)?.state !== "open") continue;
      if (pr.headRef === branch) pr.headSha = sha;
      if (pr.baseRef === branch) pr.baseSha = sha;
    }
  }

  /**
   * Creates a tag at `target` (default: default branch). With `message`, an
   * annotated tag object is created too. Returns the sha the ref points to.
   */
  tag(
    repoName: string,
    name: string,
    opts: { target?: string; message?: string; tagger?: string; date?: string | Date } = {},
  ): string {
    const repo = this.repoOf(repoName);
    const target = repo.git.resolveCommit(opts.target ?? repo.defaultBranch);
    if (!target) throw new Error(`[sim] cannot resolve "${opts.target}" in ${repoName}`);
    let sha = target;
    if (opts.message !== undefined) {
      const t = repo.git.createTag({
        tag: name,
        message: opts.message,
        object: target,
        tagger: this.store.person(opts.tagger ?? repo.owner, iso(opts.date, this.core.now())),
      });
      sha = t.sha;
    }
    repo.git.refs.set(`refs/tags/${name}`, sha);
    return sha;
  }

  label(repoName: string, name: string, opts: { color?: string; description?: string } = {}): Label {
    const repo = this.repoOf(repoName);
    return this.core.silently(() => createLabel(this.core, repo, repo.owner, { name, ...opts }));
  }

  milestone(
    repoName: string,
    title: string,
    opts: { description?: string; state?: "open" | "closed"; dueOn?: string; author?: string } = {},
  ): number {
    const repo = this.repoOf(repoName);
    return this.core.silently(
      () =>
        createMilestone(this.core, repo, opts.author ?? repo.owner, {
          title,
          ...(opts.description !== undefined ? { description: opts.description } : {}),
          ...(opts.state !== undefined ? { state: opts.state } : {}),
          ...(opts.dueOn !== undefined ? { due_on: opts.dueOn } : {}),
        }).number,
    );
  }

  issue(repoName: string, input: SeedIssueInput): number {
    const repo = this.repoOf(repoName);
    const author = input.author ?? repo.owner;
    this.store.ensureAccount(author, "User");
    return this.core.silently(() => {
      const i = createIssue(this.core, repo, author, {
        title: input.title,
        body: input.body ?? null,
        labels: input.labels ?? [],
        milestone: input.milestone ?? null,
        assignees: input.assignees ?? [],
      });
      for (const c of input.comments ?? []) {
        this.store.ensureAccount(c.author, "User");
        createComment(this.core, repo, i, c.author, c.body);
      }
      if (input.state === "closed") updateIssue(this.core, repo, i, author, { state: "closed" });
      return i.number;
    });
  }

  comment(repoName: string, issueNumber: number, body: string, author?: string): number {
    const repo = this.repoOf(repoName);
    const issue = repo.issues.get(issueNumber);
    if (!issue) throw new Error(`[sim] no issue #${issueNumber} in ${repoName}`);
    const who = author ?? repo.owner;
    this.store.ensureAccount(who, "User");
    return this.core.silently(() => createComment(this.core, repo, issue, who, body).id);
  }

  pull(
    repoName: string,
    input: { head: string; base?: string; title: string; body?: string; author?: string; draft?: boolean },
  ): number {
    const repo = this.repoOf(repoName);
    const author = input.author ?? repo.owner;
    return this.core.silently(
      () =>
        createPull(this.core, repo, author, {
          head: input.head,
          base: input.base ?? repo.defaultBranch,
          title: input.title,
          body: input.body ?? null,
          draft: input.draft ?? false,
        }).pr.number,
    );
  }

  review(repoName: string, number: number, author: string, state: ReviewState, body = ""): number {
    const repo = this.repoOf(repoName);
    this.store.ensureAccount(author, "User");
    return this.core.silently(() => submitReview(this.core, repo, number, author, { state, body }).id);
  }

  /** Classic branch protection, with the body of `PUT /repos/{o}/{r}/branches/{b}/protection` (the four nullable keys default to null). */
  protectBranch(repoName: string, branch: string, body: Record<string, unknown>): void {
    const repo = this.repoOf(repoName);
    repo.protection.classic.set(
      branch,
      parseProtection(branch, {
        required_status_checks: null,
        enforce_admins: null,
        required_pull_request_reviews: null,
        restrictions: null,
        ...body,
      }),
    );
  }

  /** Makes `login` an administrator of the repository (who bypasses classic protection that does not enforce admins). */
  repoAdmin(repoName: string, login: string): void {
    this.user(login);
    this.repoOf(repoName).protection.admins.add(login);
  }

  /** A deployment environment with its protection rules (reviewers by login, or by team slug in the repository's organisation). */
  environment(
    repoName: string,
    name: string,
    rules: {
      reviewers?: Array<{ user: string } | { team: string }>;
      waitTimer?: number;
      preventSelfReview?: boolean;
    } = {},
  ): number {
    const reviewers = (rules.reviewers ?? []).map((r) =>
      "user" in r ? { type: "User" as const, name: r.user } : { type: "Team" as const, name: r.team },
    );
    return putEnvironment(this.core, this.repoOf(repoName), name, {
      reviewers,
      wait_timer: rules.waitTimer ?? 0,
      prevent_self_review: rules.preventSelfReview ?? false,
    }).id;
  }

  /** A repository ruleset, with the body of `POST /repos/{o}/{r}/rulesets`; returns its id. */
  ruleset(repoName: string, body: Record<string, unknown>): number {
    const repo = this.repoOf(repoName);
    const ruleset = parseRuleset({ enforcement: "active", ...body }, this.store.ids.take("ruleset"), this.core.now());
    repo.protection.rulesets.push(ruleset);
    return ruleset.id;
  }

  /** Forces a pull request's mergeability (false = conflicting, true = mergeable, null = computed from the trees). */
  mergeable(repoName: string, number: number, mergeable: boolean | null): void {
    const pr = this.repoOf(repoName).pulls.get(number);
    if (!pr) throw new Error(`[sim] no pull request #${number} in ${repoName}`);
    pr.mergeableOverride = mergeable;
  }

  status(
    repoName: string,
    sha: string,
    context: string,
    state: StatusState,
    opts: { description?: string; targetUrl?: string; creator?: string } = {},
  ): number {
    const repo = this.repoOf(repoName);
    return this.core.silently(
      () =>
        createStatus(this.core, repo, sha, opts.creator ?? repo.owner, {
          state,
          context,
          ...(opts.description !== undefined ? { description: opts.description } : {}),
          ...(opts.targetUrl !== undefined ? { target_url: opts.targetUrl } : {}),
        }).id,
    );
  }

  /** A completed (or, with conclusion null, queued) check run by an app (default: the "ci" app). */
  checkRun(
    repoName: string,
    sha: string,
    name: string,
    conclusion: CheckConclusion | null,
    opts: { appSlug?: string } = {},
  ): number {
    const repo = this.repoOf(repoName);
    const app = this.ciApp(opts.appSlug);
    return this.core.silently(
      () =>
        createCheckRun(this.core, repo, app.id, app.botLogin, {
          name,
          head_sha: sha,
          ...(conclusion ? { status: "completed", conclusion } : { status: "queued" }),
        }).id,
    );
  }

  /** The CI app used for simulated check runs (created on first use). */
  ciApp(slug = "ci"): SimApp {
    const existing = this.store.appBySlug(slug);
    if (existing) return existing;
    let id = 90001;
    while (this.store.app(id)) id++;
    return this.app({ id, slug, name: slug === "ci" ? "CI" : slug });
  }

  discussionCategory(
    repoName: string,
    name: string,
    opts: { emoji?: string; description?: string; isAnswerable?: boolean } = {},
  ): string {
    const repo = this.repoOf(repoName);
    const id = nodeId("DIC", `${repo.id}:${repo.discussionCategories.length + 1}`);
    repo.discussionCategories.push({
      id,
      name,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      emoji: opts.emoji ?? ":speech_balloon:",
      description: opts.description ?? "",
      isAnswerable: opts.isAnswerable ?? false,
    });
    return id;
  }

  /** Enables code scanning on a repository (so the alerts API stops answering "no analysis found") and adds alerts. */
  codeScanning(repoName: string, alerts: Partial<CodeScanningAlert>[] = []): void {
    const repo = this.repoOf(repoName);
    repo.codeScanning.enabled = true;
    for (const a of alerts) {
      repo.codeScanning.alerts.push({
        number: a.number ?? repo.codeScanning.alerts.length + 1,
        state: a.state ?? "open",
        ruleId: a.ruleId ?? "js/sql-injection",
        severity: a.severity ?? "error",
        securitySeverityLevel: a.securitySeverityLevel === undefined ? "high" : a.securitySeverityLevel,
        description: a.description ?? "Database query built from user-controlled sources",
        toolName: a.toolName ?? "CodeQL",
        ref: a.ref ?? `refs/heads/${repo.defaultBranch}`,
        createdAt: a.createdAt ?? this.core.now(),
      });
    }
  }

  /** A release (creating its tag from target_commitish when missing). Returns the release id. */
  release(repoName: string, input: ReleaseInput & { tag_name: string; author?: string }): number {
    const repo = this.repoOf(repoName);
    return this.core.silently(() => createRelease(this.core, repo, input.author ?? repo.owner, input).id);
  }

  /** A deployment (required contexts are not checked unless given), optionally with status states in order. Returns its id. */
  deployment(
    repoName: string,
    input: CreateDeploymentInput & { ref: string; creator?: string; statuses?: string[] },
  ): number {
    const repo = this.repoOf(repoName);
    const creator = input.creator ?? repo.owner;
    return this.core.silently(() => {
      const d = createDeployment(this.core, repo, creator, { required_contexts: [], ...input });
      for (const state of input.statuses ?? []) createDeploymentStatus(this.core, repo, d, creator, { state });
      return d.id;
    });
  }

  /** Moves a ref directly (no webhooks). */
  ref(repoName: string, ref: string, sha: string | null): void {
    const repo = this.repoOf(repoName);
    this.core.silently(() => setRef(this.core, repo, ref, sha, repo.owner));
  }
}
