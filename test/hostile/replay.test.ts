// Row 1 of the trust review: a genuine but older copy of the tracking issue body, pasted
// back by someone who may edit issues. Its signed state is release-train's own, just not
// the latest; GitHub's edit history says which one is, and that one is used.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, reportChecks, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState, stateBlockOf } from "../../src/train/state.js";
import { ORCH, allPulls, allRefs, appWrites, lastBotReply } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const visible = (body: string) => body.replace(stateBlockOf(body)!, "");

describe("a replayed state block", () => {
  it("an older body pasted back (P7 ticked, since unticked) brings nothing back: no Phase 1, the latest state stays, the edit is reported", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    reportChecks(world);
    await world.settle();
    world.sim.as("rita").comment(ORCH, issue, "/check P6");
    await world.settle();

    // rita ticks P7 in the checklist, then thinks better of it and unticks it; olga checks P8.
    world.sim.as("rita").editIssueBody(ORCH, issue, trackingBody(world, issue).replace("- [ ] **P7**", "- [x] **P7**"));
    await world.settle();
    const withP7 = trackingBody(world, issue);
    expect(decodeState(withP7)!.ticks.P7).toMatchObject({ by: "rita", via: "tick" });
    world.sim.as("rita").editIssueBody(ORCH, issue, withP7.replace("- [x] **P7**", "- [ ] **P7**"));
    await world.settle();
    world.sim.as("olga").comment(ORCH, issue, "/check P8");
    await world.settle();
    const latest = trackingBody(world, issue);
    expect(decodeState(latest)!.ticks.P7).toBeUndefined();
    const refs = allRefs(world);
    const pulls = allPulls(world);

    const mark = world.sim.requests.length;
    world.sim.as("mallory").editIssueBody(ORCH, issue, withP7);
    await world.settle();

    const now = trackingBody(world, issue);
    expect(Object.keys(decodeState(now)!.ticks).sort()).toEqual(["P6", "P8"]);
    expect(decodeState(now)!.reached.preconditions).toBeUndefined();
    expect(visible(now)).toBe(visible(latest));
    expect(now).toContain("- [ ] **P7**");
    expect(allRefs(world)).toEqual(refs);
    expect(allPulls(world)).toEqual(pulls);
    expect(lastBotReply(world, issue)).toBe(
      "⚠️ @mallory's edit brought back an older copy of release-train's hidden state at the end of this issue, so it is not used: the train continues from the latest state release-train wrote, as this issue's edit history shows. A box ticked or unticked there counts only as a change to the checklist it was made on.",
    );
    // The body restored and the notice posted: nothing else.
    expect(
      appWrites(world, mark)
        .map((w) => w.route)
        .sort(),
    ).toEqual([
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
  });
});
