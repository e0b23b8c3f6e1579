import { toGitHubTime } from "../clock.js";
import { ok } from "../http/context.js";
import type { Router } from "../http/router.js";
import { runGraphql } from "./execute.js";

/** `POST /graphql`: the call is charged its points, reported in `rateLimit` and the x-ratelimit-* headers. */
export function registerGraphql(r: Router): void {
  r.post("/graphql", async (ctx) => {
    let headers: Record<string, string> = {};
    let charged = 0;
    const charge = (cost: number) => {
      const taken = ctx.budget.charge(cost);
      if (!taken.exceeded) charged += cost;
      headers = taken.headers;
      const n = (k: string) => Number(headers[`x-ratelimit-${k}`] ?? 0);
      return taken.exceeded ? undefined : { limit: n("limit"), remaining: n("remaining"), used: n("used"), resetAt: toGitHubTime(n("reset") * 1000) };
    };
    const outcome = await runGraphql(ctx.body, { core: ctx.core, http: ctx, viewer: ctx.actor, cost: 0, nodeCount: 0, rate: { limit: 0, remaining: 0, used: 0, resetAt: "" } }, charge, ctx.budget.payer);
    ctx.meta.graphql = { operationName: outcome.operationName, isMutation: outcome.isMutation, cost: charged };
    return ok(outcome.body, headers);
  });
}
