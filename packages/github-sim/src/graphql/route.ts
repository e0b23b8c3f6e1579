import { toGitHubTime } from "../clock.js";
import { ok } from "../http/context.js";
import type { Router } from "../http/router.js";
import { runGraphql } from "./execute.js";
import type { GqlContext } from "./root.js";

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
      return taken.exceeded
        ? undefined
        : { limit: n("limit"), remaining: n("remaining"), used: n("used"), resetAt: toGitHubTime(n("reset") * 1000) };
    };
    const gql: GqlContext = {
      core: ctx.core,
      http: ctx,
      viewer: ctx.actor,
      cost: 0,
      nodeCount: 0,
      repositories: [],
      rate: { limit: 0, remaining: 0, used: 0, resetAt: "" },
    };
    const outcome = await runGraphql(ctx.body, gql, charge, ctx.budget.payer);
    ctx.meta.graphql = {
      operationName: outcome.operationName,
      isMutation: outcome.isMutation,
      cost: charged,
      repositories: gql.repositories,
    };
    return ok(outcome.body, headers);
  });
}
