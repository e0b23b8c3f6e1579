// The Redis client the replicas share state through (the same ioredis Probot loads
// for its rate-limit clustering).
import { Redis } from "ioredis";
import type { Logger } from "pino";

export type { Redis } from "ioredis";

/** A client for `url` (redis://[:password@]host:port[/db]); errors are logged, never thrown at the process. */
export function connectRedis(url: string, log: Pick<Logger, "warn">): Redis {
  // Few retries per command: a write guard must fail fast rather than wait for Redis to return.
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectionName: "release-train" });
  let reported = false;
  redis.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    log.warn({ err: error }, "Redis connection error; trains wait until it is back");
  });
  redis.on("ready", () => (reported = false));
  return redis;
}
