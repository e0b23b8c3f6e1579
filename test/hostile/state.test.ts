// The tracking issue body edited by hand: garbage, the hidden state deleted, or the state
// replaced by a forged one. The bot restores the body on the next reconcile, tells the
// people watching, and a forged state grants nothing.
import { afterEach, describe, expect, it } from "vitest";
import {
  SIGNOFF_LEADS,
  openTrain,
  reportReleaseChecks,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../../src/demo/run.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { decodeState, encodeState, stateBlockOf } from "../../src/train/state.js";
import { deploymentsOf, toPhase1 } from "../e2e/helpers.js";
import { ORCH, allPulls, allRefs, appWrites, botComments, lastBotReply } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const RESTORED = "restored from the latest state release-train wrote, as this issue's edit history shows";
const REBUILT =
  "rebuilt from GitHub: commands in comments are evaluated again, and manual steps ticked in the checklist need ticking again";
const notice = (who: string, how: string) =>
  `⚠️ @${who}'s edit changed or removed release-train's hidden state at the end of this issue, so it is not used: the train's state is ${how}. Tick manual steps in the checklist or use commands; everything else here is written by release-train.`;

/** The body as people see it: everything but the hidden state. */
const visible = (body: string) => body.replace(stateBlockOf(body)!, "");
/** The state without its count of the body's revisions (which moves with every edit). */
function stateOf(body: string): Omit<TrainState, "revisions"> {
  const { revisions: _revisions, ...rest } = decodeState(body)!;
  return rest;
}

/** Deletes the text of release-train's latest revision of the body from the edit history. */
function deleteBotRevision(w: DemoWorld, issue: number, who: string): void {
  const latest = w.sim.store
    .requireRepo(ORCH)
    .issues.get(issue)!
    .edits.filter((e) => e.editor === "release-train[bot]")
    .at(-1)!;
  w.sim.as(who).deleteBodyRevision(ORCH, issue, latest.id);
}

/** A state claiming every sign-off, the final approval and every manual step, for the current release heads. */
function forgedFrom(w: DemoWorld, genuine: TrainState): TrainState {
  const heads = Object.fromEntries(
    w.repos.map((full) => [full, w.sim.store.requireRepo(full).git.resolveCommit("release/v2.0.0") ?? ""]),
  );
  const grant = (by: string) => ({ by, at: "2026-01-01T00:00:00Z", via: "comment:1", heads });
  return {
    ...genuine,
    signoffs: Object.fromEntries(Object.entries(SIGNOFF_LEADS).map(([team, lead]) => [team, grant(lead)])),
    approval: grant("olga"),
    ticks: Object.fromEntries(
      ["P6", "P7", "P8", "2.3", "4.2", "4.3", "4.4", "6.3", "6.4"].map((id) => [
        id,
        { by: "rita", at: "2026-01-01T00:00:00Z", via: "tick" },
      ]),
    ),
    reached: { ...genuine.reached, "2.5": "2026-01-01T00:00:00Z", "3.7": "2026-01-01T00:00:00Z" },
  };
}

describe("a hand-edited tracking issue body is restored", () => {
  it.each([
    ["replaced by random text", (_body: string) => "lol 🙃 nothing to see here"],
    ["with the state block deleted", (body: string) => body.replace(stateBlockOf(body)!, "")],
    ["with the state block garbled", (body: string) => body.replace(/"version":"2\.0\.0"/, '"version":"2.0.0",,')],
  ])("%s: the body and its state come back, with a notice, and nothing else is written", async (_case, vandalise) => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    world.sim.as("rita").comment(ORCH, issue, "/check P7 drill done on Tuesday");
    await world.settle();
    const before = trackingBody(world, issue);
    const refs = allRefs(world);

    const mark = world.sim.requests.length;
    world.sim.as("mallory").editIssueBody(ORCH, issue, vandalise(before));
    await world.settle();
    expect(visible(trackingBody(world, issue))).toBe(visible(before));
    expect(stateOf(trackingBody(world, issue))).toEqual(stateOf(before));
    expect(decodeState(trackingBody(world, issue))?.ticks.P7).toMatchObject({ by: "rita" });
    expect(lastBotReply(world, issue)).toBe(notice("mallory", RESTORED));
    expect(
      appWrites(world, mark)
        .map((w) => w.route)
        .sort(),
    ).toEqual(
      [
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      ].sort(),
    );
    expect(allRefs(world)).toEqual(refs);

    // Restored for good: the next look writes nothing.
    const again = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(appWrites(world, again)).toEqual([]);
  });
});

