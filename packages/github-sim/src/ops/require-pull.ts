import { notFound } from "../errors.js";
import type { Issue, PullRequest, Repo } from "../store/types.js";

/** A pull request and its issue, or GitHub's 404. */
export function requirePull(repo: Repo, number: number): { issue: Issue; pr: PullRequest } {
  const pr = repo.pulls.get(number);
  const issue = repo.issues.get(number);
  if (!pr || !issue) throw notFound();
  return { issue, pr };
}
