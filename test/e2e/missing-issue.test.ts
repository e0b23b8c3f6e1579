// A tracking issue that is gone (deleted, or never there) ends its train's registration:
// the app stops looking for it instead of failing on every resync.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { trainId } from "../../src/train/model/observation.js";
import { sendRaw } from "../hostile/helpers.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const [owner, repo] = ORCH.split("/") as [string, string];
const registered = (issueNumber: number) => world.server.app.registry.get(trainId({ owner, repo, issueNumber }));

/** The requests a resync of every registered train sends. */
async function resyncRequests() {
  const before = world.sim.requests.length;
  await world.server.app.resync();
  await world.settle();
  return world.sim.requests.list().slice(before);
}

describe("a tracking issue that is gone", () => {
  it("deleted: the train is no longer registered, and a resync sends nothing for it", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    expect(registered(issue)).toBeDefined();

    world.sim.as("rita").deleteIssue(ORCH, issue);
    await world.settle();
    expect(registered(issue)).toBeUndefined();
    expect(world.server.app.registry.all()).toEqual([]);
    expect(await resyncRequests()).toEqual([]);
  });

  it("a label event for an issue that does not exist: not registered, nothing sent on resync", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    const labelled = world.sim.deliveries.last({ event: "issues", action: "labeled" })!.payload as {
      issue: { number: number };
    };
    labelled.issue.number = 999;
    expect((await sendRaw(world, { body: JSON.stringify(labelled) })).status).toBe(200);
    await world.settle();
    expect(registered(999)).toBeUndefined();

    // The real train is still resynced: one observation of it, nothing for #999.
    const requests = await resyncRequests();
    expect(requests.map((r) => `${r.route} ${r.graphql?.operationName ?? ""}`.trim())).toEqual([
      "POST /graphql TrainObservation",
    ]);
    expect(registered(issue)).toBeDefined();
  });
});
