import type { IncomingMessage, ServerResponse } from "node:http";

export const HEALTH_PREFIX = "/_health/";

/**
 * Health-check endpoints of the simulated services, served beside the GitHub
 * API on the same loopback server but outside its namespace: no auth, no
 * faults, no rate limit, and not recorded in `sim.requests`, so probes never
 * count as GitHub reads or writes.
 */
export class HealthEndpoints {
  private readonly statuses = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  /** `base` is late-bound: the server's address is known only after listen(). */
  constructor(private readonly base: () => string) {}

  url(name: string): string {
    return `${this.base()}${HEALTH_PREFIX}${encodeURIComponent(name)}`;
  }

  /** Status the endpoint answers from now on (default for any name: 200). */
  set(name: string, status: number): void {
    if (!Number.isInteger(status) || status < 200 || status > 599)
      throw new Error(`[sim] health status must be an HTTP status 200-599, got ${status}`);
    this.statuses.set(name, status);
  }

  /** GET/HEAD probes received by `name`, or by all names. */
  probes(name?: string): number {
    if (name !== undefined) return this.counts.get(name) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /** Answers a request whose path starts with HEALTH_PREFIX. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    req.resume(); // discard any body so keep-alive connections stay usable
    const method = (req.method ?? "GET").toUpperCase();
    const raw = url.pathname.slice(HEALTH_PREFIX.length);
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      name = raw;
    }
    if (method !== "GET" && method !== "HEAD") {
      send(res, method, 405, { message: "Method Not Allowed", name }, { allow: "GET, HEAD" });
      return;
    }
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    const status = this.statuses.get(name) ?? 200;
    send(res, method, status, { status: status < 400 ? "ok" : "failing", name });
  }
}

function send(
  res: ServerResponse,
  method: string,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const payload = status === 204 || status === 304 ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(payload)),
    ...extra,
  });
  res.end(method === "HEAD" || !payload ? undefined : payload);
}
