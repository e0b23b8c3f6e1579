// A person's tick that lands while the app writes the tracking issue: the app reads the
// body again before writing it, so the tick survives.
import { afterEach, describe, expect, it } from "vitest";
import { concurrentEditMode, editBeforeWriteMode } from "../../chaos/races.js";
import { tickInBody } from "../../chaos/scenario.js";
import { ORCHESTRATION_REPO, ORG } from "../../src/demo/constellation.js";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { toPhase1 } from "../../src/demo/script.js";
import { decodeState } from "../../src/train/state.js";

let world: DemoWorld;
afterEach(async () => world?.close());

describe("chaos races", () => {
  it("a tick made during the app's re-read of the tracking issue is kept", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 2,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    const issue = await toPhase1(world);
    const mode = concurrentEditMode();
    mode.install(world);
    expect(mode.takeEdit!(world, () => tickInBody(world, issue, "rita", "2.3"))).toBe(true);
    // Nothing yet: the tick waits for the app.
    expect(decodeState(trackingBody(world, issue))!.ticks["2.3"]).toBeUndefined();
    world.sim.as("rita").comment(`${ORG}/${ORCHESTRATION_REPO}`, issue, "/hold waiting for the review");
    await world.settle();
    await mode.afterSettle!(world, world.settle);
    expect(mode.describe()).toBe("a person's tick landed during the app's GET of the tracking issue");
    const state = decodeState(trackingBody(world, issue))!;
    expect(state.ticks["2.3"]).toMatchObject({ by: "rita", via: "tick" });
    expect(state.hold).toMatchObject({ by: "rita", reason: "waiting for the review" });
    expect(world.sim.store.requireRepo(`${ORG}/${ORCHESTRATION_REPO}`).issues.get(issue)!.lastEditedBy).not.toBe(
      "rita",
    );
  }, 60_000);

  it("a tick landing just before the app's body write, its webhook lost, is read back by the app itself", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 2,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    const issue = await toPhase1(world);
    const mode = editBeforeWriteMode();
    mode.install(world);
    expect(mode.takeEdit!(world, () => tickInBody(world, issue, "rita", "2.3"))).toBe(true);
    world.sim.as("rita").comment(`${ORG}/${ORCHESTRATION_REPO}`, issue, "/hold waiting for the review");
    await world.settle();
    await mode.afterSettle!(world, world.settle);
    expect(mode.describe()).toBe("a person's tick landed during the app's PATCH of the tracking issue");
    const state = decodeState(trackingBody(world, issue))!;
    expect(state.ticks["2.3"]).toMatchObject({ by: "rita", via: "tick" });
    expect(state.hold).toMatchObject({ by: "rita", reason: "waiting for the review" });
  }, 60_000);
});
