// The faults a chaos run injects. Each mode breaks one thing the way GitHub or the
// network does on a bad day, and repairs only what production itself would repair:
// the next webhook, the periodic resync (with discovery of open trains), a restart.
import type { DemoWorld } from "../src/demo/run.js";
import type { FaultRequest, FaultResult } from "github-sim";
import type { Mode } from "./scenario.js";

export const API_FAULTS = [
  "500",
  "502",
  "secondary-rate-limit",
  "primary-rate-limit",
  "dropped-connection",
  "lost-response",
] as const;
export type ApiFault = (typeof API_FAULTS)[number];

const isGraphql = (req: FaultRequest) => req.path === "/graphql";

/** GitHub's answers for each fault, REST and GraphQL alike. */
function answer(kind: ApiFault, req: FaultRequest, nowSeconds: number): FaultResult {
  switch (kind) {
    case "500":
      return { status: 500, body: { message: "Server Error" } };
    case "502":
      return { status: 502, body: { message: "Server Error" } };
    case "secondary-rate-limit":
      return {
        status: 403,
        headers: { "retry-after": "60" },
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url:
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
      };
    case "primary-rate-limit": {
      const headers = {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-used": "5000",
        "x-ratelimit-reset": String(nowSeconds + 600),
        "x-ratelimit-resource": isGraphql(req) ? "graphql" : "core",
      };
      // GraphQL reports an exhausted budget in the body of a 200; REST with a 403.
      if (isGraphql(req))
        return {
          status: 200,
          headers,
          body: {
            errors: [{ type: "RATE_LIMITED", message: "API rate limit already exceeded for installation ID 1." }],
          },
        };
      return {
        status: 403,
        headers,
        body: {
          message: "API rate limit exceeded for installation ID 1.",
          documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
        },
      };
    }
    case "dropped-connection":
      return "drop-connection";
    case "lost-response":
      return "drop-response";
  }
}

/** The k-th request the app makes (counting every request, token requests too) fails with `kind`. */
export function apiFaultMode(k: number, kind: ApiFault): Mode & { fired: () => FaultRequest | null } {
  return nthRequestFault(k, kind, () => true, "request");
}

/**
 * GitHub carries out the app's k-th write (and sends its webhooks) but the response never
 * arrives: the app cannot know whether the write happened, and must not do it twice.
 */
export function lostWriteMode(k: number, route?: string): Mode & { fired: () => FaultRequest | null } {
  return nthRequestFault(
    k,
    "lost-response",
    (req) => isWrite(req) && (!route || req.route === route),
    route ? `${route} write` : "write",
  );
}

/** GitHub answers the app's k-th write (of `route`, when given) with a 500 and does nothing: the write fails, the reconcile goes on. */
export function failedWriteMode(k: number, route?: string): Mode & { fired: () => FaultRequest | null } {
  return nthRequestFault(
    k,
    "500",
    (req) => isWrite(req) && (!route || req.route === route),
    route ? `${route} write` : "write",
  );
}

/** The k-th request that `counts` fails with `kind`; the next settle repairs as production would. */
function nthRequestFault(
  k: number,
  kind: ApiFault,
  counts: (req: FaultRequest) => boolean,
  noun: string,
): Mode & { fired: () => FaultRequest | null } {
  let seen = 0;
  let fired: FaultRequest | null = null;
  let repaired = false;
  return {
    name: `${noun} ${k} → ${kind}`,
    fired: () => fired,
    install(world) {
      world.sim.faults.add((req) => {
        if (fired || !counts(req)) return undefined;
        seen += 1;
        if (seen !== k) return undefined;
        fired = req;
        return answer(kind, req, Math.floor(world.sim.clock.now().getTime() / 1000));
      });
    },
    async afterSettle(world, settle) {
      // The 30-second retry after a failed write, or the periodic resync, looks again.
      if (fired && !repaired) {
        repaired = true;
        await resyncEverything(world);
        await settle();
      }
    },
    describe: () =>
      fired
        ? `${kind} on ${noun} ${k}: ${fired.route}${fired.operationName ? ` (${fired.operationName})` : ""}`
        : `${noun} ${k} never came`,
  };
}

/** Classifies a request the way GitHub's limits do: mutations and non-GET REST calls write. */
export function isWrite(req: FaultRequest): boolean {
  if (req.route.startsWith("POST /app/installations/")) return false; // a token, not a write
  if (isGraphql(req)) return /^\s*mutation\b/.test(String((req.body as { query?: string } | null)?.query ?? ""));
  return req.method !== "GET" && req.method !== "HEAD";
}

