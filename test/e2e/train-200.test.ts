// End to end: a whole 200-repository train, from the label to the closed tracking issue,
// on the strict simulated GitHub with the production client (pacing, the installation's
// budget) and every limit on, in simulated time. GitHub never has to refuse a request.
import { afterEach, describe, expect, it } from "vitest";
import { SIGNOFF_LEADS, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORCH, toPhase1 } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const stepDone = (body: string, id: string) => body.split("\n").some((l) => l.startsWith("- [x]") && l.includes(`**${id}**`));

describe("a 200-repository train within GitHub's limits", () => {
  it("runs to the closed tracking issue with zero rate-limit refusals and the budgets never below zero", { timeout: 600_000 }, async () => {
    world = await startDemoWorld({ quiet: true, size: 200, commitsPerRepo: 2, greenChecks: true, frozenAt: START, productionClient: true });
    const issue = await toPhase1(world);
    // CI on the release PRs: the generated constellation's integration and security checks.
    const ci = world.sim.as("ci-runner");
    for (const repo of world.repos) {
      const head = world.sim.store.requireRepo(repo).git.resolveCommit("release/v2.0.0")!;
      for (const check of ["ci", "security-scan"]) ci.completeCheckRun(repo, head, check, "success");
    }
    await world.settle();
    world.sim.as(SIGNOFF_LEADS.backend).comment(ORCH, issue, "/signoff");
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await world.settle();
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    // The generated constellation's people: bella leads backend, rita and olga orchestrate.
    const check = async (step: string) => {
      for (const who of ["bella", "rita"]) if (!stepDone(trackingBody(world, issue), step)) {
        world.sim.as(who).comment(ORCH, issue, `/check ${step}`);
        await world.settle();
      }
    };
    for (const step of ["4.2", "4.3", "4.4"]) await check(step);
    // Canary windows and the bake, people answering at once.
    for (let i = 0; i < 60 && !stepDone(trackingBody(world, issue), "6.2"); i += 1) await world.advance(10);
    for (const step of ["6.3", "6.4"]) await check(step);
    const orch = world.sim.store.requireRepo(ORCH);
    const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective"));
    if (!retro) console.log("BODY\n" + trackingBody(world, issue).split("\n").slice(0, 40).join("\n"));
    expect(retro, "the train reached its retrospective").toBeDefined();
    world.sim.as("rita").closeIssue(ORCH, retro!.number);
    await world.settle();
    expect(orch.issues.get(issue)?.state).toBe("closed");

    const requests = world.sim.requests.list();
    // No secondary-limit answer, no spent budget: GitHub never refused a request.
    expect(world.sim.contentLimits.hits).toBe(0);
    expect(requests.filter((r) => r.status === 403 || r.status === 429)).toEqual([]);
    expect(world.server.budgets.rateLimited).toBe(0);
    const points = requests.reduce((sum, r) => sum + (r.graphql?.cost ?? 0), 0);
    const minutes = (world.sim.clock.ms() - Date.parse(START)) / 60_000;
    const writes = requests.filter((r) => r.kind === "write").length;
    console.log(`train_200: ${minutes.toFixed(0)} simulated minutes, ${writes} writes, ${requests.length - writes} other requests, ${points} GraphQL points`);
    // Spread over the train's hours, the points stay within every hour's budget.
    expect(points / Math.max(1, minutes / 60)).toBeLessThan(15_000);
  });
});
