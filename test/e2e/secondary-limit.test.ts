// End to end: GitHub answers one of Phase 1's writes with a secondary-limit 403. The whole
// installation pauses until retry-after — no request of any repository goes out before —
// and Phase 1 then finishes with the refused write made once and nothing written twice.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { appWrites, releaseState, toPhase1 } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const RETRY_AFTER_S = 300;

describe("a secondary rate limit mid-Phase 1", () => {
  it("pauses the whole installation until retry-after, then finishes with no duplicate and no write sent early", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 3,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    let releaseWrites = 0;
    let refused: { at: number; route: string; path: string } | undefined;
    world.sim.faults.add((req) => {
      if (refused || req.method === "GET" || !/\/git\/refs$/.test(req.path)) return undefined;
      // the fifth release branch Phase 1 creates is refused
      if (++releaseWrites < 5) return undefined;
      refused = { at: world.sim.clock.ms(), route: req.route, path: req.path };
      return {
        status: 403,
        headers: { "retry-after": String(RETRY_AFTER_S) },
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url:
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
          status: "403",
        },
      };
    });
    const start = world.sim.requests.length;
    await toPhase1(world);
    expect(refused).toBeDefined();

    const requests = world.sim.requests
      .list()
      .slice(start)
      .filter((r) => r.kind !== "user");
    const refusedIndex = requests.findIndex((r) => r.status === 403);
    expect(refusedIndex).toBeGreaterThan(0);
    // Nothing of the installation went out before retry-after: not the next repository's write, not a read.
    const after = requests.slice(refusedIndex + 1).filter((r) => r.kind !== "auth");
    expect(after.length).toBeGreaterThan(0);
    for (const r of after)
      expect(Date.parse(r.at), `${r.method} ${r.path}`).toBeGreaterThanOrEqual(refused!.at + RETRY_AFTER_S * 1000);
    // The refused write was made once afterwards; no write was made twice.
    const writes = appWrites(world, start);
    expect(writes.filter((w) => w.path === refused!.path && w.status === 403)).toHaveLength(1);
    for (const repo of world.repos) {
      const state = releaseState(world, repo);
      expect(state, repo).toMatchObject({
        branch: true,
        headline: "chore(release): v2.0.0",
        verified: true,
        parentIsMain: true,
        version: "2.0.0",
      });
      expect(state.pulls, repo).toEqual([
        { number: expect.any(Number), base: "main", title: "release: v2.0.0", labels: ["release-train"] },
      ]);
    }
    const created = writes
      .filter((w) => w.status >= 200 && w.status < 300 && w.method === "POST" && /\/(git\/refs|pulls)$/.test(w.path))
      .map((w) => w.path);
    expect(created.filter((p) => p.endsWith("/git/refs")).length).toBe(world.repos.length);
    expect(created.filter((p) => p.endsWith("/pulls")).length).toBe(world.repos.length);
  });
});
