// The whole train the chaos runs replay: the playbook's 11 repositories from the label
// to the closed tracking issue, with the people's part scripted. A fault mode hooks in
// around every settle (the moment the people would look again).
import { ORCHESTRATION_REPO, ORG } from "../src/demo/constellation.js";
import { startDemoWorld, type DemoWorld } from "../src/demo/run.js";
import { toApproved, toBaked } from "../src/demo/script.js";
import { dumpState, type Dump } from "./dump.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;
export const START = "2026-11-27T09:00:00Z";

export interface Mode {
  name: string;
  /** Installs the fault before the train starts. */
  install(world: DemoWorld): void;
  /** Runs after each settle: repairs what the fault broke (restart, resync) the way production would. */
  afterSettle?(world: DemoWorld, settle: () => Promise<void>): Promise<void>;
  /** Runs after the train finished, before the final resync (e.g. replays). */
  beforeEnd?(world: DemoWorld, settle: () => Promise<void>): Promise<void>;
  /** Runs once the tracking issue is approved (mid-train hooks). */
  afterApproval?(world: DemoWorld, settle: () => Promise<void>): Promise<void>;
  /** A one-line account of what the fault did, for the report. */
  describe(): string;
}

export interface RunResult {
  dump: Dump;
  requests: number;
  writes: number;
  /** Resyncs needed at the end before a resync wrote nothing. */
  finalResyncs: number;
  trackingClosed: boolean;
  deliveries: number;
}

const CLEAN: Mode = { name: "clean", install: () => {}, describe: () => "no fault" };

/** Plays a whole train under `mode`; returns the normalized end state. */
export async function runTrain(mode: Mode = CLEAN): Promise<RunResult> {
  const world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START, productionClient: true });
  const baseSettle = world.settle;
  const settle = async () => {
    await baseSettle();
    if (mode.afterSettle) await mode.afterSettle(world, baseSettle);
  };
  // Every settle — also those inside the scripted steps and clock moves — goes through the mode.
  world.settle = settle;
  try {
    mode.install(world);
    const issue = await toApproved(world);
    if (mode.afterApproval) await mode.afterApproval(world, settle);
    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
    await settle();
    const orch = world.sim.store.requireRepo(ORCH);
    const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective") && i.state === "open");
    if (retro) {
      world.sim.as("rita").closeIssue(ORCH, retro.number);
      await settle();
    }
    if (mode.beforeEnd) await mode.beforeEnd(world, settle);
    // Converged means a resync finds nothing to do.
    let finalResyncs = 0;
    for (; finalResyncs < 5; finalResyncs += 1) {
      const before = world.sim.requests.length;
      await world.server.app.resync();
      await settle();
      if (!world.sim.requests.list().slice(before).some((r) => r.kind === "write")) break;
    }
    const requests = world.sim.requests.list();
    return {
      dump: dumpState(world.sim, ORG),
      requests: requests.length,
      writes: requests.filter((r) => r.kind === "write").length,
      finalResyncs,
      trackingClosed: orch.issues.get(issue)?.state === "closed",
      deliveries: world.sim.deliveries.list().length,
    };
  } finally {
    await world.close();
  }
}
