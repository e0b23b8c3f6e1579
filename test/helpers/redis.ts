// A real Redis for the replica tests: a redis-server of our own on a free loopback
// port, without persistence, stopped after the tests. Never mocked, never skipped:
// without redis-server on PATH the tests fail and say how to install it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { freePort } from "./ports.js";

export interface TestRedis {
  url: string;
  port: number;
  /** A client for assertions (closed by stop). */
  client: Redis;
  /** Deletes every key (between tests). */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
}

export const REDIS_MISSING =
  "redis-server is not on PATH: the replica tests run against a real Redis. Install it with " +
  "`apt-get update && apt-get install -y --no-install-recommends redis-server` (Debian/Ubuntu; .ci/run does this), " +
  "or `brew install redis` (macOS), then run the tests again.";

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => fail(new Error(`redis-server on port ${port} did not start within 10 s:\n${output}`)),
      10_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Starts `redis-server --port <free> --bind 127.0.0.1 --save "" --appendonly no`. */
export async function startRedis(): Promise<TestRedis> {
  if (spawnSync("redis-server", ["--version"]).error) throw new Error(REDIS_MISSING);
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--logfile", ""],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      await waitForReady(child, port);
    } catch (error) {
      child.kill("SIGKILL");
      // Another process may have taken the port between our probe and redis-server's bind.
      if (attempt < 3) continue;
      throw error;
    }
    const url = `redis://127.0.0.1:${port}`;
    const client = new Redis(url, { maxRetriesPerRequest: 1, connectionName: "test" });
    return {
      url,
      port,
      client,
      flush: async () => void (await client.flushall()),
      stop: async () => {
        client.disconnect();
        const exited = new Promise<void>((resolve) =>
          child.exitCode !== null ? resolve() : child.once("exit", () => resolve()),
        );
        child.kill("SIGTERM");
        await exited;
      },
    };
  }
}

/**
 * One redis-server for a test file, emptied before each test. When redis-server could
 * not start, every test fails with the reason (counted as failed, not skipped as a
 * failing beforeAll would leave them).
 */
export function useRedis(): () => TestRedis {
  let redis: TestRedis | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      redis = await startRedis();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(async () => {
    if (!redis) throw failure instanceof Error ? failure : new Error(String(failure ?? "redis-server was not started"));
    await redis.flush();
  });
  afterAll(async () => redis?.stop());
  return () => {
    if (!redis) throw failure instanceof Error ? failure : new Error(String(failure ?? "redis-server was not started"));
    return redis;
  };
}

/**
 * useRedis() plus replicas' own connections: `connect()` opens one (as each app process
 * has its own), and every connection a test opened is closed after it.
 */
export function useReplicaRedis(): { redis: () => TestRedis; connect: () => Redis } {
  const redis = useRedis();
  const clients: Redis[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.disconnect();
  });
  return {
    redis,
    connect: () => {
      const client = new Redis(redis().url, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    },
  };
}
