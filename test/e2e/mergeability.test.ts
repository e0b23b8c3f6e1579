// End to end: GitHub computes a release PR's mergeability in the background, so the first
// read after its base branch moved answers `mergeable: UNKNOWN`. On protected default
// branches the train waits that out — at 7.1 (a plain merge and a merge queue) — and never
// reads it as a failure.
import { afterEach, describe, expect, it } from "vitest";
import { ORG, RELEASE_CHECKS } from "../../src/demo/constellation.js";
import {
  reportReleaseChecks,
  reviewReleasePrs,
  SIGNOFF_LEADS,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../../src/demo/run.js";
import { openReviewedPull } from "../../src/demo/script.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, toApproved, toBaked, toPhase1 } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
/** Level 1: the first repository 7.1 merges. */
const INFRA = `${ORG}/blackroad-os-infra`;
const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";
const releasePr = (w: DemoWorld, full: string) =>
  [...w.sim.store.requireRepo(full).pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
const comments = (w: DemoWorld, issue: number) =>
  w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue).map((c) => c.body);

/**
 * A teammate's reviewed change lands on `full`'s protected main at once — merged, or through
 * the merge queue with CI on the merge group played by hand — so the app reads nothing in between.
 */
function landNow(w: DemoWorld, full: string, queue: boolean): void {
  const number = openReviewedPull(w, full, "ben", {
    branch: "docs/typo",
    message: "docs: fix a typo",
    files: { "TYPO.md": "fixed\n" },
  });
  if (queue) {
    w.sim.as("ben").enqueue(full, number);
    const group = w.sim.store.requireRepo(full).protection.queue.find((e) => e.pullNumber === number)!;
    for (const check of RELEASE_CHECKS) w.sim.as("ci-runner").completeCheckRun(full, group.groupSha, check, "success");
  } else {
    w.sim.as("ben").mergePullRequest(full, number);
  }
  expect(w.sim.store.requireRepo(full).pulls.get(number)?.merged).toBe(true);
}

describe("mergeability GitHub is still computing, on protected branches", () => {
  for (const queue of [false, true]) {
    it(`7.1 waits out UNKNOWN after the default branch moved, then ${queue ? "enqueues" : "merges"} with no hold`, async () => {
      world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
      // CI on merge groups is played by hand until the teammate's change has landed.
      world.sim.mergeGroupCi.disable();
      if (queue)
        world.sim.seed.ruleset(INFRA, {
          name: "merge queue",
          conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
          rules: [{ type: "merge_queue", parameters: { merge_method: "MERGE" } }],
        });
      const issue = await toApproved(world);
      await toBaked(world, issue);
      // Held at the end of Phase 6, so that 7.1's first read of infra's release PR comes after the change below.
      world.sim.as("olga").comment(ORCH, issue, "/hold waiting for the docs fix");
      world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
      await world.settle();
      expect(releasePr(world, INFRA).merged).toBe(false);

      const base = world.sim.store.requireRepo(INFRA).git.refs.get("refs/heads/main");
      landNow(world, INFRA, queue);
      expect(world.sim.store.requireRepo(INFRA).git.refs.get("refs/heads/main")).not.toBe(base);
      world.sim.mergeGroupCi.enable({ checks: RELEASE_CHECKS });
      const since = world.sim.requests.length;
      world.sim.as("olga").comment(ORCH, issue, "/resume");
      await world.settle();
      await world.advance(1);

      const pr = releasePr(world, INFRA);
      expect(pr.merged).toBe(true);
      // One merge, the branch's way: the app's pulls.merge, or the queue (entered once, never left).
      const merges = world.sim.requests
        .list()
        .slice(since)
        .filter((r) => r.method === "PUT" && r.path === `/repos/${INFRA}/pulls/${pr.number}/merge`);
      expect(merges.map((r) => r.status)).toEqual(queue ? [] : [200]);
      expect(world.sim.store.requireRepo(INFRA).protection.removals).toEqual([]);
      const body = trackingBody(world, issue);
      expect(stepLine(body, "7.1")).toMatch(/^- \[x\] .* · 11\/11/);
      expect(body).not.toContain("On hold");
      expect(comments(world, issue).some((c) => c.includes("GitHub would not merge"))).toBe(false);
      // The only hold is olga's: the train never held itself.
      expect(
        decodeState(body)
          ?.audit.filter((a) => a.text.startsWith("held the train"))
          .map((a) => a.actor),
      ).toEqual(["olga"]);
    }, 150_000);
  }

  it("Phase 2: an /approve read with UNKNOWN mergeability right after the default branch moved is judged once GitHub has computed it, not refused", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    reviewReleasePrs(world);
    await world.settle();
    for (const lead of Object.values(SIGNOFF_LEADS)) world.sim.as(lead).comment(ORCH, issue, "/signoff");
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await world.settle();
    expect(stepLine(trackingBody(world, issue), "2.5")).toContain("ready: the orchestration team may `/approve`");

    landNow(world, INFRA, false);
    const before = comments(world, issue).length;
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    await world.advance(1);
    const body = trackingBody(world, issue);
    expect(decodeState(body)?.approval?.by).toBe("olga");
    expect(stepLine(body, "2.5")).toMatch(/^- \[x\]/);
    // Taken, never answered with a refusal (GitHub's computing was no reason to refuse it).
    expect(
      comments(world, issue)
        .slice(before)
        .filter((c) => c.includes("@olga")),
    ).toEqual([]);
    expect(body).not.toContain("still computing");
  }, 120_000);
});
