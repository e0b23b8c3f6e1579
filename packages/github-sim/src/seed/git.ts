// Repositories, branches, commits, tags and refs, seeded.
import { toGitHubTime } from "../clock.js";
import type { SimCore } from "../core.js";
import { buildCommit, setRef } from "../ops/git.js";
import type { Repo } from "../store/types.js";
import { seedOrg } from "./accounts.js";

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

export interface SeedTagOptions {
  target?: string;
  message?: string;
  tagger?: string;
  date?: string | Date;
}

function iso(d: string | Date | undefined, fallback: string): string {
  return d === undefined ? fallback : toGitHubTime(new Date(d).getTime());
}

export function seedRepo(core: SimCore, fullName: string, opts: SeedRepoOptions = {}): Repo {
  const [owner, name, ...rest] = fullName.split("/");
  if (!owner || !name || rest.length) throw new Error(`[sim] repository name must be "owner/name", got "${fullName}"`);
  if (!core.store.account(owner)) seedOrg(core, owner);
  const now = iso(opts.date, core.now());
  const repo = core.store.createRepo(core.store.requireAccount(owner).login, name, {
    createdAt: now,
    ...(opts.private !== undefined ? { private: opts.private } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.defaultBranch !== undefined ? { defaultBranch: opts.defaultBranch } : {}),
    ...(opts.archived !== undefined ? { archived: opts.archived } : {}),
  });
  const author = core.store.person(opts.author ?? repo.owner, now);
  const c = buildCommit(repo, null, { message: opts.message ?? "Initial commit", files: opts.files ?? {}, author });
  repo.git.refs.set(`refs/heads/${repo.defaultBranch}`, c.sha);
  return repo;
}

export function seedBranch(core: SimCore, repoName: string, branch: string, from?: string): string {
  const repo = core.store.requireRepo(repoName);
  const sha = repo.git.resolveCommit(from ?? repo.defaultBranch);
  if (!sha) throw new Error(`[sim] cannot resolve "${from}" in ${repoName}`);
  repo.git.refs.set(`refs/heads/${branch}`, sha);
  return sha;
}

export function seedCommit(core: SimCore, repoName: string, branch: string, input: SeedCommitInput): string {
  const repo = core.store.requireRepo(repoName);
  const ref = `refs/heads/${branch}`;
  const parent = repo.git.refs.get(ref) ?? repo.git.refs.get(`refs/heads/${repo.defaultBranch}`) ?? null;
  const date = iso(input.date, core.now());
  if (input.author) core.store.ensureAccount(input.author, "User");
  const c = buildCommit(repo, parent, {
    message: input.message,
    files: input.files ?? {},
    author: core.store.person(input.author ?? repo.owner, date),
  });
  repo.git.refs.set(ref, c.sha);
  syncPulls(repo, branch, c.sha);
  return c.sha;
}

function syncPulls(repo: Repo, branch: string, sha: string): void {
  for (const pr of repo.pulls.values()) {
    if (repo.issues.get(pr.number)?.state !== "open") continue;
    if (pr.headRef === branch) pr.headSha = sha;
    if (pr.baseRef === branch) pr.baseSha = sha;
  }
}

export function seedTag(core: SimCore, repoName: string, name: string, opts: SeedTagOptions = {}): string {
  const repo = core.store.requireRepo(repoName);
  const target = repo.git.resolveCommit(opts.target ?? repo.defaultBranch);
  if (!target) throw new Error(`[sim] cannot resolve "${opts.target}" in ${repoName}`);
  let sha = target;
  if (opts.message !== undefined) {
    const t = repo.git.createTag({
      tag: name,
      message: opts.message,
      object: target,
      tagger: core.store.person(opts.tagger ?? repo.owner, iso(opts.date, core.now())),
    });
    sha = t.sha;
  }
  repo.git.refs.set(`refs/tags/${name}`, sha);
  return sha;
}

export function seedRef(core: SimCore, repoName: string, ref: string, sha: string | null): void {
  const repo = core.store.requireRepo(repoName);
  core.silently(() => setRef(core, repo, ref, sha, repo.owner));
}