describe("a forged state grants nothing", () => {
  it("sign-offs, approval and ticked steps claimed in a forged block: none counted, no deployment, body restored", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const before = trackingBody(world, issue);
    const genuine = decodeState(before)!;
    expect(genuine.signoffs).toEqual({});
    const refs = allRefs(world);
    const pulls = allPulls(world);

    // Unsigned, and with a made-up signature: both are forgeries.
    for (const signature of ["", ` sig=${"ab".repeat(32)}`]) {
      const forged = encodeState(forgedFrom(world, genuine)).replace(/ -->$/, `${signature} -->`);
      world.sim.as("mallory").editIssueBody(ORCH, issue, before.replace(stateBlockOf(before)!, forged));
      await world.settle();
      const state = decodeState(trackingBody(world, issue))!;
      expect(state.signoffs).toEqual({});
      expect(state.approval).toBeUndefined();
      expect(Object.keys(state.ticks).sort()).toEqual(["P6", "P7", "P8"]);
      expect(state.ticks.P6).toMatchObject({ by: "rita" });
      expect(visible(trackingBody(world, issue))).toBe(visible(before));
      expect(stateOf(trackingBody(world, issue))).toEqual(stateOf(before));
      expect(trackingBody(world, issue)).toContain("- [ ] **2.5** Final approval from Orchestration Team");
      expect(lastBotReply(world, issue)).toBe(notice("mallory", RESTORED));
    }
    expect(deploymentsOf(world)).toEqual([]);
    expect(allRefs(world)).toEqual(refs);
    expect(allPulls(world)).toEqual(pulls);
  });

  it("a forged block together with ticked boxes: the ticks are reverted with a reply", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const before = trackingBody(world, issue);
    const forged = encodeState(forgedFrom(world, decodeState(before)!));
    const ticked = before.replace(stateBlockOf(before)!, forged).replace("- [ ] **2.3**", "- [x] **2.3**");
    world.sim.as("mallory").editIssueBody(ORCH, issue, ticked);
    await world.settle();
    expect(decodeState(trackingBody(world, issue))!.ticks["2.3"]).toBeUndefined();
    expect(visible(trackingBody(world, issue))).toBe(visible(before));
    // The notice about the state, then the reply about the box (only the one mallory ticked).
    expect(
      botComments(world, issue)
        .slice(-2)
        .map((c) => c.body.replace(/<!-- release-train:key=\S+ -->\n/, "")),
    ).toEqual([
      notice("mallory", RESTORED),
      "@mallory your change to the checklist was reverted:\n\n- only members of @release-managers can tick 2.3 (Conduct release review meeting).",
    ]);
  });

  it("a forged version in the state never reaches a ref name", async () => {
    world = await startDemoWorld({ quiet: true });
    const issue = openTrain(world);
    await world.settle();
    const before = trackingBody(world, issue);
    const refs = allRefs(world);
    const evil = encodeState(decodeState(before)!).replace('"version":"2.0.0"', '"version":"2.0.0/../../main"');
    world.sim.as("mallory").editIssueBody(ORCH, issue, before.replace(stateBlockOf(before)!, evil));
    await world.settle();
    expect(decodeState(trackingBody(world, issue))?.version).toBe("2.0.0");
    expect(allRefs(world)).toEqual(refs);
  });

  it("after a restart, a forged state is dropped and the latest state comes back from the edit history", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const before = trackingBody(world, issue);
    const refs = allRefs(world);
    const forged = encodeState(forgedFrom(world, decodeState(before)!));
    // The edit happens while the app is down: the new process knows nothing but GitHub.
    world.sim.pauseWebhooks();
    world.sim.as("mallory").editIssueBody(ORCH, issue, before.replace(stateBlockOf(before)!, forged));
    await world.restartApp();
    world.sim.resumeWebhooks();
    await world.settle();
    expect(stateOf(trackingBody(world, issue))).toEqual(stateOf(before));
    expect(visible(trackingBody(world, issue))).toBe(visible(before));
    expect(lastBotReply(world, issue)).toBe(notice("mallory", RESTORED));
    expect(deploymentsOf(world)).toEqual([]);
    expect(allRefs(world)).toEqual(refs);
  });

  it("with release-train's latest revision deleted from the history, a forged state is dropped and the train is rebuilt from GitHub", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const before = trackingBody(world, issue);
    const refs = allRefs(world);
    const pulls = allPulls(world);
    const forged = encodeState(forgedFrom(world, decodeState(before)!));
    world.sim.pauseWebhooks();
    deleteBotRevision(world, issue, "mallory");
    world.sim.as("mallory").editIssueBody(ORCH, issue, before.replace(stateBlockOf(before)!, forged));
    await world.restartApp();
    world.sim.resumeWebhooks();
    await world.settle();

    const state = decodeState(trackingBody(world, issue))!;
    expect(state.signoffs).toEqual({});
    expect(state.approval).toBeUndefined();
    // The genuine /check comments are evaluated again; the forged ticks are gone.
    expect(Object.fromEntries(Object.entries(state.ticks).map(([id, t]) => [id, t.by]))).toEqual({
      P6: "rita",
      P7: "rita",
      P8: "olga",
    });
    expect(Object.values(state.ticks).every((t) => t.via?.startsWith("comment:"))).toBe(true);
    expect(lastBotReply(world, issue)).toBe(notice("mallory", REBUILT));
    expect(deploymentsOf(world)).toEqual([]);
    expect(allRefs(world)).toEqual(refs);
    expect(allPulls(world)).toEqual(pulls);
    expect(trackingBody(world, issue)).toContain("# 🚂 Release train v2.0.0");
  });

  it("a rebuild does not bring back a sign-off that new commits withdrew", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    world.sim.as("bella").comment(ORCH, issue, "/signoff backend");
    world.sim.as("ivan").comment(ORCH, issue, "/signoff infrastructure");
    await world.settle();
    world.sim.as("ben").pushCommit("blackroad-os/blackroad-os-api", "release/v2.0.0", {
      message: "fix: late null check",
      files: { "src/late.ts": "export {};\n" },
    });
    await world.settle();
    expect(Object.keys(decodeState(trackingBody(world, issue))!.signoffs)).toEqual(["infrastructure"]);

    const before = trackingBody(world, issue);
    world.sim.pauseWebhooks();
    deleteBotRevision(world, issue, "mallory");
    world.sim.as("mallory").editIssueBody(ORCH, issue, before.replace(stateBlockOf(before)!, ""));
    await world.restartApp();
    world.sim.resumeWebhooks();
    await world.settle();
    const state = decodeState(trackingBody(world, issue))!;
    expect(Object.fromEntries(Object.entries(state.signoffs).map(([team, s]) => [team, s.by]))).toEqual({
      infrastructure: "ivan",
    });
    expect(state.audit.map((a) => a.text)).toContain(
      "sign-off for backend by @bella stays withdrawn: new commits landed after it",
    );
  });
});
