import type { SimCore } from "../core.js";
import { ApiError, notFound, unprocessable } from "../errors.js";
import * as S from "../serialize/index.js";
import { assertPushAllowed, pushRefusal, rulesetViolation, type Actor, type RefChange } from "./protection.js";
import { ZERO_SHA, type CommitObject, type GitPerson } from "../store/git.js";
import type { Repo } from "../store/types.js";

const MAX_PUSH_COMMITS = 20;

export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, "");
}

export function refType(ref: string): "branch" | "tag" {
  return ref.startsWith("refs/tags/") ? "tag" : "branch";
}

/** Commits reachable from `sha` but from no other ref (GitHub's "distinct" commits of a push). */
function newCommits(repo: Repo, ref: string, sha: string, before: string | null): CommitObject[] {
  let excluded: Set<string> = new Set();
  if (before) excluded = repo.git.ancestors(before);
  else {
    for (const [name, tip] of repo.git.refs) {
      if (name === ref) continue;
      for (const s of repo.git.ancestors(repo.git.peel(tip))) excluded.add(s);
    }
  }
  return repo.git.log(repo.git.peel(sha)).filter((c) => !excluded.has(c.sha));
}

/**
 * Moves (or creates/deletes, with `sha` null) a ref and emits what GitHub
 * emits: push, create/delete, and pull_request.synchronize for open PRs.
 */
export function setRef(core: SimCore, repo: Repo, ref: string, sha: string | null, actor: string): void {
  const before = repo.git.refs.get(ref) ?? null;
  if (before === sha) return;
  if (sha === null) repo.git.refs.delete(ref);
  else repo.git.refs.set(ref, sha);
  const now = core.now();
  repo.pushedAt = now;
  repo.updatedAt = now;

  const created = before === null;
  const deleted = sha === null;
  emitPush(core, repo, ref, before, sha, actor, now);
  if (created || deleted) {
    core.emit(created ? "create" : "delete", repo, actor, {
      ref: shortRef(ref),
      ref_type: refType(ref),
      ...(created ? { master_branch: repo.defaultBranch, description: repo.description } : {}),
      pusher_type: "user",
    });
  }

  const headSha = deleted ? null : repo.git.peel(sha);
  if (refType(ref) !== "branch" || !headSha) return;
  synchronizePulls(core, repo, shortRef(ref), headSha, actor, now);
}

/** The push event for a ref moved from `before` to `sha` (either null for a creation or a deletion). */
function emitPush(
  core: SimCore,
  repo: Repo,
  ref: string,
  before: string | null,
  sha: string | null,
  actor: string,
  now: string,
): void {
  const created = before === null;
  const deleted = sha === null;
  const commits = deleted ? [] : newCommits(repo, ref, sha, before).reverse();
  const headSha = deleted ? null : repo.git.peel(sha);
  const head = headSha ? repo.git.commit(headSha) : undefined;
  const forced = !created && !deleted && !!headSha && !repo.git.isAncestor(repo.git.peel(before), headSha);
  const pusher = core.store.person(actor, now);
  core.emit(
    "push",
    repo,
    actor,
    {
      ref,
      before: before ?? ZERO_SHA,
      after: sha ?? ZERO_SHA,
      created,
      deleted,
      forced,
      base_ref: null,
      compare: compareUrl(core, repo, ref, before, sha),
      commits: commits.slice(-MAX_PUSH_COMMITS).map((c) => S.pushCommit(core, repo, c)),
      head_commit: head
        ? S.pushCommit(
            core,
            repo,
            head,
            commits.some((c) => c.sha === head.sha),
          )
        : null,
      pusher: { name: actor, email: pusher.email },
    },
    { repository: S.pushRepository(core, repo) },
  );
}

/** The push's `compare` link: the new tag, the new branch's commit, or the range moved. */
function compareUrl(core: SimCore, repo: Repo, ref: string, before: string | null, sha: string | null): string {
  const html = `${core.urls.html}/${repo.fullName}`;
  if (before !== null) return `${html}/compare/${before.slice(0, 12)}...${(sha ?? ZERO_SHA).slice(0, 12)}`;
  return refType(ref) === "tag" ? `${html}/compare/${shortRef(ref)}` : `${html}/commit/${(sha ?? "").slice(0, 12)}`;
}

/** A branch moved: open pull requests based on it follow its tip; those from it get `synchronize`. */
function synchronizePulls(
  core: SimCore,
  repo: Repo,
  branch: string,
  headSha: string,
  actor: string,
  now: string,
): void {
  for (const pr of repo.pulls.values()) {
    const issue = repo.issues.get(pr.number);
    if (issue?.state !== "open") continue;
    if (pr.baseRef === branch) pr.baseSha = headSha;
    if (pr.headRef === branch && pr.headSha !== headSha) {
      const prev = pr.headSha;
      pr.headSha = headSha;
      issue.updatedAt = now;
      core.emit("pull_request", repo, actor, {
        action: "synchronize",
        number: pr.number,
        before: prev,
        after: headSha,
        pull_request: S.pull(core, repo, issue, pr, { full: true }),
      });
    }
  }
}

