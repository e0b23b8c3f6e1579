import type { Exchange } from "../http/exchange.js";
import type { FaultRegistry, FaultRequest } from "../faults.js";
import { reply, requestId } from "./answer.js";
import type { Trace } from "./trace.js";

/**
 * Lets the registered faults act on the request: hold it, cut its connection, answer it in
 * GitHub's place ("done": nothing more to do), or lose the response of a request that is
 * otherwise served ("drop-response").
 */
export async function applyFaults(
  faults: FaultRegistry,
  exchange: Exchange,
  trace: Trace,
  json: unknown,
): Promise<"done" | "drop-response" | undefined> {
  const request: FaultRequest = {
    method: trace.method,
    path: trace.url.pathname,
    query: trace.url.searchParams,
    route: trace.route,
    headers: exchange.headers,
    body: json,
    ...(trace.graphql ? { operationName: trace.graphql.operationName } : {}),
  };
  const held = faults.heldBack(request);
  if (held) {
    const gaveUp = exchange.gone.then(() => "gave up" as const);
    // The client gave up while the request was held on its way: GitHub never gets it.
    if ((await Promise.race([held, gaveUp])) === "gave up" || exchange.isGone) {
      trace.fault = true;
      return "done";
    }
  }
  const injected = faults.apply(request);
  if (injected === undefined) return undefined;
  trace.fault = true;
  if (injected === "drop-response") return "drop-response";
  if (injected === "drop-connection") {
    trace.status = 0;
    exchange.cut();
    return "done";
  }
  reply(exchange, trace, {
    response: {
      status: injected.status,
      body: injected.body ?? {},
      ...(injected.headers ? { headers: injected.headers } : {}),
    },
    headers: { "x-github-request-id": requestId() },
  });
  return "done";
}
