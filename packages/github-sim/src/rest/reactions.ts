import { missingField, notFound } from "../errors.js";
import { ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { addReaction, requireIssue } from "../ops/issues.js";
import * as S from "../serialize/index.js";
import type { Reaction } from "../store/types.js";

function list(ctx: RouteContext, reactions: Reaction[]) {
  const content = ctx.query.get("content");
  const page = paginate(
    ctx,
    reactions.filter((r) => !content || r.content === content),
  );
  return ok(
    page.items.map((r) => S.reaction(ctx.core, r)),
    page.headers,
  );
}

function add(ctx: RouteContext, reactions: Reaction[]) {
  if (ctx.body["content"] === undefined) throw missingField("content");
  const { reaction, created } = addReaction(ctx.core, reactions, ctx.actor, String(ctx.body["content"]));
  return { status: created ? 201 : 200, body: S.reaction(ctx.core, reaction) };
}

/** Reactions on issues and issue comments. */
export function registerReactions(r: Router): void {
  const comment = (ctx: RouteContext) => {
    const c = ctx.core.store.comment(ctx.repo(), ctx.intParam("comment_id"));
    if (!c) throw notFound();
    return c.reactions;
  };
  r.get("/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", (ctx) => list(ctx, comment(ctx)));
  r.post("/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", (ctx) => add(ctx, comment(ctx)));
  const issue = (ctx: RouteContext) => requireIssue(ctx.repo(), ctx.intParam("issue_number")).reactions;
  r.get("/repos/{owner}/{repo}/issues/{issue_number}/reactions", (ctx) => list(ctx, issue(ctx)));
  r.post("/repos/{owner}/{repo}/issues/{issue_number}/reactions", (ctx) => add(ctx, issue(ctx)));
}
