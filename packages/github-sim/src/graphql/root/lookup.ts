// How the root resolvers find what a call names, and the errors when it is not there (or not writable).
import type { Repo } from "../../store/types.js";
import type { GqlContext } from "../context.js";
import { GqlError } from "../errors.js";

export function visibleRepo(ctx: GqlContext, fullName: string): Repo | undefined {
  const repo = ctx.core.store.repo(fullName);
  return repo && ctx.http.canSee(repo.owner) ? repo : undefined;
}

/** The repository of a global node id, when the caller can see it. */
export function visibleRepoByNodeId(ctx: GqlContext, id: string): Repo {
  const repo = ctx.core.store.repoByNodeId(id);
  if (!repo || !ctx.http.canSee(repo.owner)) throw nodeNotFound(id);
  return repo;
}

export function locateIssueByNode(ctx: GqlContext, id: string): { repo: Repo; number: number } | undefined {
  for (const repo of ctx.core.store.repos.values()) {
    if (!ctx.http.canSee(repo.owner)) continue;
    for (const i of repo.issues.values()) if (i.nodeId === id) return { repo, number: i.number };
    for (const pr of repo.pulls.values()) if (pr.nodeId === id) return { repo, number: pr.number };
  }
  return undefined;
}

export function repoNotFound(name: string): GqlError {
  return new GqlError("NOT_FOUND", `Could not resolve to a Repository with the name '${name}'.`);
}

export function nodeNotFound(id: string): GqlError {
  return new GqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}

export function assertNotArchived(repo: Repo): void {
  if (repo.archived) throw new GqlError("FORBIDDEN", "Repository was archived so is read-only.");
}
