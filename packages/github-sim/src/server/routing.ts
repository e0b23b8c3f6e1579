import type { SimCore } from "../core.js";
import type { RouteMatch, Router } from "../http/router.js";
import type { GraphqlRecord } from "../recorder.js";
import { requestId, type Reply } from "./answer.js";
import type { Trace } from "./trace.js";

export function isGraphqlRoute(match: RouteMatch | undefined): boolean {
  return match?.route.template === "/graphql";
}

/** Finds the route and records what the request is: its route template and kind, and for GraphQL its operation. */
export function routeRequest(router: Router, trace: Trace, json: unknown): RouteMatch | undefined {
  const match = router.match(trace.method, trace.url.pathname);
  if (match) {
    trace.route = `${trace.method === "HEAD" ? "HEAD" : match.route.method} ${match.route.template}`;
    if (match.route.kind) trace.kind = match.route.kind;
  }
  if (isGraphqlRoute(match)) {
    trace.graphql = graphqlOperation(json);
    trace.kind = trace.graphql.isMutation ? "write" : "read";
  }
  return match;
}

/** A GraphQL request's operation name and whether it is a mutation, read from the request before it is parsed. */
function graphqlOperation(json: unknown): GraphqlRecord {
  const q = json && typeof json === "object" ? (json as { query?: unknown; operationName?: unknown }) : {};
  const isMutation = typeof q.query === "string" && /^\s*mutation\b/.test(q.query.replace(/^\s*#.*$/gm, ""));
  const operationName =
    typeof q.operationName === "string"
      ? q.operationName
      : ((typeof q.query === "string" ? /^\s*(?:query|mutation)\s+(\w+)/.exec(q.query)?.[1] : undefined) ?? null);
  return { operationName, isMutation };
}

/** GitHub's 404 for a path no route serves (logged: a client calling something the simulator lacks). */
export function unknownRoute(core: SimCore, trace: Trace): Reply {
  core.log(`[sim] UNKNOWN ROUTE ${trace.method} ${trace.url.pathname}${trace.url.search}`);
  return {
    response: {
      status: 404,
      body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
    },
    headers: { "x-github-request-id": requestId() },
  };
}
