// What a person does with git: pushes (branch protection and rulesets apply), new branches, force pushes.
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import { commitOnBranch, refChange, setRef } from "../ops/git.js";
import { assertPushAllowed } from "../ops/protection.js";
import type { Repo } from "../store/types.js";

export function pushCommit(
  core: SimCore,
  repo: Repo,
  login: string,
  branch: string,
  input: { message: string; files?: Record<string, string | null> },
): string {
  return commitOnBranch(core, repo, branch, {
    message: input.message,
    files: input.files ?? {},
    actor: login,
    guard: { appId: null },
  }).sha;
}

export function createBranch(core: SimCore, repo: Repo, login: string, branch: string, from?: string): string {
  const sha = repo.git.resolveCommit(from ?? repo.defaultBranch);
  if (!sha) throw new ApiError(422, "Object does not exist");
  if (repo.git.refs.has(`refs/heads/${branch}`)) throw new ApiError(422, "Reference already exists");
  setRef(core, repo, `refs/heads/${branch}`, sha, login);
  return sha;
}

export function forcePush(core: SimCore, repo: Repo, login: string, ref: string, sha: string | null): void {
  const full = ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;
  const current = repo.git.refs.get(full);
  if (current !== sha) assertPushAllowed(core, repo, full, login, null, refChange(repo, current, sha), sha);
  setRef(core, repo, full, sha, login);
}
