// The app as it runs in production: write pacing on, listening on PORT, ops endpoints,
// optional Redis shared with the replicas, discovery of the trains already open, and a
// shutdown that stops accepting webhooks and lets running reconciles finish. It composes
// the app, the server and the ops parts, so it sits beside them, not inside ops/.
import type { Logger } from "pino";
import type { AppOptions } from "./app.js";
import { RedisPhaseBoard } from "./replicas/phases.js";
import { connectRedis, type Redis } from "./replicas/redis.js";
import { startAppServer, type RunningAppServer } from "./server.js";
import type { ProductionConfig } from "./ops/env.js";
import { AppMetrics } from "./ops/metrics.js";

export interface Production {
  server: RunningAppServer;
  /** Resolves once discovery of open trains has run (whether it worked or not). */
  discovered: Promise<void>;
  /** Stops accepting requests, waits (up to the shutdown timeout) for running reconciles, closes Redis. */
  shutdown: () => Promise<"drained" | "timed out">;
}

/** What the environment sets of the app's own options. */
export function appOptions(config: ProductionConfig, redis: Redis | undefined): Partial<AppOptions> {
  return {
    orchestrationRepo: config.orchestrationRepo,
    resyncMs: config.resyncMinutes * 60_000,
    redis,
    lease: { leaseMs: config.leaseMs },
  };
}

export async function startProduction(config: ProductionConfig, log: Logger): Promise<Production> {
  // One client for the lanes, the delivery ledger and the readiness PING.
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : undefined;
  let server: RunningAppServer;
  try {
    server = await startAppServer({
      baseUrl: config.baseUrl,
      appId: config.appId,
      privateKey: config.privateKey,
      webhookSecret: config.webhookSecret,
      pacing: true,
      log,
      logLevel: config.logLevel,
      port: config.port,
      host: config.host,
      metrics: new AppMetrics({ processMetrics: true, phases: redis ? new RedisPhaseBoard(redis, log) : undefined }),
      // Probot's rate-limit clustering connects on its own; the app's lanes use the client below.
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      ...(redis ? { ready: async () => void (await redis.ping()) } : {}),
      app: appOptions(config, redis),
    });
  } catch (error) {
    redis?.disconnect();
    throw error;
  }
  log.info(
    {
      port: config.port,
      github: config.baseUrl,
      replicas: redis ? "redis" : "in-process",
      orchestrationRepo: config.orchestrationRepo,
    },
    "release-train listening",
  );

  const discovered = server.app
    .discover()
    .then(() => log.info({ trains: server.app.registry.all().length }, "discovery of open trains done"))
    .catch((error: unknown) =>
      log.error({ err: error }, "discovery of open trains failed; the periodic discovery retries it"),
    );

  let stopping: Promise<"drained" | "timed out"> | null = null;
  const shutdown = () =>
    (stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timed out">((resolve) => {
        timer = setTimeout(() => resolve("timed out"), config.shutdownTimeoutMs);
      });
      const result = await Promise.race([server.close().then(() => "drained" as const), timedOut]);
      clearTimeout(timer);
      await redis?.quit().catch(() => redis.disconnect());
      return result;
    })());
  return { server, discovered, shutdown };
}
