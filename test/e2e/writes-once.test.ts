// The production client (write pacing, the retry plugin) against the simulated GitHub:
// when GitHub carries out a write but its response is lost, the write is not repeated,
// neither by the client's retries nor by the next reconcile, which reads GitHub first.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { markerOf } from "../../src/train/state.js";
import type { FaultRequest } from "github-sim";
import { appWrites, deploymentsOf, ORCH, toApproved } from "./helpers.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Loses the response to the first request matching `route` (GitHub still carries it out). */
function loseFirstResponse(w: DemoWorld, route: string): () => FaultRequest | null {
  let lost: FaultRequest | null = null;
  w.sim.faults.add((req) => {
    if (lost || req.route !== route) return undefined;
    lost = req;
    return "drop-response";
  });
  return () => lost;
}

describe("a lost write response with the production client", () => {
  it("creates one deployment and one comment, not two", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 3,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    const w = world;
    const deployment = loseFirstResponse(w, "POST /repos/{owner}/{repo}/deployments");
    const comment = loseFirstResponse(w, "POST /repos/{owner}/{repo}/issues/{issue_number}/comments");
    const issue = await toApproved(w);
    // The reconcile that saw the failure looks again (as the 30-second retry or the resync would).
    await w.server.app.resync();
    await w.settle();

    expect(deployment()).not.toBeNull();
    expect(comment()).not.toBeNull();
    // Every repository has exactly one staging deployment for the release.
    const staging = deploymentsOf(w).filter((d) => d.environment === "staging");
    expect(staging.map((d) => d.repo).sort()).toEqual(w.repos.map((r) => r.split("/")[1]).sort());
    expect(appWrites(w).filter((r) => r.route === "POST /repos/{owner}/{repo}/deployments")).toHaveLength(
      w.repos.length,
    );
    // No comment of the app's was posted twice.
    const keys = w.sim.store
      .commentsOf(w.sim.store.requireRepo(ORCH), issue)
      .map((c) => markerOf(c.body))
      .filter(Boolean);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    // Pacing was on: the writes were spaced, on the client's instant clock.
    expect(w.clientClock.waitedMs).toBeGreaterThan(appWrites(w).length * 500);
  }, 120_000);
});
