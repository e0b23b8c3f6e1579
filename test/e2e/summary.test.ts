// `status/summary.json` of a whole train on the simulated clock: each phase starts and
// finishes when the train really entered and left it, and the file written at 7.4 says
// it is not complete yet; when the retrospective ends the train it is written once more,
// complete, before the tracking issue closes, which then shows every step done.
import { afterEach, describe, expect, it } from "vitest";
import {
  openTrain,
  reportChecks,
  reportReleaseChecks,
  reviewReleasePrs,
  SIGNOFF_LEADS,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../../src/demo/run.js";
import { summarySchema, type TrainSummary } from "../../src/train/summary.js";
import { ORCH, toBaked, validateStaging } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00.000Z";
const minute = (n: number) => new Date(Date.parse(START) + n * 60_000).toISOString();

function summaryOnMain(w: DemoWorld): TrainSummary {
  const orch = w.sim.store.requireRepo(ORCH);
  return summarySchema.parse(
    JSON.parse(orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")!.toString("utf8")),
  );
}

const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";

const span = (s: TrainSummary, phase: number) => {
  const p = s.phases.find((x) => x.phase === phase)!;
  return [p.startedAt, p.finishedAt, p.minutes];
};

describe("status/summary.json over a whole train", () => {
  it("phases carry the times they really started and finished; the file is rewritten once, complete, when the train closes, and every step shows done", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: START });
    const issue = openTrain(world);
    reportChecks(world);
    for (const [who, id] of [
      ["rita", "P6"],
      ["rita", "P7"],
      ["olga", "P8"],
    ])
      world.sim.as(who!).comment(ORCH, issue, `/check ${id}`);
    await world.settle(); // minute 0: the preconditions hold, Phase 1 runs
    expect(stepLine(trackingBody(world, issue), "1.2")).toBe(
      "- [x] **1.2** Freeze feature merges (code freeze) — Orchestration Team — on: no open pull requests to hold (`hotfix` label exempts)",
    );
    await world.advance(3);
    reportReleaseChecks(world);
    await world.settle();
    await world.advance(4);
    reviewReleasePrs(world); // the leads approve their release PRs, as the default branches require
    for (const lead of Object.values(SIGNOFF_LEADS)) world.sim.as(lead).comment(ORCH, issue, "/signoff");
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await world.settle();
    await world.advance(5); // minute 12: the final approval ends Phase 2, staging deploys
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    await world.advance(6); // minute 18: staging validated, production starts
    await validateStaging(world, issue);
    await toBaked(world, issue); // canaries and the bake window: minutes 18–98
    await world.advance(2); // minute 100: 6.4, Phase 7 runs up to the retrospective
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();

    const atRecord = summaryOnMain(world);
    expect(atRecord.complete).toBe(false);
    expect(atRecord.finishedAt).toBe(minute(100));
    expect(span(atRecord, 1)).toEqual([minute(0), minute(0), 0]);
    expect(span(atRecord, 2)).toEqual([minute(0), minute(12), 12]);
    expect(span(atRecord, 3)).toEqual([minute(12), minute(12), 0]);
    expect(span(atRecord, 4)).toEqual([minute(12), minute(18), 6]);
    expect(span(atRecord, 5)[0]).toBe(minute(18));
    expect(span(atRecord, 7)).toEqual([minute(100), null, null]);
    // Phases follow each other: each starts when the one before it finished.
    for (const p of atRecord.phases.slice(1))
      expect(p.startedAt, `phase ${p.phase}`).toBe(atRecord.phases[p.phase - 2]!.finishedAt);

    const orch = world.sim.store.requireRepo(ORCH);
    const commitsBefore = orch.git.log(orch.git.resolveCommit("main")!).length;
    await world.advance(9); // minute 109: the retrospective is done
    const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective"))!;
    world.sim.as("rita").closeIssue(ORCH, retro.number);
    await world.settle();

    const atClose = summaryOnMain(world);
    expect(atClose).toEqual({
      ...atRecord,
      complete: true,
      phases: atRecord.phases.map((p) => (p.phase === 7 ? { ...p, finishedAt: minute(109), minutes: 9 } : p)),
    });
    expect(orch.git.log(orch.git.resolveCommit("main")!).length).toBe(commitsBefore + 1);
    expect(orch.git.commit(orch.git.resolveCommit("main")!)!.message.split("\n")[0]).toBe(
      "chore(release-train): status/summary.json for v2.0.0, complete",
    );
    expect(orch.issues.get(issue)!.state).toBe("closed");

    // The closed tracking issue shows a finished train: every task box ticked (GitHub's
    // "N of N tasks"), the freeze (1.2) done now that the release lifted it.
    const body = trackingBody(world, issue);
    expect(body.match(/^- \[ \]/gm) ?? []).toEqual([]);
    expect(body.match(/^- \[x\]/gm)?.length).toBe(55); // 9 preconditions, 41 steps, 5 postconditions
    expect(stepLine(body, "1.2")).toBe(
      "- [x] **1.2** Freeze feature merges (code freeze) — Orchestration Team — lifted: v2.0.0 released",
    );

    // Written once: looking again writes nothing.
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);
  }, 120_000);
});
