import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import type { RouteContext, SimResponse } from "../http/context.js";
import type { Route } from "../http/router.js";
import { logInternalError, type Trace } from "./trace.js";

/**
 * Runs the route's handler, collecting its webhooks (`flush` queues them, once the response
 * is written); an error becomes GitHub's answer for it.
 */
export async function runHandler(
  core: SimCore,
  route: Route,
  ctx: RouteContext,
  trace: Trace,
): Promise<{ response: SimResponse; flush: () => void }> {
  const outcome = await core.collect(async () => route.handler(ctx));
  const response = "error" in outcome ? errorResponse(core, trace, outcome.error) : outcome.result;
  if (ctx.meta.graphql) {
    trace.graphql = ctx.meta.graphql;
    trace.kind = trace.graphql.isMutation ? "write" : "read";
  }
  return { response, flush: outcome.flush };
}

function errorResponse(core: SimCore, trace: Trace, e: unknown): SimResponse {
  if (e instanceof ApiError) {
    return { status: e.status, body: e.body(), ...(e.extra.headers ? { headers: e.extra.headers } : {}) };
  }
  logInternalError(core, trace, e);
  return { status: 500, body: { message: "Server Error", status: "500" } };
}