/** The app process dies right after its k-th write and a new one starts with no memory, only GitHub. */
export function crashMode(k: number): Mode & { fired: () => FaultRequest | null } {
  let writes = 0;
  let fired: FaultRequest | null = null;
  let restart: Promise<void> | null = null;
  let remove: () => void = () => {};
  return {
    name: `crash after write ${k}`,
    fired: () => fired,
    install(world) {
      remove = world.sim.faults.add((req) => {
        // Dead: the old process's requests never arrive.
        if (fired) return "drop-connection";
        if (isWrite(req)) writes += 1;
        if (writes === k) {
          fired = req;
          queueMicrotask(() => {
            restart = (async () => {
              await killAndRestart(world, remove);
            })();
          });
        }
        return undefined;
      });
    },
    async afterSettle(_world, settle) {
      if (restart) {
        const pending = restart;
        restart = null;
        await pending;
        await settle();
      }
    },
    describe: () =>
      fired
        ? `crash after write ${k}: ${fired.route}${fired.operationName ? ` (${fired.operationName})` : ""}`
        : `write ${k} never came`,
  };
}

async function killAndRestart(world: DemoWorld, removeFault: () => void): Promise<void> {
  // Let the old process's in-flight reconcile fail against the dead connection first.
  await world.server.app.lanes.whenIdle();
  removeFault();
  await world.restartApp();
}

/** The periodic resync: discovery of open trains (a dropped label event) and a reconcile of each. */
async function resyncEverything(world: DemoWorld): Promise<void> {
  await world.server.app.discover();
  await world.server.app.resync();
}

/** Every webhook delivered twice. */
export function duplicateMode(): Mode {
  return {
    name: "every delivery duplicated",
    install: (world) => (world.sim.webhookFilter = () => "duplicate"),
    describe: () => "every delivery sent twice",
  };
}

/** A small deterministic generator, so a failing seed can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** A share of deliveries dropped; the periodic resync (discovery included) must repair. */
export function dropMode(share: number, seed: number): Mode {
  const next = random(seed);
  let dropped = 0;
  return {
    name: `${Math.round(share * 100)}% of deliveries dropped (seed ${seed})`,
    install: (world) =>
      (world.sim.webhookFilter = () => {
        if (next() >= share) return "deliver";
        dropped += 1;
        return "drop";
      }),
    async afterSettle(world, settle) {
      await resyncEverything(world);
      await settle();
    },
    describe: () => `${dropped} deliveries dropped`,
  };
}

/**
 * Deliveries shuffled within a window: they are held, and every `windowMs` what has
 * gathered is delivered in a random order.
 */
export function shuffleMode(seed: number, windowMs = 40): Mode {
  const next = random(seed);
  let shuffled = 0;
  let timer: NodeJS.Timeout | null = null;
  return {
    name: `deliveries shuffled in ${windowMs} ms windows (seed ${seed})`,
    install(world) {
      world.sim.pauseWebhooks();
      const flush = () => {
        let batch = 0;
        world.sim.reorderWebhooks((queued) => {
          batch = queued.length;
          return queued
            .map((q) => [next(), q] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, q]) => q);
        });
        if (batch > 1) shuffled += batch;
        if (batch === 0) return;
        // Deliver this window's batch, then hold again.
        const target = world.sim.deliveries.length + batch;
        world.sim.resumeWebhooks();
        const hold = setInterval(() => {
          if (world.sim.deliveries.length >= target) {
            clearInterval(hold);
            world.sim.pauseWebhooks();
          }
        }, 1);
      };
      timer = setInterval(flush, windowMs);
      timer.unref();
    },
    async afterSettle(world, settle) {
      // Held deliveries are not waited for by a settle: wait until the windows have emptied the queue.
      for (let i = 0; i < 200; i += 1) {
        let queued = 0;
        world.sim.reorderWebhooks((q) => {
          queued = q.length;
          return q;
        });
        if (queued === 0 && !world.server.app.lanes.busy) return;
        await new Promise((resolve) => setTimeout(resolve, windowMs));
        await settle();
      }
      throw new Error("shuffled deliveries did not drain");
    },
    async beforeEnd() {
      if (timer) clearInterval(timer);
    },
    describe: () => `${shuffled} deliveries delivered out of order`,
  };
}

/**
 * Every delivery so far arrives again (same delivery ids): once after final approval,
 * and once more a day after the train ended, when it must not write anything at all.
 */
export function replayMode(): Mode {
  let replayed = 0;
  let lateWrites = 0;
  const replayAll = (world: DemoWorld) => {
    const ids = [...new Set(world.sim.deliveries.list({ outcome: "delivered" }).map((d) => d.id))];
    for (const id of ids) world.sim.redeliver(id);
    replayed += ids.length;
  };
  return {
    name: "every delivery replayed, mid-train and a day after the end",
    install: () => {},
    async afterApproval(world: DemoWorld, settle) {
      replayAll(world);
      await settle();
    },
    async beforeEnd(world: DemoWorld, settle) {
      world.sim.clock.advance(24 * 60 * 60_000);
      const before = world.sim.requests.length;
      replayAll(world);
      await settle();
      lateWrites = world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write").length;
      if (lateWrites > 0) throw new Error(`deliveries replayed a day after the end caused ${lateWrites} writes`);
    },
    describe: () => `${replayed} deliveries replayed (mid-train, and a day after the end: ${lateWrites} writes)`,
  };
}
