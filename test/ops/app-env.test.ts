// The app's own settings from the environment (`probot run ./dist/index.js`): read and
// checked in src/ops/env.ts like the production entry's, never when a module loads.
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "../../src/app/options.js";
import { readAppEnv } from "../../src/ops/env.js";

describe("readAppEnv", () => {
  it("has the defaults of the production entry: release-train, every 10 minutes, no Redis", () => {
    expect(readAppEnv({})).toEqual({
      ok: true,
      settings: { orchestrationRepo: "release-train", resyncMinutes: 10, redisUrl: undefined },
    });
  });

  it("reads the orchestration repository, the resync interval and Redis", () => {
    const env = { RELEASE_TRAIN_REPO: " trains ", RESYNC_MINUTES: "3", REDIS_URL: "rediss://redis:6380/1" };
    expect(readAppEnv(env)).toEqual({
      ok: true,
      settings: { orchestrationRepo: "trains", resyncMinutes: 3, redisUrl: "rediss://redis:6380/1" },
    });
  });

  it.each([
    [
      { RELEASE_TRAIN_REPO: "acme/trains" },
      'RELEASE_TRAIN_REPO must be a repository name without owner (got "acme/trains")',
    ],
    [{ RESYNC_MINUTES: "ten" }, 'RESYNC_MINUTES must be a positive integer (got "ten")'],
    [{ REDIS_URL: "http://:hunter2@redis" }, "REDIS_URL must be a redis:// or rediss:// URL"],
  ])("names the variable: %#", (env, message) => {
    expect(readAppEnv(env)).toEqual({ ok: false, error: message });
  });
});

describe("DEFAULT_OPTIONS", () => {
  it("are the same whatever the environment says: the entry points pass what it sets", () => {
    expect(DEFAULT_OPTIONS).toMatchObject({ orchestrationRepo: "release-train", resyncMs: 600_000 });
    expect(DEFAULT_OPTIONS.redisUrl).toBeUndefined();
  });
});
