// Rows 2 and 3 of the trust review: commands are judged at the moment they were made.
// A command posted while the issue was closed, or before it was a tracking issue, never
// runs later because someone reopened or labelled it; a finished train reopened by
// someone outside the orchestration team is closed again; a rollback, once started, runs
// to its end whatever happens to the issue.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import {
  COMMENT,
  deploymentsOf,
  failFirstWrite,
  toApproved,
  toRetrospective,
  validateStaging,
} from "../e2e/helpers.js";
import { ORCH, botComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T10:00:00Z";
const replies = (w: DemoWorld, issue: number) =>
  botComments(w, issue).map((c) => c.body.replace(/<!-- release-train:key=\S+ -->\n?/, ""));
const issueOf = (w: DemoWorld, n: number) => w.sim.store.requireRepo(ORCH).issues.get(n)!;

/** A whole train, from the label to the closed tracking issue after the retrospective. */
async function finishedTrain(w: DemoWorld): Promise<number> {
  const { issue, retro } = await toRetrospective(w);
  w.sim.as("rita").closeIssue(ORCH, retro.number);
  await w.settle();
  expect(issueOf(w, issue).state).toBe("closed");
  return issue;
}

describe("a command made while the issue was closed", () => {
  it("rita's /rollback on the closed, finished train does not run when mallory reopens it; the issue is closed again with a reply", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: START });
    const issue = await finishedTrain(world);
    const deployments = deploymentsOf(world).length;

    await world.advance(5);
    world.sim.as("rita").comment(ORCH, issue, "/rollback customers report errors");
    await world.settle();
    await world.advance(5);
    world.sim.as("mallory").reopenIssue(ORCH, issue);
    await world.settle();

    expect(deploymentsOf(world).filter((d) => d.task === "rollback")).toEqual([]);
    expect(deploymentsOf(world)).toHaveLength(deployments);
    expect(issueOf(world, issue).state).toBe("closed");
    expect(decodeState(trackingBody(world, issue))!.rollback).toBeUndefined();
    expect(replies(world, issue).slice(-2)).toEqual([
      "> /rollback customers report errors\n\n@rita this command was made while this issue was closed, so it was not run: a command counts as of when it was posted or last edited. Post it again if it still applies.",
      "@mallory this release train is complete; only members of @release-managers can reopen it, so it was closed again.",
    ]);
  }, 180_000);
});

describe("a reopened train closed again", () => {
  it("stays open until the reply, lost to a dropped connection, is posted; then it is closed, with one reply", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: START, productionClient: true });
    const issue = await finishedTrain(world);
    const dropped: string[] = [];
    failFirstWrite(world, "drop-connection", COMMENT, {
      containing: "so it was closed again",
      onFail: () => dropped.push(issueOf(world, issue).state),
    });
    await world.advance(5);
    world.sim.as("mallory").reopenIssue(ORCH, issue);
    await world.settle();
    expect(dropped).toEqual(["open"]);

    await world.server.app.resync();
    await world.settle();
    expect(issueOf(world, issue).state).toBe("closed");
    expect(replies(world, issue).filter((r) => r.includes("so it was closed again"))).toEqual([
      "@mallory this release train is complete; only members of @release-managers can reopen it, so it was closed again.",
    ]);
  }, 180_000);
});

describe("a command made before the issue was a tracking issue", () => {
  it("an /abort on an unlabelled issue does not run when mallory adds the label", async () => {
    world = await startDemoWorld({ quiet: true, frozenAt: START });
    const rita = world.sim.as("rita");
    const milestone = rita.createMilestone(ORCH, "v2.0.0");
    const issue = rita.createIssue({ repo: ORCH, title: "BlackRoad OS 2.0", body: "Planning the launch.", milestone });
    rita.comment(ORCH, issue, "/abort we are not doing this yet");
    await world.advance(5);
    world.sim.as("mallory").addLabels(ORCH, issue, ["release-train"]);
    await world.settle();

    const state = decodeState(trackingBody(world, issue))!;
    expect(state.aborted).toBeUndefined();
    expect(trackingBody(world, issue)).not.toContain("Aborted");
    expect(replies(world, issue)).toContain(
      "> /abort we are not doing this yet\n\n@rita this command was made while this issue was not labelled `release-train`, so it was not run: a command counts as of when it was posted or last edited. Post it again if it still applies.",
    );
    // The same command posted now runs.
    rita.comment(ORCH, issue, "/abort we are not doing this yet");
    await world.settle();
    expect(decodeState(trackingBody(world, issue))!.aborted).toMatchObject({ by: "rita" });
  });
});

describe("a rollback once started", () => {
  it("runs to its end when mallory closes the tracking issue and removes its label halfway", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: START });
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    for (let i = 0; i < 4; i += 1) await world.advance(10);
    // The rollback starts; while the first level's rollbacks run, mallory closes the issue and removes its label.
    world.sim.deployer.disable();
    world.sim.as("rita").comment(ORCH, issue, "/rollback errors in checkout");
    await world.settle();
    const first = deploymentsOf(world).filter((d) => d.task === "rollback");
    expect(first.map((d) => d.repo).sort()).toEqual([
      "blackroad-os-docs",
      "blackroad-os-home",
      "blackroad-os-prism-console",
    ]);
    world.sim.as("mallory").closeIssue(ORCH, issue);
    world.sim.as("mallory").removeLabel(ORCH, issue, "release-train");
    await world.settle();
    // The deploy workflows finish those rollbacks, and run the next ones as usual.
    world.sim.deployer.enable({ delayMs: 5 });
    for (const d of first) {
      world.sim.as("github-actions[bot]").createDeploymentStatus(`blackroad-os/${d.repo}`, d.id, "in_progress");
      world.sim.as("github-actions[bot]").createDeploymentStatus(`blackroad-os/${d.repo}`, d.id, "success");
    }
    await world.settle();
    await world.advance(5);

    const rollbacks = deploymentsOf(world).filter((d) => d.task === "rollback");
    expect(rollbacks).toHaveLength(11);
    expect(rollbacks.every((d) => d.states.at(-1)?.state === "success")).toBe(true);
    expect(decodeState(trackingBody(world, issue))!.rollback?.verifiedAt).toBeDefined();
    expect(issueOf(world, issue).state).toBe("closed");
  }, 120_000);
});
