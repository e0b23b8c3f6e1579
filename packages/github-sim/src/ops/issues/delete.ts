import type { SimCore } from "../../core.js";
import { ApiError } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, Repo } from "../../store/types.js";

/** Deletes an issue (issues.deleted); its number is not used again, and its comments go with it. */
export function deleteIssue(core: SimCore, repo: Repo, issue: Issue, actor: string): void {
  if (issue.isPull) throw new ApiError(404, "Not Found");
  const snapshot = S.issue(core, repo, issue);
  for (const c of core.store.commentsOf(repo, issue.number)) c.deleted = true;
  repo.issues.delete(issue.number);
  repo.deletedIssues.add(issue.number);
  core.emit("issues", repo, actor, { action: "deleted", issue: snapshot });
}
