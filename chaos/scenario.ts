// The trains the chaos runs replay on the playbook's 11 repositories, with the people's
// part scripted. The first goes from the label to the closed tracking issue through the
// code freeze (`/freeze` early, commit statuses on open pull requests, a `hotfix` pull
// request exempt), a failed release check re-run with `/retest`, a failed smoke test
// shipped with `/hotfix` (and its follow-up issue), a tick in the checklist, a `/hold` and `/resume`, canaries and
// the bake window. The second, a patch release, fails in production and is rolled back.
// A fault mode hooks in around every settle (the moment the people would look again).
import { ORCHESTRATION_REPO, ORG } from "../src/demo/constellation.js";
import {
  openTrain,
  reportChecks,
  reportReleaseChecks,
  reportSmoke,
  reviewReleasePrs,
  SIGNOFF_LEADS,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../src/demo/run.js";
import { landOnDefaultBranch } from "../src/demo/script.js";
import { decodeState } from "../src/train/state.js";
import { dumpState, type Dump } from "./dump.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;
export const START = "2026-11-27T09:00:00Z";
/** Where the scripted failures happen: a release check re-run, a smoke test shipped with, a production deploy. */
export const RETESTED = `${ORG}/blackroad-os-api`;
export const SMOKE_FAILS = `${ORG}/blackroad-os-docs`;
export const ROLLED_BACK = `${ORG}/blackroad-os-infra`;
/** Open pull requests when the freeze starts: one held, one labelled `hotfix` (exempt). */
export const FROZEN_PR = { repo: `${ORG}/blackroad-os-web`, head: "feature/new-pricing" };
export const HOTFIX_PR = { repo: `${ORG}/blackroad-os-web`, head: "fix/login-typo" };

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
  /** A person's edit of the tracking issue; a mode that returns true makes it itself, at a moment of its choosing. */
  takeEdit?(world: DemoWorld, edit: () => void): boolean;
  /** A one-line account of what the fault did, for the report. */
  describe(): string;
}

export interface RunResult {
  dump: Dump;
  requests: number;
  writes: number;
  /** Resyncs needed at the end before a resync wrote nothing. */
  finalResyncs: number;
  /** Both trains ended: the first's tracking issue closed, the second's rollback verified. */
  trackingClosed: boolean;
  deliveries: number;
  /** The simulated clock when the run ended (epoch ms). */
  clockEnd: number;
  /** Set when the run was stopped at `stopAt` instead of ending: the state is the one at that moment. */
  stopped?: boolean;
}

export interface RunOptions {
  /**
   * The simulated moment (epoch ms) past which the run is stopped: its state is taken as
   * it is then and returned, while the world it played in is left running — the caller
   * ends the process. A train that has not ended by then waits for something that never
   * comes (a tick lost, a merge nobody approved), and the state shows what it is.
   */
  stopAt?: number;
}

const CLEAN: Mode = { name: "clean", install: () => {}, describe: () => "no fault" };

/** A person ticks a manual step in the tracking issue's checklist (as the checklist renders it). */
export function tickInBody(world: DemoWorld, issue: number, login: string, step: string): void {
  const body = trackingBody(world, issue);
  const ticked = body.replace(
    new RegExp(`^(\\s*[-*] )\\[ \\]( \\*\\*${step.replace(".", "\\.")}\\*\\*)`, "m"),
    "$1[x]$2",
  );
  if (ticked === body) throw new Error(`step ${step} is not an open box in the checklist`);
  world.sim.as(login).editIssueBody(ORCH, issue, ticked);
}

/** Pull requests open on a repository's default branch before the train: the freeze's subjects. */
function openPullRequests(world: DemoWorld): void {
  const fran = world.sim.as("fran");
  for (const pr of [FROZEN_PR, HOTFIX_PR]) {
    fran.createBranch(pr.repo, pr.head);
    fran.pushCommit(pr.repo, pr.head, { message: `feat: ${pr.head}`, files: { [`${pr.head}.md`]: `${pr.head}\n` } });
    const number = fran.createPullRequest(pr.repo, { head: pr.head, title: pr.head });
    if (pr === HOTFIX_PR) fran.addLabels(pr.repo, number, ["hotfix"]);
  }
}

