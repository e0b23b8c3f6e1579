// A reply (or a `/hotfix`'s follow-up issue) is decided once, when the command or edit it
// answers is recorded: one lost to a failed write is made on the next reconcile, and one
// whose response was lost is not made twice. On the production client, as GitHub answers.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, appWrites, toApproved, toBaked, trackingComments, trainAtPreconditions } from "./helpers.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const ISSUE = "POST /repos/{owner}/{repo}/issues";

/** The first write to `route` from now on fails as `fault` says; counts how many it failed. */
function failFirstWrite(w: DemoWorld, fault: "502" | "drop-response", route = COMMENT) {
  const failed = { count: 0 };
  w.sim.faults.add((req) => {
    if (failed.count > 0 || req.route !== route) return undefined;
    failed.count++;
    return fault === "502" ? { status: 502, body: { message: "Server Error" } } : "drop-response";
  });
  return failed;
}

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
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 3,
      frozenAt: "2026-11-27T09:00:00Z",
      broken: ["blackroad-os-web"],
      productionClient: true,
    });
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
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 3,
      frozenAt: "2026-11-27T09:00:00Z",
      broken: ["blackroad-os-web"],
      productionClient: true,
    });
    const w = world;
    const dropped = { count: 0 };
    w.sim.faults.add((req) => {
      const body = (req.body as { body?: string } | undefined)?.body ?? "";
      if (dropped.count > 0 || req.route !== COMMENT || !body.includes("is on hold")) return undefined;
      dropped.count++;
      return "drop-connection";
    });
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
      world = await startDemoWorld({
        quiet: true,
        commitsPerRepo: 3,
        frozenAt: "2026-11-27T09:00:00Z",
        productionClient: true,
      });
      const w = world;
      const issue = await toApproved(w);
      await toBaked(w, issue);
      w.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
      await w.settle();
      const orch = w.sim.store.requireRepo(ORCH);
      const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective"))!;
      const failed = { count: 0 };
      const closedWhenFailed: string[] = [];
      w.sim.faults.add((req) => {
        const body = (req.body as { body?: string } | undefined)?.body ?? "";
        if (failed.count > 0 || req.route !== COMMENT || !body.includes("is complete")) return undefined;
        failed.count++;
        closedWhenFailed.push(orch.issues.get(issue)!.state);
        return fault;
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
