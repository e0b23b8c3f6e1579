// One request and its answer, whatever carried it: a real HTTP connection, or the
// in-process transport (a `fetch` that hands the request to the simulator without a
// socket). The server handles both the same way — faults, auth, limits, recording — so a
// client tested in process meets the same GitHub, only without the loopback's cost.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export interface Exchange {
  readonly method: string;
  /** The path and query, as on the request line. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  body(): Promise<Buffer>;
  /** Resolves when the client stopped waiting (it gave up, or its connection closed). */
  readonly gone: Promise<void>;
  readonly isGone: boolean;
  readonly answered: boolean;
  answer(status: number, headers: Record<string, string>, payload: Buffer | string | undefined): void;
  /** Closes the connection without an answer: the client sees the network fail. */
  cut(): void;
}

/** The exchange on a real HTTP connection. */
export function httpExchange(req: IncomingMessage, res: ServerResponse): Exchange {
  const gone = new Promise<void>((resolve) => res.once("close", () => resolve()));
  return {
    method: (req.method ?? "GET").toUpperCase(),
    target: req.url ?? "/",
    headers: req.headers,
    body: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
      }),
    gone,
    get isGone() {
      return req.socket.destroyed;
    },
    get answered() {
      return res.headersSent;
    },
    answer(status, headers, payload) {
      res.writeHead(status, headers);
      res.end(payload);
    },
    cut: () => req.socket.destroy(),
  };
}

type Fetch = typeof globalThis.fetch;
type Serve = (exchange: Exchange) => Promise<void>;

/** What undici's fetch throws when the server closed the connection without an answer. */
function connectionClosed(): TypeError {
  const cause = Object.assign(new Error("other side closed"), { name: "SocketError", code: "UND_ERR_SOCKET" });
  return new TypeError("fetch failed", { cause });
}

/** Statuses whose response has no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * A `fetch` that serves requests to `origin` in process; any other address goes to the
 * real `fetch`. Honours the request's abort signal as a socket would: the client stops
 * waiting, and the server sees it gone.
 */
export function inProcessFetch(origin: string, serve: Serve, fallback: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    if (url.origin !== origin) return fallback(input, init);
    const signal = init?.signal ?? request?.signal ?? undefined;
    signal?.throwIfAborted();
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const headers: IncomingHttpHeaders = { host: url.host };
    new Headers(init?.headers ?? request?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const raw = await requestBody(init?.body ?? null, request);
    headers["content-length"] = String(raw.length);
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let leave: () => void = () => {};
      const gone = new Promise<void>((resolve) => (leave = resolve));
      const onAbort = () => settle(() => reject(signal?.reason));
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        // A signal may serve many requests (a client's for its lifetime): each lets go of it once answered.
        signal?.removeEventListener("abort", onAbort);
        leave();
        done();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      void serve({
        method,
        target: `${url.pathname}${url.search}`,
        headers,
        body: async () => raw,
        gone,
        get isGone() {
          return settled;
        },
        get answered() {
          return settled;
        },
        answer(status, responseHeaders, payload) {
          const body = method === "HEAD" || NO_BODY.has(status) || payload === undefined ? null : payload;
          const response = new Response(body, { status, headers: responseHeaders });
          // A constructed Response has no address; clients read it (pagination does).
          Object.defineProperty(response, "url", { value: url.href });
          settle(() => resolve(response));
        },
        cut: () => settle(() => reject(connectionClosed())),
      });
    });
  };
}

async function requestBody(body: RequestInit["body"] | null, request: Request | undefined): Promise<Buffer> {
  if (body === null || body === undefined) return request ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}
