import { toGitHubTime } from "../clock.js";
import { ok } from "../http/context.js";
import type { Router } from "../http/router.js";
import { runGraphql } from "./execute.js";

/** `POST /graphql` */
export function registerGraphql(r: Router): void {
  r.post("/graphql", async (ctx) => {
    const n = (k: string) => Number(ctx.rate[`x-ratelimit-${k}`] ?? 0);
    const outcome = await runGraphql(ctx.body, {
      core: ctx.core,
      http: ctx,
      viewer: ctx.actor,
      cost: 1,
      rate: { limit: n("limit"), remaining: n("remaining"), used: n("used"), resetAt: toGitHubTime(n("reset") * 1000) },
    });
    ctx.meta.graphql = { operationName: outcome.operationName, isMutation: outcome.isMutation };
    return ok(outcome.body);
  });
}
