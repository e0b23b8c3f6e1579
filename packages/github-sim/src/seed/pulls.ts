// Pull requests, their reviews, and a forced mergeability, seeded.
import type { SimCore } from "../core.js";
import { createPull, submitReview } from "../ops/pulls.js";
import type { ReviewState } from "../store/types.js";

export interface SeedPullInput {
  head: string;
  base?: string;
  title: string;
  body?: string;
  author?: string;
  draft?: boolean;
}

export function seedPull(core: SimCore, repoName: string, input: SeedPullInput): number {
  const repo = core.store.requireRepo(repoName);
  const author = input.author ?? repo.owner;
  return core.silently(
    () =>
      createPull(core, repo, author, {
        head: input.head,
        base: input.base ?? repo.defaultBranch,
        title: input.title,
        body: input.body ?? null,
        draft: input.draft ?? false,
      }).pr.number,
  );
}

export function seedReview(
  core: SimCore,
  repoName: string,
  number: number,
  author: string,
  state: ReviewState,
  body = "",
): number {
  const repo = core.store.requireRepo(repoName);
  core.store.ensureAccount(author, "User");
  return core.silently(() => submitReview(core, repo, number, author, { state, body }).id);
}

export function seedMergeable(core: SimCore, repoName: string, number: number, mergeable: boolean | null): void {
  const pr = core.store.requireRepo(repoName).pulls.get(number);
  if (!pr) throw new Error(`[sim] no pull request #${number} in ${repoName}`);
  pr.mergeableOverride = mergeable;
}
