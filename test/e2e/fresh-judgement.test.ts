// A command is judged on GitHub as it is when the command is read, not on the app's cache
// of earlier reads: GitHub does not order webhook deliveries, so the review a lead gave
// just before an `/approve` may reach the app after it.
import { afterEach, describe, expect, it } from "vitest";
import {
  reportReleaseChecks,
  reviewReleasePrs,
  SIGNOFF_LEADS,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, toPhase1, trackingComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const comments = trackingComments;
/** The GraphQL operations the app sent since request `since`. */
const operationsSince = (w: DemoWorld, since: number) =>
  w.sim.requests
    .list()
    .slice(since)
    .flatMap((r) => (r.graphql?.operationName ? [r.graphql.operationName] : []));

describe("commands judged on the repositories", () => {
  it("an /approve after the leads' reviews is approved although the reviews' webhooks have not come", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    for (const lead of Object.values(SIGNOFF_LEADS)) world.sim.as(lead).comment(ORCH, issue, "/signoff");
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await world.settle();
    expect(Object.keys(decodeState(trackingBody(world, issue))!.signoffs).sort()).toEqual(
      Object.keys(SIGNOFF_LEADS).sort(),
    );

    // GitHub does not order deliveries, nor promise them: the reconcile that reads the /approve is
    // set off by one repository's review, before the /approve's own webhook (here lost) and the other reviews'.
    const first = world.repos[0]!;
    world.sim.webhookFilter = (d) => {
      const repo = (d.payload.repository as { full_name?: string } | undefined)?.full_name;
      if (d.event === "pull_request_review") return repo === first ? "deliver" : "drop";
      return d.event === "issue_comment" ? "drop" : "deliver";
    };
    reviewReleasePrs(world);
    const before = world.sim.requests.length;
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();

    const state = decodeState(trackingBody(world, issue))!;
    expect(state.approval?.by).toBe("olga");
    expect(comments(world, issue).filter((c) => c.body.includes("cannot be approved yet"))).toEqual([]);
    // Read as GitHub is now: every repository's fingerprint once, then in full those the reviews changed.
    const graphql = operationsSince(world, before);
    expect(graphql.filter((name) => name === "TrainFingerprints")).toHaveLength(1);
    expect(graphql).toContain("TrainRepositories");
  });

  it("a /check is not judged on the repositories: it costs no read beyond the first", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    await world.settle();
    const before = world.sim.requests.length;
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await world.settle();
    const graphql = operationsSince(world, before);
    expect(graphql).not.toContain("TrainFingerprints");
    expect(decodeState(trackingBody(world, issue))!.ticks["2.3"]).toBeDefined();
  });
});