/** Plays both trains under `mode`; returns the normalized end state (or the state at `stopAt`). */
export async function runTrain(mode: Mode = CLEAN, options: RunOptions = {}): Promise<RunResult> {
  // In process: the same production client and the same simulated GitHub, without the loopback's cost.
  const world = await startDemoWorld({
    quiet: true,
    commitsPerRepo: 3,
    frozenAt: START,
    productionClient: true,
    transport: "in-process",
  });
  const orch = world.sim.store.requireRepo(ORCH);
  let tracking: number | undefined;
  let rolledBack: () => boolean = () => false;
  let finalResyncs = 0;
  const result = (): RunResult => {
    const requests = world.sim.requests.list();
    return {
      dump: dumpState(world.sim, ORG),
      requests: requests.length,
      writes: requests.filter((r) => r.kind === "write").length,
      finalResyncs,
      trackingClosed: tracking !== undefined && orch.issues.get(tracking)?.state === "closed" && rolledBack(),
      deliveries: world.sim.deliveries.list().length,
      clockEnd: world.sim.clock.ms(),
    };
  };
  const stopped = new Promise<RunResult>((resolve) => {
    const { stopAt } = options;
    if (stopAt === undefined) return;
    const unsubscribe = world.sim.clock.onSet(() => {
      if (world.sim.clock.ms() <= stopAt) return;
      unsubscribe();
      resolve({ ...result(), stopped: true });
    });
  });
  return Promise.race([stopped, play()]);

  async function play(): Promise<RunResult> {
    const baseSettle = world.settle;
    const settle = async () => {
      await baseSettle();
      if (mode.afterSettle) await mode.afterSettle(world, baseSettle);
    };
    // Every settle — also those inside clock moves — goes through the mode.
    world.settle = settle;
    const say = (login: string, issue: number, text: string) => world.sim.as(login).comment(ORCH, issue, text);
    // The manual preconditions once CI is green, then Phase 1 runs.
    const preconditions = async (issue: number) => {
      reportChecks(world);
      await settle();
      say("rita", issue, "/check P6");
      say("rita", issue, "/check P7");
      say("olga", issue, "/check P8");
      await settle();
    };
    // The leads' sign-offs, the release review and the final approval.
    const approve = async (issue: number, branch = "release/v2.0.0") => {
      // Every default branch requires an approving review: the leads review their release PRs.
      reviewReleasePrs(world, world.repos, branch);
      for (const lead of Object.values(SIGNOFF_LEADS)) say(lead, issue, "/signoff");
      say("rita", issue, "/check 2.3");
      await settle();
      say("olga", issue, "/approve");
      await settle();
    };
    const edit = (e: () => void) => {
      if (!mode.takeEdit?.(world, e)) e();
    };
    try {
      mode.install(world);
      openPullRequests(world);
      const issue = openTrain(world);
      tracking = issue;
      await settle();
      say("rita", issue, "/freeze");
      await settle();
      await preconditions(issue);
      // Phase 2: one repository's integration tests fail; its lead has them re-run.
      reportReleaseChecks(
        world,
        "success",
        world.repos.filter((r) => r !== RETESTED),
      );
      reportReleaseChecks(world, "failure", [RETESTED]);
      await settle();
      say("bella", issue, `/retest ${RETESTED.split("/")[1]}`);
      await settle();
      reportReleaseChecks(world, "success", [RETESTED]);
      await settle();
      await approve(issue);
      if (mode.afterApproval) await mode.afterApproval(world, settle);
      // Phase 4: one smoke test fails; the release manager ships with it and a follow-up is opened.
      reportSmoke(
        world,
        "success",
        world.repos.filter((r) => r !== SMOKE_FAILS),
      );
      reportSmoke(world, "failure", [SMOKE_FAILS]);
      await settle();
      say("rita", issue, "/hotfix the docs smoke test is flaky; fixed in a follow-up");
      await settle();
      say("rita", issue, "/hold QA is looking at the docs smoke test");
      await settle();
      say("rita", issue, "/resume");
      await settle();
      // A tick in the checklist, made on the page as it is, while the app reconciles a command
      // that ticks another step (the races land it at the app's re-read or just before its write).
      edit(() => tickInBody(world, issue, "ivan", "4.2"));
      say("oscar", issue, "/check 4.3 dashboards and alerts verified");
      await settle();
      say("rita", issue, "/check 4.4");
      await settle();
      for (let i = 0; i < 8; i += 1) await world.advance(10);
      say("fran", issue, "/check 6.3 critical journeys pass");
      say("oscar", issue, "/check 6.4 no escalations");
      await settle();
      const retro = [...orch.issues.values()].find(
        (i) => i.labels.includes("release-train:retrospective") && i.state === "open",
      );
      if (retro) {
        world.sim.as("rita").closeIssue(ORCH, retro.number);
        await settle();
      }
      rolledBack = await rollbackTrain(world, settle, say, preconditions, approve);
      if (mode.beforeEnd) await mode.beforeEnd(world, settle);
      // Converged means a resync finds nothing to do.
      for (; finalResyncs < 5; finalResyncs += 1) {
        const before = world.sim.requests.length;
        await world.server.app.resync();
        await settle();
        if (
          !world.sim.requests
            .list()
            .slice(before)
            .some((r) => r.kind === "write")
        )
          break;
      }
      return result();
    } finally {
      await world.close();
    }
  }
}

/**
 * The patch release after it: new commits, Phase 1 to staging, and in production the
 * first level's deployment fails, so the previous release is deployed back (immediate rollback).
 */
async function rollbackTrain(
  world: DemoWorld,
  settle: () => Promise<void>,
  say: (login: string, issue: number, text: string) => number,
  preconditions: (issue: number) => Promise<void>,
  approve: (issue: number, branch?: string) => Promise<void>,
): Promise<() => boolean> {
  // The patch lands on the protected default branches through reviewed pull requests, as GitHub requires.
  await landOnDefaultBranch(world, world.repos, "ben", {
    branch: "fix/patch-2.0.1",
    message: "fix: patch for 2.0.1",
    files: { "PATCH.md": "2.0.1\n" },
  });
  const issue = openTrain(world, "BlackRoad OS 2.0.1", "v2.0.1");
  await settle();
  await preconditions(issue);
  reportReleaseChecks(world, "success", world.repos, "release/v2.0.1");
  await settle();
  await approve(issue, "release/v2.0.1");
  world.sim.deployer.breakRepo(ROLLED_BACK, { environment: "production", task: "deploy" });
  reportSmoke(world, "success", world.repos, "release/v2.0.1");
  say("ivan", issue, "/check 4.2");
  say("oscar", issue, "/check 4.3");
  await settle();
  say("rita", issue, "/check 4.4");
  await settle();
  for (let i = 0; i < 4; i += 1) await world.advance(10);
  return () =>
    Boolean(decodeState(world.sim.store.requireRepo(ORCH).issues.get(issue)?.body ?? "")?.rollback?.verifiedAt);
}
