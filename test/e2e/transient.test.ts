// Transient GitHub failures found by the chaos runs: each one must heal on the next
// reconcile, never stick in a cache.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";

let world: DemoWorld;
afterEach(async () => world?.close());

describe("transient failures heal", () => {
  it("a rate-limited lookup of the app's own login is asked again, and the train starts on the next resync", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    world.sim.faults.once((req) =>
      req.route === "GET /app" ? { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1893456000" }, body: { message: "API rate limit exceeded for app ID 1." } } : undefined,
    );
    const issue = openTrain(world);
    await world.settle();
    expect(world.sim.requests.list().filter((r) => r.route === "GET /app").map((r) => r.status)).toEqual([403]);
    expect(trackingBody(world, issue)).not.toContain("# 🚂 Release train");

    // The periodic resync looks for open tracking issues and reconciles them.
    await world.server.app.discover();
    await world.settle();
    expect(world.sim.requests.list().filter((r) => r.route === "GET /app").map((r) => r.status)).toEqual([403, 200]);
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
  });
});

describe("missed webhooks heal", () => {
  it("a train whose label event never arrived is found by the periodic discovery", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, resyncMs: 1_000 });
    world.sim.webhookFilter = (d) => (d.event === "issues" ? "drop" : "deliver");
    const issue = openTrain(world);
    await world.settle();
    expect(world.sim.deliveries.list({ event: "issues", action: "labeled" }).map((d) => d.outcome)).toEqual(["dropped"]);
    expect(trackingBody(world, issue)).not.toContain("# 🚂 Release train");
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await world.settle();
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
    expect(world.sim.requests.list().some((r) => r.route === "GET /repos/{owner}/{repo}/issues" && r.status === 200)).toBe(true);
  });
});
