// People's edits to the tracking issue are kept: a tick saved from a page opened before
// someone's command is read as the change from that page, so it undoes nothing; an edit
// landing between release-train's re-read and its write is repaired; text people add
// outside the managed sections is kept.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, reportChecks, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState, stateBlockOf } from "../../src/train/state.js";
import type { FaultRequest } from "github-sim";
import { ORCH, botComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

/** A train whose automatic preconditions are met, waiting for P6–P8. */
async function atPreconditions(): Promise<{ w: DemoWorld; issue: number }> {
  world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, productionClient: true });
  const issue = openTrain(world);
  await world.settle();
  reportChecks(world);
  await world.settle();
  return { w: world, issue };
}

describe("people's edits to the tracking issue", () => {
  it("a command plus a stale body edit: olga's /check P8 stands and nothing says rita unticked it", async () => {
    const { w, issue } = await atPreconditions();
    const page = trackingBody(w, issue); // rita opens the issue: P8 not ticked
    w.sim.as("olga").comment(ORCH, issue, "/check P8");
    await w.settle();
    expect(decodeState(trackingBody(w, issue))?.ticks["P8"]).toMatchObject({ by: "olga" });

    // rita ticks P6 on the page she opened before olga's command, and saves it.
    w.sim.as("rita").editIssueBody(ORCH, issue, page.replace("- [ ] **P6**", "- [x] **P6**"));
    await w.settle();
    const body = trackingBody(w, issue);
    const state = decodeState(body)!;
    expect(state.ticks["P8"]).toMatchObject({ by: "olga" });
    expect(state.ticks["P6"]).toMatchObject({ by: "rita" });
    expect(body).toContain("- [x] **P8**");
    expect(body).toContain("- [x] **P6**");
    const aboutP8 = state.audit.filter((a) => a.text.includes("P8"));
    expect(aboutP8.length).toBeGreaterThan(0);
    expect(aboutP8.filter((a) => a.actor !== "olga" || a.text.includes("unticked"))).toEqual([]);
    expect(botComments(w, issue).filter((c) => c.body.includes("reverted"))).toEqual([]);
  }, 120_000);

  it.each([
    ["its webhook delivered", false],
    ["its webhook lost: release-train's own edit tells", true],
  ])(
    "an edit landing between release-train's re-read and its write is repaired on the next reconcile (%s)",
    async (_name, lost) => {
      const { w, issue } = await atPreconditions();
      const patchesBody = (req: FaultRequest) =>
        req.method === "PATCH" &&
        req.path === `/repos/${ORCH}/issues/${issue}` &&
        typeof (req.body as { body?: unknown } | null)?.body === "string";
      // The app's next body write is olga's /check P8; rita's tick of P6 lands just before it.
      const landed = w.sim.faults.justBefore(patchesBody, () => {
        const edit = () =>
          w.sim.as("rita").editIssueBody(ORCH, issue, trackingBody(w, issue).replace("- [ ] **P6**", "- [x] **P6**"));
        if (lost) w.sim.core.silently(edit);
        else edit();
      });
      w.sim.as("olga").comment(ORCH, issue, "/check P8");
      await w.settle();
      await landed;
      const body = trackingBody(w, issue);
      const state = decodeState(body)!;
      expect(state.ticks["P8"]).toMatchObject({ by: "olga" });
      expect(state.ticks["P6"]).toMatchObject({ by: "rita" });
      expect(body).toContain("- [x] **P6**");
      expect(state.audit.filter((a) => a.actor === "rita").map((a) => a.text)).toEqual([
        expect.stringContaining("ticked P6"),
      ]);
    },
    120_000,
  );

  it("text a person adds above the checklist is moved into the Description, with one reply", async () => {
    const { w, issue } = await atPreconditions();
    const note = "Heads-up: the docs site freezes on Friday, ping @dora before merging.";
    w.sim.as("rita").editIssueBody(ORCH, issue, `${note}\n\n${trackingBody(w, issue)}`);
    await w.settle();
    await w.server.app.resync();
    await w.settle();

    const body = trackingBody(w, issue);
    expect(body.startsWith("# 🚂 Release train v2.0.0")).toBe(true);
    const description = /<details><summary>Description<\/summary>\n\n([\s\S]*?)\n\n<\/details>/.exec(body)?.[1] ?? "";
    expect(description).toContain("The big launch");
    expect(description).toContain(note);
    expect(body.replace(stateBlockOf(body)!, "").split(note)).toHaveLength(2); // once, as people see it
    const replies = botComments(w, issue).filter((c) => c.body.includes("moved into its **Description**"));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain(`@rita `);
    expect(replies[0]!.body).toContain(`> ${note}`);
  }, 120_000);
});
