// Operations endpoints served next to the webhook endpoint: liveness, readiness and
// Prometheus metrics. Only the webhook path needs to be reachable from GitHub; keep
// these on the internal network (see docs/operations.md).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppMetrics } from "./metrics.js";

export const OPS_PATHS = { health: "/healthz", ready: "/readyz", metrics: "/metrics" } as const;

/** Resolves when a dependency (Redis, …) answers; throws (or rejects) with the reason otherwise. */
export type ReadyCheck = () => Promise<void> | void;

export interface OpsState {
  metrics: AppMetrics;
  /** Why the app is not ready yet (no instance, shutting down), or null when it is. */
  notReady: () => string | null;
  /** Extra readiness checks, e.g. Redis answering PING. */
  ready?: ReadyCheck;
  /** A ready check slower than this counts as failed (ms). */
  readyTimeoutMs?: number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

async function readiness(state: OpsState): Promise<string | null> {
  const pending = state.notReady();
  if (pending) return pending;
  if (!state.ready) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(state.ready),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("ready check timed out")), state.readyTimeoutMs ?? 2_000);
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/** A request handler; resolves true when it answered the request. */
export function createOpsHandler(state: OpsState): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    switch (path) {
      case OPS_PATHS.health:
        json(res, 200, { status: "ok" });
        return true;
      case OPS_PATHS.ready: {
        const reason = await readiness(state);
        json(res, reason ? 503 : 200, reason ? { ready: false, reason } : { ready: true });
        return true;
      }
      case OPS_PATHS.metrics: {
        const { contentType, body } = await state.metrics.scrape();
        res.writeHead(200, { "content-type": contentType }).end(body);
        return true;
      }
      default:
        return false;
    }
  };
}
