import { emptyEnvironments } from "./environments.js";
import { emptyProtection } from "./protection.js";
import { GitDb, type GitPerson } from "./git.js";
import { IdSequence, nodeId } from "../util/ids.js";
import type {
  Account,
  AccountType,
  Installation,
  InstallationToken,
  IssueComment,
  Repo,
  SimApp,
  Team,
} from "./types.js";

/**
 * The complete state of the simulated GitHub. Plain data, no side effects:
 * webhooks and request recording live elsewhere.
 */
export class SimStore {
  readonly ids = new IdSequence();
  readonly accounts = new Map<string, Account>();
  readonly teams = new Map<string, Team>();
  readonly apps = new Map<number, SimApp>();
  readonly installations = new Map<number, Installation>();
  readonly tokens = new Map<string, InstallationToken>();
  readonly repos = new Map<string, Repo>();
  readonly comments = new Map<number, IssueComment>();

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  requireAccount(login: string): Account {
    const a = this.account(login);
    if (!a) throw new Error(`[sim] unknown account "${login}" (seed it first)`);
    return a;
  }

  ensureAccount(
    login: string,
    type: AccountType = "User",
    extra: { name?: string | null; email?: string | null; createdAt?: string } = {},
  ): Account {
    const existing = this.account(login);
    if (existing) return existing;
    const id = this.ids.take("account");
    const prefix = type === "Organization" ? "O" : type === "Bot" ? "BOT" : "U";
    const account: Account = {
      id,
      nodeId: nodeId(prefix, id),
      login,
      type,
      name: extra.name ?? null,
      email: extra.email ?? null,
      createdAt: extra.createdAt ?? "2020-01-01T00:00:00Z",
    };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  /** Git identity for an account, using GitHub's noreply address when it has no public email. */
  person(login: string, date: string): GitPerson {
    const a = this.account(login);
    const name = a?.name ?? login;
    const email = a?.email ?? `${a?.id ?? 0}+${login}@users.noreply.github.com`;
    return { name, email, date, login: a?.login ?? login };
  }

  team(org: string, slug: string): Team | undefined {
    return this.teams.get(`${org.toLowerCase()}/${slug.toLowerCase()}`);
  }

  repo(fullName: string): Repo | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  requireRepo(fullName: string): Repo {
    const r = this.repo(fullName);
    if (!r) throw new Error(`[sim] unknown repository "${fullName}" (seed it first)`);
    return r;
  }

  repoByNodeId(id: string): Repo | undefined {
    for (const r of this.repos.values()) if (r.nodeId === id) return r;
    return undefined;
  }

  reposOf(owner: string): Repo[] {
    return [...this.repos.values()]
      .filter((r) => r.owner.toLowerCase() === owner.toLowerCase())
      .sort((a, b) => a.id - b.id);
  }

  app(id: number): SimApp | undefined {
    return this.apps.get(id);
  }

  appBySlug(slug: string): SimApp | undefined {
    for (const a of this.apps.values()) if (a.slug === slug) return a;
    return undefined;
  }

  appByBotLogin(login: string): SimApp | undefined {
    for (const a of this.apps.values()) if (a.botLogin.toLowerCase() === login.toLowerCase()) return a;
    return undefined;
  }

  /** The installation of `appId` (or of any app, if omitted) on an account. */
  installationFor(account: string, appId?: number): Installation | undefined {
    for (const inst of this.installations.values()) {
      if (inst.account.toLowerCase() === account.toLowerCase() && (appId === undefined || inst.appId === appId))
        return inst;
    }
    return undefined;
  }

  createRepo(
    owner: string,
    name: string,
    opts: {
      private?: boolean;
      description?: string | null;
      defaultBranch?: string;
      archived?: boolean;
      createdAt: string;
    },
  ): Repo {
    const fullName = `${owner}/${name}`;
    if (this.repo(fullName)) throw new Error(`[sim] repository "${fullName}" already exists`);
    const id = this.ids.take("repo");
    const repo: Repo = {
      id,
      nodeId: nodeId("R", id),
      owner,
      name,
      fullName,
      private: opts.private ?? false,
      description: opts.description ?? null,
      defaultBranch: opts.defaultBranch ?? "main",
      archived: opts.archived ?? false,
      createdAt: opts.createdAt,
      updatedAt: opts.createdAt,
      pushedAt: opts.createdAt,
      git: new GitDb(),
      nextNumber: 1,
      nextMilestoneNumber: 1,
      issues: new Map(),
      deletedIssues: new Set(),
      pulls: new Map(),
      reviews: [],
      labels: new Map(),
      milestones: new Map(),
      statuses: [],
      checkSuites: [],
      checkRuns: [],
      deployments: [],
      releases: [],
      codeScanning: { enabled: false, alerts: [] },
      discussionCategories: [],
      discussions: [],
      protection: emptyProtection(),
      environments: emptyEnvironments(),
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  commentsOf(repo: Repo, issueNumber: number): IssueComment[] {
    const out: IssueComment[] = [];
    for (const c of this.comments.values()) {
      if (!c.deleted && c.repo === repo.fullName && c.issueNumber === issueNumber) out.push(c);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  comment(repo: Repo, id: number): IssueComment | undefined {
    const c = this.comments.get(id);
    return c && !c.deleted && c.repo === repo.fullName ? c : undefined;
  }
}
