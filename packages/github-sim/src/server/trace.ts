import type { SimCore } from "../core.js";
import type { RequestKind } from "../http/router.js";
import type { GraphqlRecord, RecordedRequest } from "../recorder.js";

/** What the request log keeps of one request, filled in as the request is served. */
export interface Trace {
  readonly method: string;
  readonly url: URL;
  /** Wall-clock start, for the recorded duration. */
  readonly started: number;
  /** The status answered (0 when the connection was cut or nothing was answered). */
  status: number;
  route: string;
  kind: RequestKind;
  graphql: GraphqlRecord | undefined;
  /** A fault hook held, dropped or answered the request. */
  fault: boolean;
}

/**
 * The request target under the API's origin. An HTTP request line names a path ("origin form"),
 * which `new URL(target, base)` would misread when it starts with "//" (a host): the path is taken
 * as it is, so `GET //` is an unknown route like any other.
 */
export function targetUrl(target: string, api: string): URL {
  return new URL(target.startsWith("/") ? `${new URL(api).origin}${target}` : target, api);
}

export function startTrace(method: string, url: URL, started: number): Trace {
  return {
    method,
    url,
    started,
    status: 0,
    route: "UNKNOWN",
    kind: method === "GET" || method === "HEAD" ? "read" : "write",
    graphql: undefined,
    fault: false,
  };
}

/** The request log's entry for a served request. */
export function recordOf(trace: Trace, at: string): Omit<RecordedRequest, "seq"> {
  return {
    method: trace.method,
    path: trace.url.pathname,
    query: trace.url.search,
    route: trace.route,
    status: trace.status,
    kind: trace.kind,
    ...(trace.graphql ? { graphql: trace.graphql } : {}),
    at,
    durationMs: Date.now() - trace.started,
    ...(trace.fault ? { fault: true } : {}),
  };
}

export function logInternalError(core: SimCore, trace: Trace, e: unknown): void {
  core.log(
    `[sim] INTERNAL ERROR ${trace.method} ${trace.url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  );
}
