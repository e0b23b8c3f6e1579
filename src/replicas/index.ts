// Chooses how the app coordinates: in-process (one replica, the default) or through
// Redis when a URL or client is given (several replicas behind a load balancer).
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { Lanes, type LaneOptions, type LaneWork, type TrainLanes } from "../github/lanes.js";
import { MemoryDeliveries, RedisDeliveries, type DeliveryLedger } from "./deliveries.js";
import { localDirectory, RedisDirectory, type TrainDirectory } from "./directory.js";
import { DEFAULT_LEASE, LeaseLock, type LeaseOptions } from "./lease.js";
import { connectRedis, type Redis } from "./redis.js";
import { RedisLanes } from "./redis-lanes.js";

export interface ReplicaOptions {
  /** redis://… — several replicas share lanes, delivery ids and the train directory. */
  redisUrl?: string | undefined;
  /** A client to use instead of connecting to `redisUrl` (its owner closes it). */
  redis?: Redis | undefined;
  lease?: LeaseOptions | undefined;
}

export interface Replicas {
  mode: "in-process" | "redis";
  lanes(work: LaneWork, options: LaneOptions, onError: (key: string, error: unknown) => void): TrainLanes;
  deliveries: DeliveryLedger;
  directory: TrainDirectory;
  close(): Promise<void>;
}

type Log = Pick<Logger, "debug" | "warn">;

export function createReplicas(options: ReplicaOptions, log: Log): Replicas {
  if (!options.redis && !options.redisUrl) {
    return {
      mode: "in-process",
      lanes: (work, laneOptions, onError) => new Lanes(work, laneOptions, onError),
      deliveries: new MemoryDeliveries(),
      directory: localDirectory,
      close: async () => {},
    };
  }
  const owned = !options.redis;
  const redis = options.redis ?? connectRedis(options.redisUrl!, log);
  const locks = new LeaseLock(
    redis,
    `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    options.lease ?? DEFAULT_LEASE,
  );
  return {
    mode: "redis",
    lanes: (work, laneOptions, onError) => new RedisLanes(redis, locks, work, laneOptions, onError, log),
    deliveries: new RedisDeliveries(redis, log),
    directory: new RedisDirectory(redis, log),
    close: async () => {
      if (owned) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
