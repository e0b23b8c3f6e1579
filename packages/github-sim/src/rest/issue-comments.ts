import { notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { direction, paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createComment, deleteComment, editComment, requireIssue } from "../ops/issues.js";
import * as S from "../serialize/index.js";
import type { IssueComment, Repo } from "../store/types.js";
import { sinceFilter } from "./since.js";

function requireComment(ctx: RouteContext, repo: Repo): IssueComment {
  const c = ctx.core.store.comment(repo, ctx.intParam("comment_id"));
  if (!c) throw notFound();
  return c;
}

/** Comments across a repository's issues, by id. */
export function registerRepoCommentRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/issues/comments", (ctx) => {
    const repo = ctx.repo();
    const since = sinceFilter(ctx);
    const dir = direction(ctx, "asc");
    const sort = ctx.query.get("sort") ?? "created";
    const list = [...ctx.core.store.comments.values()]
      .filter((c) => !c.deleted && c.repo === repo.fullName && since(c.updatedAt))
      .sort((a, b) => {
        const ka = sort === "updated" ? a.updatedAt : a.createdAt;
        const kb = sort === "updated" ? b.updatedAt : b.createdAt;
        return ka === kb ? (a.id - b.id) * dir : ka < kb ? -dir : dir;
      });
    const page = paginate(ctx, list);
    return ok(
      page.items.map((c) => S.comment(ctx.core, repo, c)),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/issues/comments/{comment_id}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.comment(ctx.core, repo, requireComment(ctx, repo)));
  });

  r.patch("/repos/{owner}/{repo}/issues/comments/{comment_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const c = editComment(ctx.core, repo, requireComment(ctx, repo), ctx.actor, ctx.body["body"]);
    return ok(S.comment(ctx.core, repo, c));
  });

  r.delete("/repos/{owner}/{repo}/issues/comments/{comment_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    deleteComment(ctx.core, repo, requireComment(ctx, repo), ctx.actor);
    return noContent();
  });
}

/** The comments of one issue. */
export function registerIssueCommentRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/issues/{issue_number}/comments", (ctx) => {
    const repo = ctx.repo();
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    const since = sinceFilter(ctx);
    const list = ctx.core.store.commentsOf(repo, issue.number).filter((c) => since(c.updatedAt));
    const page = paginate(ctx, list);
    return ok(
      page.items.map((c) => S.comment(ctx.core, repo, c)),
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/issues/{issue_number}/comments", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    const c = createComment(ctx.core, repo, issue, ctx.actor, ctx.body["body"]);
    return created(S.comment(ctx.core, repo, c));
  });
}
