import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { credential, installationForToken, verifyAppJwt, type RateLimiter } from "./auth.js";
import type { SimCore } from "./core.js";
import { ApiError } from "./errors.js";
import type { FaultRegistry } from "./faults.js";
import { RouteContext, type AuthInfo, type SimResponse } from "./http/context.js";
import { httpExchange, inProcessFetch, type Exchange } from "./http/exchange.js";
import type { RequestKind, Router } from "./http/router.js";
import type { GraphqlRecord, RequestLog } from "./recorder.js";
import { secondaryLimitBody, type ContentCreationLimits } from "./secondary-limits.js";

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

function requestId(): string {
  const h = randomBytes(10).toString("hex").toUpperCase();
  return `${h.slice(0, 4)}:${h.slice(4, 9)}:${h.slice(9, 15)}:${h.slice(15, 20)}:SIM`;
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
    const mount = this.deps.mounts?.find((m) => (req.url ?? "/").startsWith(m.prefix));
    if (mount) {
      mount.handle(req, res, new URL(req.url ?? "/", this.deps.core.urls.api));
      return;
    }
    await this.serve(httpExchange(req, res));
  }

  private async serve(exchange: Exchange): Promise<void> {
    const { core, router, requests, faults } = this.deps;
    this.active++;
    core.requestSeq++;
    const started = Date.now();
    const method = exchange.method;
    let status = 0;
    let route = "UNKNOWN";
    let kind: RequestKind = method === "GET" || method === "HEAD" ? "read" : "write";
    let graphql: GraphqlRecord | undefined;
    let fault = false;
    let dropResponse = false;
    const url = new URL(exchange.target, core.urls.api);
    try {
      const raw = await exchange.body();
      let json: unknown;
      // Release assets are uploaded raw (GitHub's uploads host); everything else is JSON.
      const rawUpload = method === "POST" && /^\/repos\/[^/]+\/[^/]+\/releases\/\d+\/assets\/?$/.test(url.pathname);
      if (raw.length && !rawUpload) {
        try {
          json = JSON.parse(raw.toString("utf8"));
        } catch {
          json = undefined;
          if (method !== "GET") {
            status = 400;
            this.send(
              exchange,
              method,
              {
                status: 400,
                body: {
                  message: "Problems parsing JSON",
                  documentation_url: "https://docs.github.com/rest",
                  status: "400",
                },
              },
              {},
            );
            return;
          }
        }
      }
      const match = router.match(method, url.pathname);
      if (match) {
        route = `${method === "HEAD" ? "HEAD" : match.route.method} ${match.route.template}`;
        if (match.route.kind) kind = match.route.kind;
      }
      const isGraphql = match?.route.template === "/graphql";
      if (isGraphql) {
        const q = json && typeof json === "object" ? (json as { query?: unknown; operationName?: unknown }) : {};
        const isMutation = typeof q.query === "string" && /^\s*mutation\b/.test(q.query.replace(/^\s*#.*$/gm, ""));
        const opName =
          typeof q.operationName === "string"
            ? q.operationName
            : ((typeof q.query === "string" ? /^\s*(?:query|mutation)\s+(\w+)/.exec(q.query)?.[1] : undefined) ?? null);
        graphql = { operationName: opName, isMutation };
        kind = isMutation ? "write" : "read";
      }

      const faultRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        route,
        headers: exchange.headers,
        body: json,
        ...(graphql ? { operationName: graphql.operationName } : {}),
      };
      const held = faults.heldBack(faultRequest);
      if (held) {
        const gaveUp = exchange.gone.then(() => "gave up" as const);
        // The client gave up while the request was held on its way: GitHub never gets it.
        if ((await Promise.race([held, gaveUp])) === "gave up" || exchange.isGone) {
          fault = true;
          return;
        }
      }
      const injected = faults.apply(faultRequest);
      if (injected === "drop-response") {
        fault = true;
        dropResponse = true;
      } else if (injected !== undefined) {
        fault = true;
        if (injected === "drop-connection") {
          status = 0;
          exchange.cut();
          return;
        }
        status = injected.status;
        this.send(
          exchange,
          method,
          {
            status: injected.status,
            body: injected.body ?? {},
            ...(injected.headers ? { headers: injected.headers } : {}),
          },
          { "x-github-request-id": requestId() },
        );
        return;
      }

      if (!match) {
        status = 404;
        core.log(`[sim] UNKNOWN ROUTE ${method} ${url.pathname}${url.search}`);
        this.send(
          exchange,
          method,
          {
            status: 404,
            body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
          },
          { "x-github-request-id": requestId() },
        );
        return;
      }

      const auth: AuthInfo = {};
      let rateKey = "anonymous";
      let headers: Record<string, string> = { "x-github-request-id": requestId() };
      try {
        const cred = credential(exchange.headers.authorization);
        if (match.route.auth === "jwt") {
          auth.app = verifyAppJwt(core.store, cred);
          rateKey = `app:${auth.app.id}`;
        } else if (match.route.auth === "installation") {
          if (!cred) throw new ApiError(401, "Requires authentication");
          auth.installation = installationForToken(core.store, cred);
          auth.token = cred;
          rateKey = `installation:${auth.installation.id}`;
        }
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(401, "Bad credentials");
        status = err.status;
        const anon = this.deps.rateLimiter.take("anonymous", "core", 0);
        this.send(exchange, method, { status: err.status, body: err.body() }, { ...headers, ...anon.headers });
        return;
      }
      if (kind === "write" && auth.installation) {
        const refused = this.deps.contentLimits.admit(rateKey);
        if (refused) {
          status = 403;
          this.send(
            exchange,
            method,
            { status: 403, body: secondaryLimitBody(headers["x-github-request-id"]!) },
            { ...headers, "retry-after": String(refused.retryAfterS) },
          );
          return;
        }
      }
      const ctx = new RouteContext(core, method, url, exchange.headers, match.params, json, auth, raw);
      // A GraphQL call is charged what its query costs, known once it is parsed (the route charges it).
      ctx.budget = {
        payer: auth.installation ? `installation ID ${auth.installation.id}` : "this app",
        charge: (cost) => this.deps.rateLimiter.take(rateKey, "graphql", cost),
      };
      if (!isGraphql) {
        const rate = this.deps.rateLimiter.take(rateKey, "core");
        headers = { ...headers, ...rate.headers };
        if (rate.exceeded) {
          status = 403;
          this.send(
            exchange,
            method,
            {
              status: 403,
              body: {
                message: `API rate limit exceeded for ${ctx.budget.payer}.`,
                documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
                status: "403",
              },
            },
            headers,
          );
          return;
        }
      }
      const outcome = await core.collect(async () => match.route.handler(ctx));
      let response: SimResponse;
      if ("error" in outcome) {
        const e = outcome.error;
        if (e instanceof ApiError) {
          response = { status: e.status, body: e.body(), ...(e.extra.headers ? { headers: e.extra.headers } : {}) };
        } else {
          core.log(
            `[sim] INTERNAL ERROR ${method} ${url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
          );
          response = { status: 500, body: { message: "Server Error", status: "500" } };
        }
      } else {
        response = outcome.result;
      }
      if (ctx.meta.graphql) {
        graphql = ctx.meta.graphql;
        kind = graphql.isMutation ? "write" : "read";
      }
      status = response.status;
      if (dropResponse) {
        status = 0;
        exchange.cut();
      } else this.send(exchange, method, response, headers);
      outcome.flush();
    } catch (e) {
      status = 500;
      core.log(
        `[sim] INTERNAL ERROR ${method} ${url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      if (!exchange.answered) this.send(exchange, method, { status: 500, body: { message: "Server Error" } }, {});
    } finally {
      requests.add({
        method,
        path: url.pathname,
        query: url.search,
        route,
        status,
        kind,
        ...(graphql ? { graphql } : {}),
        at: core.now(),
        durationMs: Date.now() - started,
        ...(fault ? { fault: true } : {}),
      });
      this.active--;
    }
  }

  private send(exchange: Exchange, method: string, r: SimResponse, base: Record<string, string>): void {
    const headers: Record<string, string> = {
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      ...base,
      ...(r.headers ?? {}),
    };
    let payload: Buffer | string = "";
    if (r.raw !== undefined) {
      payload = r.raw;
      headers["content-type"] = r.contentType ?? "application/octet-stream";
    } else if (r.body !== undefined && r.status !== 204) {
      payload = JSON.stringify(r.body);
      headers["content-type"] = "application/json; charset=utf-8";
    }
    headers["content-length"] = String(Buffer.byteLength(payload));
    exchange.answer(r.status, headers, method === "HEAD" ? undefined : payload);
  }
}
