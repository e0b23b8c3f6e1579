// The query root: repositories, accounts, nodes by id and the call's rate limit.
import type { GqlContext } from "../context.js";
import { GqlError } from "../errors.js";
import { actorView, orgView, repoView } from "../views/index.js";
import { repoNotFound, visibleRepo } from "./lookup.js";
import { findNode } from "./nodes.js";

export const queries = {
  repository: (args: { owner: string; name: string }, ctx: GqlContext) => {
    ctx.repositories.push(`${args.owner}/${args.name}`);
    const repo = visibleRepo(ctx, `${args.owner}/${args.name}`);
    if (!repo) throw repoNotFound(`${args.owner}/${args.name}`);
    return repoView(ctx.core, repo);
  },
  rateLimit: (_args: unknown, ctx: GqlContext) => ({
    cost: ctx.cost,
    limit: ctx.rate.limit,
    nodeCount: ctx.nodeCount,
    remaining: ctx.rate.remaining,
    resetAt: ctx.rate.resetAt,
    used: ctx.rate.used,
  }),
  viewer: (_args: unknown, ctx: GqlContext) => {
    const a = ctx.core.store.requireAccount(ctx.viewer);
    return { ...actorView(ctx.core, ctx.viewer), __typename: "User", login: a.login };
  },
  node: (args: { id: string }, ctx: GqlContext) => findNode(ctx, args.id),
  nodes: (args: { ids: string[] }, ctx: GqlContext) => args.ids.map((id) => findNode(ctx, id)),
  organization: (args: { login: string }, ctx: GqlContext) => {
    const v = orgView(ctx.core, args.login);
    if (!v) throw new GqlError("NOT_FOUND", `Could not resolve to an Organization with the login of '${args.login}'.`);
    return v;
  },
  user: (args: { login: string }, ctx: GqlContext) => {
    const a = ctx.core.store.account(args.login);
    if (a?.type !== "User")
      throw new GqlError("NOT_FOUND", `Could not resolve to a User with the login of '${args.login}'.`);
    return actorView(ctx.core, a.login);
  },
};
