// What a person does to open a pull request.
import type { SimCore } from "../core.js";
import { createPull } from "../ops/pulls.js";
import type { Repo } from "../store/types.js";

export function openPullRequest(
  core: SimCore,
  repo: Repo,
  login: string,
  input: { head: string; base?: string; title: string; body?: string; draft?: boolean },
): number {
  return createPull(core, repo, login, {
    head: input.head,
    base: input.base ?? repo.defaultBranch,
    title: input.title,
    body: input.body ?? null,
    draft: input.draft ?? false,
  }).pr.number;
}