export interface CommitInput {
  message: string;
  /** path -> new content; null deletes the file */
  files?: Record<string, string | Buffer | null>;
  author?: GitPerson;
  committer?: GitPerson;
  verified?: boolean;
  parents?: string[];
}

/** Builds a commit on top of `parent` (or an orphan) without moving any ref. */
export function buildCommit(
  repo: Repo,
  parent: string | null,
  input: CommitInput & { author: GitPerson },
): CommitObject {
  const base = parent ? repo.git.commit(parent) : undefined;
  const files = new Map(base?.files ?? []);
  for (const [path, content] of Object.entries(input.files ?? {})) {
    const clean = path.replace(/^\/+/, "");
    if (content === null) files.delete(clean);
    else files.set(clean, repo.git.putBlob(content));
  }
  return repo.git.createCommit({
    files,
    parents: input.parents ?? (parent ? [parent] : []),
    message: input.message,
    author: input.author,
    ...(input.committer ? { committer: input.committer } : {}),
    verified: input.verified ?? false,
  });
}

/** GitHub's web-flow committer, used for commits GitHub creates and signs. */
export function webFlow(date: string): GitPerson {
  return { name: "GitHub", email: "noreply@github.com", date, login: "web-flow" };
}

/**
 * Commits file changes on a branch (creating it from the default branch when
 * missing) and emits push. Returns the new commit.
 */
export function commitOnBranch(
  core: SimCore,
  repo: Repo,
  branch: string,
  input: CommitInput & {
    actor: string;
    expectedHeadOid?: string;
    /**
     * Branch rules apply: the app's id (null for a person) for bypasses; `file` for the
     * contents API, which answers 409 where the git APIs answer 422.
     */
    guard?: { appId: number | null; file?: "create" | "update" | "delete" };
  },
): CommitObject {
  const ref = `refs/heads/${branch}`;
  const current = repo.git.refs.get(ref);
  if (input.expectedHeadOid !== undefined && current !== input.expectedHeadOid) {
    throw new ApiError(
      409,
      `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
    );
  }
  const parent = current ?? repo.git.refs.get(`refs/heads/${repo.defaultBranch}`) ?? null;
  const now = core.now();
  const author = input.author ?? core.store.person(input.actor, now);
  const commit = buildCommit(repo, parent, { ...input, author });
  if (input.guard) {
    const change = current ? "update" : "create";
    if (input.guard.file)
      assertFileChangeAllowed(
        core,
        repo,
        ref,
        { login: input.actor, appId: input.guard.appId },
        change,
        commit.sha,
        input.guard.file,
      );
    else assertPushAllowed(core, repo, ref, input.actor, input.guard.appId, change, commit.sha);
  }
  setRef(core, repo, ref, commit.sha, input.actor);
  return commit;
}

/**
 * The contents API's refusal of a file change on a protected branch: 409 with classic
 * protection's reason after "Could not update file: " (GitHub's text for an update that
 * needs a pull request), or the ruleset's violations. The "create" and "delete" wording
 * is extrapolated from the update's; GitHub documents 409 for both endpoints.
 */
function assertFileChangeAllowed(
  core: SimCore,
  repo: Repo,
  ref: string,
  actor: Actor,
  change: RefChange,
  sha: string,
  file: "create" | "update" | "delete",
): void {
  const refusal = pushRefusal(core, repo, ref, actor, change, sha);
  if (!refusal) return;
  if (refusal.source === "classic") throw new ApiError(409, `Could not ${file} file: ${refusal.reasons.join(" ")}`);
  throw new ApiError(409, rulesetViolation(refusal.reasons).message);
}

/** What moving a ref from `current` to `sha` is, for branch rules: a creation, a fast-forward, a force-push or a deletion. */
export function refChange(repo: Repo, current: string | undefined, sha: string | null): RefChange {
  if (sha === null) return "delete";
  if (current === undefined) return "create";
  const target = repo.git.peel(sha);
  return repo.git.commit(target) && repo.git.isAncestor(repo.git.peel(current), target) ? "update" : "force";
}

/** Validates and normalises a ref name given to the git refs API. */
export function requireQualifiedRef(ref: unknown): string {
  if (typeof ref !== "string" || !ref.startsWith("refs/") || ref.split("/").length < 3) {
    throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
  }
  return ref;
}

export function requireCommit(repo: Repo, refish: string): CommitObject {
  const sha = repo.git.resolveCommit(refish);
  const c = sha ? repo.git.commit(sha) : undefined;
  if (!c) throw new ApiError(422, `No commit found for SHA: ${refish}`);
  return c;
}

export function resolveOr404(repo: Repo, refish: string): CommitObject {
  const sha = repo.git.resolveCommit(refish);
  const c = sha ? repo.git.commit(sha) : undefined;
  if (!c) throw notFound(`No commit found for SHA: ${refish}`);
  return c;
}
