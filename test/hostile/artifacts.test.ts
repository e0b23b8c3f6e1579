// Row 4 of the trust review: the issues a train opened (retrospective, incident review,
// follow-ups) are recognised by their author, as GitHub records it, never by text or
// labels anyone can write, and found however many other labelled issues exist.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { commentMarker, decodeState } from "../../src/train/state.js";
import { toApproved, toBaked } from "../e2e/helpers.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const issues = (w: DemoWorld) => [...w.sim.store.requireRepo(ORCH).issues.values()].filter((i) => !i.isPull);

describe("the retrospective", () => {
  it("is not opened twice behind 20 newer labelled issues, and a look-alike closed by mallory neither ticks 7.7 nor closes the train", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T10:00:00Z" });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();
    const retros = () => issues(world).filter((i) => i.title === "Retrospective: release train v2.0.0");
    expect(retros().map((i) => i.user)).toEqual(["release-train[bot]"]);

    const mallory = world.sim.as("mallory");
    for (let n = 0; n < 20; n += 1)
      mallory.createIssue({ repo: ORCH, title: `Follow-up ${n}`, labels: ["release-train:follow-up"] });
    await world.server.app.resync();
    await world.settle();
    expect(retros()).toHaveLength(1);

    const fake = mallory.createIssue({
      repo: ORCH,
      title: "Retrospective: release train v2.0.0",
      body: `${commentMarker("retro-v2.0.0")}\nlooks legit`,
      labels: ["release-train:retrospective"],
    });
    mallory.closeIssue(ORCH, fake);
    await world.server.app.resync();
    await world.settle();
    expect(decodeState(trackingBody(world, issue))!.ticks["7.7"]).toBeUndefined();
    expect(world.sim.store.requireRepo(ORCH).issues.get(issue)!.state).toBe("open");

    // The real one, closed, ends the train.
    world.sim.as("rita").closeIssue(ORCH, retros().find((i) => i.user === "release-train[bot]")!.number);
    await world.settle();
    expect(decodeState(trackingBody(world, issue))!.ticks["7.7"]).toMatchObject({ by: "release-train" });
    expect(world.sim.store.requireRepo(ORCH).issues.get(issue)!.state).toBe("closed");
  }, 180_000);
});
