import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RateLimiter } from "./auth.js";
import type { SimCore } from "./core.js";
import type { FaultRegistry } from "./faults.js";
import { RouteContext } from "./http/context.js";
import { httpExchange, inProcessFetch, type Exchange } from "./http/exchange.js";
import type { Router } from "./http/router.js";
import type { RequestLog } from "./recorder.js";
import type { ContentCreationLimits } from "./secondary-limits.js";
import { reply, requestId, send } from "./server/answer.js";
import { authenticate } from "./server/authenticate.js";
import { BAD_JSON, readBody } from "./server/body.js";
import { applyFaults } from "./server/faults.js";
import { runHandler } from "./server/handle.js";
import { contentLimitRefusal, coreRateLimit, graphqlBudget } from "./server/limits.js";
import { isGraphqlRoute, routeRequest, unknownRoute } from "./server/routing.js";
import { logInternalError, recordOf, startTrace, targetUrl, type Trace } from "./server/trace.js";

export interface ServerDeps {
  core: SimCore;
  router: Router;
  requests: RequestLog;
  faults: FaultRegistry;
  rateLimiter: RateLimiter;
  contentLimits: ContentCreationLimits;
  /** Non-GitHub endpoints by path prefix (health checks): answered before faults, auth and recording. */
  mounts?: { prefix: string; handle: (req: IncomingMessage, res: ServerResponse, url: URL) => void }[];
}

/** The HTTP front of the simulator: faults, routing, auth, rate limits, recording, webhook flushing. */
export class SimServer {
  private server: Server | undefined;
  private active = 0;
  private sockets = new Set<import("node:net").Socket>();
  private origin = "";

  constructor(private readonly deps: ServerDeps) {}

  /**
   * The in-process transport: a `fetch` for the server's address that serves each request
   * without a socket, through the same faults, auth, limits and recording as HTTP.
   */
  readonly fetch: typeof globalThis.fetch = (input, init) =>
    inProcessFetch(this.origin, (exchange) => this.serve(exchange))(input, init);

  get inFlight(): number {
    return this.active;
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    const addr = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${addr.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = targetUrl(req.url ?? "/", this.deps.core.urls.api);
    } catch {
      // No URL at all (an absolute form that does not parse): refused before anything is served.
      res.writeHead(400, { "content-type": "application/json; charset=utf-8" }).end('{"message":"Bad Request"}');
      return;
    }
    const mount = this.deps.mounts?.find((m) => url.pathname.startsWith(m.prefix));
    if (mount) {
      mount.handle(req, res, url);
      return;
    }
    await this.serve(httpExchange(req, res));
  }

  /** Serves one request and records it, whatever becomes of it. */
  private async serve(exchange: Exchange): Promise<void> {
    const { core, requests } = this.deps;
    this.active++;
    core.requestSeq++;
    const started = Date.now();
    const trace = startTrace(exchange.method, targetUrl(exchange.target, core.urls.api), started);
    try {
      await this.pass(exchange, trace);
    } catch (e) {
      trace.status = 500;
      logInternalError(core, trace, e);
      if (!exchange.answered) send(exchange, trace.method, { status: 500, body: { message: "Server Error" } }, {});
    } finally {
      requests.add(recordOf(trace, core.now()));
      this.active--;
    }
  }

  /** The request's way through: its body, route, faults, credentials and limits, then the route's handler. */
  private async pass(exchange: Exchange, trace: Trace): Promise<void> {
    const { core, router, faults, rateLimiter, contentLimits } = this.deps;
    const body = await readBody(exchange, trace.url);
    if (!body) return reply(exchange, trace, BAD_JSON);
    const match = routeRequest(router, trace, body.json);
    const faulted = await applyFaults(faults, exchange, trace, body.json);
    if (faulted === "done") return;
    if (!match) return reply(exchange, trace, unknownRoute(core, trace));

    const headers: Record<string, string> = { "x-github-request-id": requestId() };
    const authenticated = authenticate(core, rateLimiter, match.route.auth, exchange.headers.authorization, headers);
    if ("refused" in authenticated) return reply(exchange, trace, authenticated.refused);
    const { caller } = authenticated;
    const overLimit = contentLimitRefusal(contentLimits, trace.kind, caller, headers);
    if (overLimit) return reply(exchange, trace, overLimit);

    const ctx = new RouteContext(
      core,
      trace.method,
      trace.url,
      exchange.headers,
      match.params,
      body.json,
      caller.auth,
      body.raw,
    );
    // A GraphQL call is charged what its query costs, known once it is parsed (the route charges it).
    ctx.budget = graphqlBudget(rateLimiter, caller);
    let answerHeaders = headers;
    if (!isGraphqlRoute(match)) {
      const charged = coreRateLimit(rateLimiter, caller, ctx.budget.payer, headers);
      if ("refused" in charged) return reply(exchange, trace, charged.refused);
      answerHeaders = charged.headers;
    }

    const { response, flush } = await runHandler(core, match.route, ctx, trace);
    if (faulted === "drop-response") {
      trace.status = 0;
      exchange.cut();
    } else reply(exchange, trace, { response, headers: answerHeaders });
    flush();
  }
}
