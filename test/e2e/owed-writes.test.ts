// A reply (or a `/hotfix`'s follow-up issue) is decided once, when the command or edit it
// answers is recorded: one lost to a failed write is made on the next reconcile, and one
// whose response was lost is not made twice. On the production client, as GitHub answers.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import {
  ORCH,
  appWrites,
  COMMENT,
  failFirstWrite,
  toApproved,
  toRetrospective,
  trackingComments,
  trainAtPreconditions,
} from "./helpers.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ISSUE = "POST /repos/{owner}/{repo}/issues";

/** The demo constellation on the production client (retries, pacing) and the simulated clock. */
const productionWorld = (broken: string[] = []) =>
  startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: "2026-11-27T09:00:00Z", broken, productionClient: true });

const botComments = (w: DemoWorld, issue: number, text: string) =>
  trackingComments(w, issue).filter((c) => c.user === "release-train[bot]" && c.body.includes(text));

async function reconcileTwice(w: DemoWorld) {
  for (let i = 0; i < 2; i += 1) {
    await w.server.app.resync();
    await w.settle();
  }
}

describe("a reply whose write failed", () => {
  it("to a refused command is posted on the next reconcile, once", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    const failed = failFirstWrite(w, "502");
    w.sim.as("rita").comment(ORCH, issue, "/frobnicate now");
    await w.settle();
    expect(failed.count).toBe(1);
    expect(botComments(w, issue, "is not a release-train command")).toEqual([]);
    expect(Object.keys(decodeState(trackingBody(w, issue))?.owed ?? {})).toHaveLength(1);

    await reconcileTwice(w);
    const replies = botComments(w, issue, "`/frobnicate` is not a release-train command");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain("> /frobnicate now\n\n@rita");
  }, 120_000);

  it("to an edited command is posted on the next reconcile, once", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    const id = w.sim.as("rita").comment(ORCH, issue, "/check P6");
    await w.settle();
    const failed = failFirstWrite(w, "502");
    w.sim.as("rita").editComment(ORCH, id, "/check P77");
    await w.settle();
    expect(failed.count).toBe(1);

    await reconcileTwice(w);
    expect(botComments(w, issue, "> /check P77")).toHaveLength(1);
    expect(decodeState(trackingBody(w, issue))?.ticks["P6"]).toBeUndefined();
  }, 120_000);

  it("to a refused tick is posted on the next reconcile, once", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    const failed = failFirstWrite(w, "502");
    const body = trackingBody(w, issue).replace(/- \[ \] \*\*P6\*\*/, "- [x] **P6**");
    w.sim.as("ivan").editIssueBody(ORCH, issue, body);
    await w.settle();
    expect(failed.count).toBe(1);

    await reconcileTwice(w);
    expect(botComments(w, issue, "@ivan your change to the checklist was reverted")).toHaveLength(1);
    expect(decodeState(trackingBody(w, issue))?.ticks["P6"]).toBeUndefined();
  }, 120_000);

  it("with its response lost, is not posted twice, and the state forgets it", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    const failed = failFirstWrite(w, "drop-response");
    const since = w.sim.requests.list().length;
    w.sim.as("rita").comment(ORCH, issue, "/frobnicate now");
    await w.settle();
    await reconcileTwice(w);
    expect(failed.count).toBe(1);
    expect(botComments(w, issue, "`/frobnicate` is not a release-train command")).toHaveLength(1);
    expect(appWrites(w, since).filter((r) => r.route === COMMENT)).toHaveLength(1);

    // Forgotten with the next change of the state, not by a write of its own.
    w.sim.as("rita").comment(ORCH, issue, "/check P6");
    await w.settle();
    expect(decodeState(trackingBody(w, issue))?.owed).toBeUndefined();
  }, 120_000);

  it("opening a /hotfix's follow-up issue is tried again on the next reconcile; one issue is opened", async () => {
    world = await productionWorld(["blackroad-os-web"]);
    const w = world;
    const issue = await toApproved(w);
    w.sim.deployer.fixRepo("blackroad-os-web");
    const failed = failFirstWrite(w, "502", ISSUE);
    w.sim.as("rita").comment(ORCH, issue, "/hotfix the web fix ships in 2.0.1");
    await w.settle();
    expect(failed.count).toBe(1);

    await reconcileTwice(w);
    const followUps = [...w.sim.store.requireRepo(ORCH).issues.values()].filter((i) =>
      i.labels.includes("release-train:follow-up"),
    );
    expect(followUps.map((i) => [i.title, i.user])).toEqual([
      ["Follow-up for v2.0.0: blackroad-os-web failed to deploy to staging", "release-train[bot]"],
    ]);
    expect(followUps[0]!.body).toContain("the web fix ships in 2.0.1");
  }, 120_000);
});

describe("a hold's notice whose write failed", () => {
  it("is posted on the next reconcile, once, the train held meanwhile", async () => {
    world = await productionWorld(["blackroad-os-web"]);
    const w = world;
    const dropped = failFirstWrite(w, "drop-connection", COMMENT, { containing: "is on hold" });
    const issue = await toApproved(w);
    expect(dropped.count).toBe(1);
    expect(trackingBody(w, issue)).toContain("**⏸️ On hold: blackroad-os-web failed to deploy to staging**");

    await reconcileTwice(w);
    const notices = botComments(w, issue, "## ⏸️ v2.0.0 is on hold");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("- blackroad-os-web failed to deploy to staging");
  }, 180_000);
});

describe("the comment that ends a train", () => {
  for (const fault of ["drop-connection", "drop-response"] as const) {
    it(`lost to a ${fault} is posted once, and only then is the tracking issue closed`, async () => {
      world = await productionWorld();
      const w = world;
      const { issue, retro } = await toRetrospective(w);
      const orch = w.sim.store.requireRepo(ORCH);
      const closedWhenFailed: string[] = [];
      const failed = failFirstWrite(w, fault, COMMENT, {
        containing: "is complete",
        onFail: () => closedWhenFailed.push(orch.issues.get(issue)!.state),
      });
      w.sim.as("rita").closeIssue(ORCH, retro.number);
      await w.settle();
      expect(failed.count).toBe(1);
      expect(closedWhenFailed).toEqual(["open"]);

      await reconcileTwice(w);
      expect(botComments(w, issue, "🏁 The release train v2.0.0 is complete")).toHaveLength(1);
      expect(orch.issues.get(issue)!.state).toBe("closed");
      expect(w.sim.store.commentsOf(orch, issue).at(-1)!.body).toContain("Closing the tracking issue.");
    }, 180_000);
  }
});
