// The shell's health prober against a real HTTP server on 127.0.0.1: 2xx within the
// timeout is healthy, anything else is retried and then failing; answers are cached on
// the train's clock.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HealthProber, type HealthOptions } from "../../src/github/health.js";

let server: Server;
let base: string;
/** Requests the server received, by path. */
let hits: Record<string, number>;
/** Answers of /flaky, one per request (then 200). */
let flaky: number[];

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  "/ok": (_, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok"),
  "/no-content": (_, res) => res.writeHead(204).end(),
  "/down": (_, res) => res.writeHead(503).end("maintenance"),
  "/redirect": (_, res) => res.writeHead(302, { location: "/ok" }).end(),
  "/flaky": (_, res) => res.writeHead(flaky.shift() ?? 200).end(),
  "/hang": () => {}, // never answers
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    (routes[path] ?? ((_, r: ServerResponse) => r.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = {};
  flaky = [];
});

const NOW = new Date("2026-11-27T12:00:00.000Z");
// The endpoints here answer at once (but /hang, whose test sets its own timeout): a timeout
// no busy machine reaches, so only the answers decide.
const FAST: HealthOptions = { timeoutMs: 30_000, attempts: 3, retryDelayMs: 5, cacheMs: 15_000 };
const prober = (options: Partial<HealthOptions> = {}, now: () => Date = () => NOW) =>
  new HealthProber({ ...FAST, ...options }, now);

describe("HealthProber", () => {
  it.each([
    ["/ok", "HTTP 200"],
    ["/no-content", "HTTP 204"],
  ])("%s is healthy on the first request", async (path, detail) => {
    const p = prober();
    const url = `${base}${path}`;
    expect(await p.probe([url])).toEqual({ [url]: { url, ok: true, detail, at: NOW.toISOString() } });
    expect(hits[path]).toBe(1);
    expect(p.requests).toBe(1);
  });

  it("503 is retried, then failing: HTTP 503 after N attempts, exactly N requests", async () => {
    const p = prober({ attempts: 3 });
    const url = `${base}/down`;
    expect((await p.probe([url]))[url]).toEqual({
      url,
      ok: false,
      detail: "HTTP 503 after 3 attempts",
      at: NOW.toISOString(),
    });
    expect(hits["/down"]).toBe(3);
    expect(p.requests).toBe(3);
  });

  it("with a single attempt the detail is the status alone", async () => {
    const url = `${base}/down`;
    expect((await prober({ attempts: 1 }).probe([url]))[url]).toMatchObject({ ok: false, detail: "HTTP 503" });
    expect(hits["/down"]).toBe(1);
  });

  it("a retry that answers 2xx is healthy", async () => {
    flaky = [500, 502];
    const p = prober({ attempts: 3 });
    const url = `${base}/flaky`;
    expect((await p.probe([url]))[url]).toMatchObject({ ok: true, detail: "HTTP 200" });
    expect(hits["/flaky"]).toBe(3);
  });

  it("a redirect is not followed and counts as failing", async () => {
    const p = prober({ attempts: 2 });
    const url = `${base}/redirect`;
    expect((await p.probe([url]))[url]).toMatchObject({ ok: false, detail: "HTTP 302 after 2 attempts" });
    expect(hits["/redirect"]).toBe(2);
    expect(hits["/ok"]).toBeUndefined();
  });

  it("an endpoint that does not answer times out", async () => {
    const p = prober({ attempts: 2, timeoutMs: 150 });
    const url = `${base}/hang`;
    const started = Date.now();
    expect((await p.probe([url]))[url]).toMatchObject({
      ok: false,
      detail: "no answer within 150 ms after 2 attempts",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 150 - 20);
    expect(hits["/hang"]).toBe(2);
  });

  it("a closed port is unreachable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}/health`;
    const answer = (await prober({ attempts: 2 }).probe([url]))[url]!;
    expect(answer.ok).toBe(false);
    expect(answer.detail).toMatch(/^unreachable \(.+\) after 2 attempts$/);
    const once = (await prober({ attempts: 1 }).probe([url]))[url]!;
    expect(once.detail).toMatch(/^unreachable \([^)]+\)$/);
  });

  it("answers are cached for cacheMs on the injected clock, then probed again", async () => {
    let now = NOW.getTime();
    const p = prober({ cacheMs: 15_000 }, () => new Date(now));
    const ok = `${base}/ok`;
    const down = `${base}/down`;
    // The same URL twice in one call is probed once.
    await p.probe([ok, ok, down]);
    expect(hits).toEqual({ "/ok": 1, "/down": 3 });

    now += 14_999;
    const cached = await p.probe([ok, down]);
    expect(hits).toEqual({ "/ok": 1, "/down": 3 });
    expect(cached[ok]!.at).toBe(NOW.toISOString());
    expect(cached[down]).toMatchObject({ ok: false, at: NOW.toISOString() });

    now += 1;
    const fresh = await p.probe([ok]);
    expect(hits).toEqual({ "/ok": 2, "/down": 3 });
    expect(fresh[ok]!.at).toBe(new Date(now).toISOString());
    expect(p.requests).toBe(5);
  });
});
