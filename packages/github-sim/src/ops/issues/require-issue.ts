import { ApiError, notFound } from "../../errors.js";
import type { Issue, Repo } from "../../store/types.js";

export function requireIssue(repo: Repo, number: number): Issue {
  const i = repo.issues.get(number);
  if (!i && repo.deletedIssues.has(number)) throw new ApiError(410, "This issue was deleted");
  if (!i) throw notFound();
  return i;
}
