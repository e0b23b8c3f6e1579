// GitHub's timestamps have one-second resolution, so two edits in the same second are
// told apart by what they say: each gets its own reply.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState, stateBlockOf } from "../../src/train/state.js";
import { toPhase1 } from "../e2e/helpers.js";
import { ORCH, botComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const withoutMarker = (body: string) => body.replace(/<!-- release-train:key=\S+ -->\n/, "");
/** The body as people see it (the hidden state also counts the body's revisions, which every edit moves). */
const visible = (body: string) => body.replace(stateBlockOf(body)!, "");

describe("two edits in the same second", () => {
  it("two refused checklist edits: both boxes restored, each editor answered", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const before = trackingBody(world, issue);
    expect(before).toContain("- [x] **1.1**");
    const replies = botComments(world, issue).length;

    world.sim.clock.freeze();
    world.sim.as("ben").editIssueBody(ORCH, issue, before.replace("- [ ] **2.3**", "- [x] **2.3**"));
    await world.settle();
    world.sim
      .as("mallory")
      .editIssueBody(ORCH, issue, trackingBody(world, issue).replace("- [x] **1.1**", "- [ ] **1.1**"));
    await world.settle();

    expect(visible(trackingBody(world, issue))).toBe(visible(before));
    expect(decodeState(trackingBody(world, issue))!.ticks).toEqual(decodeState(before)!.ticks);
    expect(
      botComments(world, issue)
        .slice(replies)
        .map((c) => withoutMarker(c.body)),
    ).toEqual([
      "@ben your change to the checklist was reverted:\n\n- only members of @release-managers can tick 2.3 (Conduct release review meeting).",
      "@mallory your change to the checklist was reverted:\n\n- 1.1 (Create release branch in each core repository) is done by release-train itself; its box follows GitHub's state.",
    ]);
  });

  it("a refused command edited into another refused command: both answered", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = openTrain(world);
    await world.settle();
    const replies = botComments(world, issue).length;

    world.sim.clock.freeze();
    const id = world.sim.as("mallory").comment(ORCH, issue, "/signoff backend");
    await world.settle();
    world.sim.as("mallory").editComment(ORCH, id, "/approve");
    await world.settle();

    const answers = botComments(world, issue)
      .slice(replies)
      .map((c) => withoutMarker(c.body));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^> \/signoff backend\n\n@mallory /);
    expect(answers[1]).toMatch(/^> \/approve\n\n@mallory /);
    expect(
      decodeState(trackingBody(world, issue))!
        .audit.slice(-3)
        .map((a) => a.text),
    ).toEqual(["/signoff backend (refused)", `edited command comment ${id}; re-evaluated`, "/approve (refused)"]);
  });
});
