// What a person does to issues, comments and milestones, beyond a single operation.
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import { createIssue, createMilestone, updateMilestone } from "../ops/issues.js";
import type { IssueComment, Repo } from "../store/types.js";

export function openIssue(
  core: SimCore,
  repo: Repo,
  login: string,
  input: { title: string; body?: string; labels?: string[]; milestone?: number },
): number {
  return createIssue(core, repo, login, {
    title: input.title,
    body: input.body ?? null,
    labels: input.labels ?? [],
    milestone: input.milestone ?? null,
  }).number;
}

/** The comment with that id in the repository, or the REST API's 404. */
export function requireComment(core: SimCore, repo: Repo, id: number): IssueComment {
  const c = core.store.comment(repo, id);
  if (!c) throw new ApiError(404, "Not Found");
  return c;
}

export function openMilestone(
  core: SimCore,
  repo: Repo,
  login: string,
  title: string,
  opts: { description?: string; dueOn?: string },
): number {
  return createMilestone(core, repo, login, {
    title,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.dueOn !== undefined ? { due_on: opts.dueOn } : {}),
  }).number;
}

export function closeMilestone(core: SimCore, repo: Repo, login: string, number: number): void {
  const m = repo.milestones.get(number);
  if (!m) throw new ApiError(404, "Not Found");
  updateMilestone(core, repo, m, login, { state: "closed" });
}
