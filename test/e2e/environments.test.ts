// End to end: a production environment that requires a reviewer, or has a wait timer.
// GitHub holds each production job (`waiting`); the tracking issue says who can approve and
// since when (or until when the timer runs), and the canary window counts only from the
// moment the canaries actually ran.
import { afterEach, describe, expect, it } from "vitest";
import { ORG } from "../../src/demo/constellation.js";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, toApproved, validateStaging } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const INFRA = `${ORG}/blackroad-os-infra`;
const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";
const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** Production deployments of the train and their statuses, as the simulator holds them. */
function production(w: DemoWorld, full: string, task: string) {
  return w.sim.store.requireRepo(full).deployments.filter((d) => d.environment === "production" && d.task === task);
}

describe("environment protection end to end", () => {
  it("(e) production requiring a reviewer shows “waiting for review” with who and since when, and the canary window starts only after approval", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    for (const full of world.repos)
      world.sim.seed.environment(full, "production", { reviewers: [{ team: "release-managers" }] });
    const issue = await toApproved(world);
    await validateStaging(world, issue);

    // Level 1 (infrastructure, no canary) goes to production: GitHub holds the job for review.
    const [infra] = production(world, INFRA, "deploy");
    expect(infra!.statuses.map((s) => s.state)).toEqual(["waiting"]);
    const since = infra!.statuses[0]!.createdAt;
    let body = trackingBody(world, issue);
    expect(stepLine(body, "5.2")).toMatch(/^- \[ \]/);
    expect(stepLine(body, "5.2")).toContain(
      `blackroad-os-infra: waiting for review by @${ORG}/release-managers (\`production\` requires it) since ${hhmm(since)}`,
    );
    expect(body).not.toContain("On hold");

    // Twenty minutes without a reviewer: still waiting, nothing failed, nothing else started.
    await world.advance(20);
    body = trackingBody(world, issue);
    expect(infra!.statuses.map((s) => s.state)).toEqual(["waiting"]);
    expect(stepLine(body, "5.2")).toContain(`since ${hhmm(since)}`);
    expect(decodeState(body)?.rollback).toBeUndefined();
    expect(world.repos.flatMap((full) => production(world, full, "deploy:canary"))).toEqual([]);

    // Olga (release managers) approves; the job runs and level 2's canaries are created — and held.
    world.sim.as("olga").reviewDeployment(INFRA, infra!.id, "approved", "go");
    await world.settle();
    expect(infra!.statuses.map((s) => s.state)).toEqual(["waiting", "in_progress", "success"]);
    const canaries = world.repos.flatMap((full) => production(world, full, "deploy:canary").map((d) => ({ full, d })));
    expect(canaries.map((c) => c.full.split("/")[1]).sort()).toEqual([
      "blackroad-os-api-gateway",
      "blackroad-os-archive",
    ]);
    for (const { d } of canaries) expect(d.statuses.map((s) => s.state)).toEqual(["waiting"]);
    body = trackingBody(world, issue);
    expect(stepLine(body, "5.3")).toContain("waiting for review by");
    expect(stepLine(body, "5.4")).not.toContain("observing canaries until");

    // Fifteen minutes later the canaries are approved: the 10-minute window counts from then.
    await world.advance(15);
    expect(stepLine(trackingBody(world, issue), "5.4")).not.toContain("observing canaries until");
    for (const { full, d } of canaries) world.sim.as("olga").reviewDeployment(full, d.id, "approved");
    await world.settle();
    const ranAt = world.sim.clock.iso();
    for (const { d } of canaries) {
      expect(d.statuses.map((s) => s.state)).toEqual(["waiting", "in_progress", "success"]);
      expect(d.statuses.at(-1)!.createdAt).toBe(ranAt);
    }
    const windowEnd = new Date(Date.parse(ranAt) + 10 * 60_000).toISOString();
    expect(stepLine(trackingBody(world, issue), "5.4")).toContain(
      `observing canaries until ${hhmm(windowEnd)} (10 min per level)`,
    );
    // The comment thread never called the train stuck or failed.
    const comments = world.sim.store
      .commentsOf(world.sim.store.requireRepo(ORCH), issue)
      .map((c) => c.body)
      .join("\n");
    expect(comments).not.toMatch(/failed|stuck|rolled back/i);
  }, 120_000);

  it("a wait timer: the tracking issue says until when, nothing fails meanwhile, and the canary window counts from when the job ran", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    for (const full of world.repos) world.sim.seed.environment(full, "production", { waitTimer: 30 });
    const issue = await toApproved(world);
    await validateStaging(world, issue);

    const [infra] = production(world, INFRA, "deploy");
    expect(infra!.statuses.map((s) => s.state)).toEqual(["waiting"]);
    const since = infra!.statuses[0]!.createdAt;
    const until = new Date(Date.parse(since) + 30 * 60_000).toISOString();
    expect(stepLine(trackingBody(world, issue), "5.2")).toContain(
      `blackroad-os-infra: waiting for the 30-minute wait timer of \`production\` until ${hhmm(until)}`,
    );

    await world.advance(20);
    expect(infra!.statuses.map((s) => s.state)).toEqual(["waiting"]);
    expect(world.repos.flatMap((full) => production(world, full, "deploy:canary"))).toEqual([]);
    expect(trackingBody(world, issue)).not.toContain("On hold");

    // The timer ends: the job runs, and level 2's canaries are created — each held by its own timer.
    await world.advance(10);
    expect(infra!.statuses.map((s) => s.state)).toEqual(["waiting", "in_progress", "success"]);
    const canaries = world.repos.flatMap((full) => production(world, full, "deploy:canary"));
    expect(canaries.length).toBe(2);
    for (const d of canaries) expect(d.statuses.map((s) => s.state)).toEqual(["waiting"]);
    expect(stepLine(trackingBody(world, issue), "5.4")).not.toContain("observing canaries until");
    await world.advance(30);
    for (const d of canaries) expect(d.statuses.map((s) => s.state)).toEqual(["waiting", "in_progress", "success"]);
    const ranAt = canaries[0]!.statuses.at(-1)!.createdAt;
    const windowEnd = new Date(Date.parse(ranAt) + 10 * 60_000).toISOString();
    expect(stepLine(trackingBody(world, issue), "5.4")).toContain(
      `observing canaries until ${hhmm(windowEnd)} (10 min per level)`,
    );
    expect(decodeState(trackingBody(world, issue))?.rollback).toBeUndefined();
  }, 120_000);
});
