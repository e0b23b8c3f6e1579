import { nodeId } from "../../util/ids.js";
import type { GqlContext } from "../context.js";
import {
  actorView,
  commentView,
  discussionView,
  issueView,
  pullView,
  refView,
  repoView,
  type View,
} from "../views/index.js";

/** Finds any object by global node id among the visible repositories. */
export function findNode(ctx: GqlContext, id: string): View | null {
  const core = ctx.core;
  for (const repo of core.store.repos.values()) {
    if (!ctx.http.canSee(repo.owner)) continue;
    if (repo.nodeId === id) return repoView(core, repo);
    for (const i of repo.issues.values()) {
      if (i.nodeId === id) return i.isPull ? pullView(core, repo, i.number) : issueView(core, repo, i);
    }
    for (const pr of repo.pulls.values()) if (pr.nodeId === id) return pullView(core, repo, pr.number);
    for (const d of repo.discussions) if (d.nodeId === id) return discussionView(core, repo, d);
    for (const ref of repo.git.refs.keys())
      if (nodeId("REF", `${repo.id}:${ref}`) === id) return refView(core, repo, ref);
  }
  for (const c of core.store.comments.values()) {
    if (c.nodeId === id && !c.deleted) {
      const repo = core.store.repo(c.repo);
      if (repo && ctx.http.canSee(repo.owner)) return commentView(core, repo, c, ctx.viewer);
    }
  }
  for (const a of core.store.accounts.values()) if (a.nodeId === id) return actorView(core, a.login);
  return null;
}
