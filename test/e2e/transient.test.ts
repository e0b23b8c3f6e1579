// Transient GitHub failures found by the chaos runs: each one must heal on the next
// reconcile, never stick in a cache.
import { afterEach, describe, expect, it, vi } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";

let world: DemoWorld;
afterEach(async () => {
  vi.useRealTimers();
  await world?.close();
});

describe("transient failures heal", () => {
  it("a rate-limited lookup of the app's own login is asked again, and the train starts on the next resync", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    world.sim.faults.once((req) =>
      req.route === "GET /app"
        ? {
            status: 403,
            headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1893456000" },
            body: { message: "API rate limit exceeded for app ID 1." },
          }
        : undefined,
    );
    const issue = openTrain(world);
    await world.settle();
    expect(
      world.sim.requests
        .list()
        .filter((r) => r.route === "GET /app")
        .map((r) => r.status),
    ).toEqual([403]);
    expect(trackingBody(world, issue)).not.toContain("# 🚂 Release train");

    // The periodic resync looks for open tracking issues and reconciles them.
    await world.server.app.discover();
    await world.settle();
    expect(
      world.sim.requests
        .list()
        .filter((r) => r.route === "GET /app")
        .map((r) => r.status),
    ).toEqual([403, 200]);
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
  });
});

describe("missed webhooks heal", () => {
  it("a train whose label event never arrived is found by the periodic discovery", async () => {
    // The app's timer on simulated time: it fires when the test says, never on its own.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 2,
      resyncMs: 60_000,
      frozenAt: "2026-03-02T09:00:00.000Z",
    });
    world.sim.webhookFilter = (d) => (d.event === "issues" ? "drop" : "deliver");
    const issue = openTrain(world);
    await world.settle();
    expect(world.sim.deliveries.list({ event: "issues", action: "labeled" }).map((d) => d.outcome)).toEqual([
      "dropped",
    ]);
    expect(trackingBody(world, issue)).not.toContain("# 🚂 Release train");
    const listings = () =>
      world.sim.requests
        .list()
        .filter((r) => r.route === "GET /repos/{owner}/{repo}/issues")
        .map((r) => r.status);
    // The timer fires (every 15 s at most); then what its tick started is waited for.
    const ticks = vi.spyOn(world.server.app, "tick");
    const timerFires = async () => {
      const before = ticks.mock.results.length;
      vi.advanceTimersByTime(15_000);
      expect(ticks).toHaveBeenCalledTimes(before + 1);
      await ticks.mock.results[before]!.value;
      await world.settle();
    };

    // Before a resync interval has passed on the app's clock: no discovery yet.
    world.sim.clock.advance(59_999);
    await timerFires();
    expect(listings()).toEqual([]);
    expect(trackingBody(world, issue)).not.toContain("# 🚂 Release train");

    // One interval after the app started, the timer looks for open tracking issues and reconciles them.
    world.sim.clock.advance(1);
    await timerFires();
    expect(listings()).toEqual([200]);
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
  });
});
