// End to end: Phase 2 on the simulated GitHub — gates, sign-offs, approval.
import { afterEach, describe, expect, it } from "vitest";
import {
  SIGNOFF_LEADS,
  reportReleaseChecks,
  reviewReleasePrs,
  startDemoWorld,
  trackingBody,
  type DemoWorld,
} from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, appWrites, toPhase1, trackingComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const comments = trackingComments;

describe("Phase 2 end to end", () => {
  it("checks pass, leads sign off, the review is checked, the orchestration team approves", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const request = comments(world, issue).find(
      (c) => c.user === "release-train[bot]" && c.body.includes("Sign-offs needed"),
    );
    expect(request?.body).toContain("- **backend** — sign-off team: @bella");

    reportReleaseChecks(world);
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    const refusal = comments(world, issue).at(-1)!;
    expect(refusal.user).toBe("release-train[bot]");
    expect(refusal.body).toContain("@olga the release cannot be approved yet. Missing:");
    expect(decodeState(trackingBody(world, issue))?.approval).toBeUndefined();

    // Every default branch requires an approving review: the leads review their release PRs.
    reviewReleasePrs(world);
    for (const lead of Object.values(SIGNOFF_LEADS)) world.sim.as(lead).comment(ORCH, issue, "/signoff");
    world.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    world.sim.as("olga").comment(ORCH, issue, "/approve");
    await world.settle();
    const state = decodeState(trackingBody(world, issue))!;
    expect(Object.keys(state.signoffs).sort()).toEqual(Object.keys(SIGNOFF_LEADS).sort());
    expect(state.approval?.by).toBe("olga");
    expect(trackingBody(world, issue)).toContain(
      "- [x] **2.5** Final approval from Orchestration Team — Orchestration Team — approved by @olga",
    );

    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(appWrites(world, before)).toEqual([]);
  });

  it("a new commit on a release branch after sign-off withdraws it and asks the lead again", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    world.sim.as("bella").comment(ORCH, issue, "/signoff backend");
    await world.settle();
    expect(decodeState(trackingBody(world, issue))?.signoffs.backend?.by).toBe("bella");

    world.sim.as("ben").pushCommit("blackroad-os/blackroad-os-api", "release/v2.0.0", {
      message: "fix: last-minute null check",
      files: { "src/fix.ts": "export {};\n" },
    });
    await world.settle();
    expect(decodeState(trackingBody(world, issue))?.signoffs.backend).toBeUndefined();
    const ask = comments(world, issue).find((c) => c.body.includes("so that sign-off is withdrawn"));
    expect(ask?.body).toContain("after @bella signed off for **backend**");
    expect(ask?.body).toContain("`blackroad-os-api`");
  });

  it("a refused /signoff writes nothing but the reply and the reaction", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const issue = await toPhase1(world);
    const before = world.sim.requests.length;
    const id = world.sim.as("mallory").comment(ORCH, issue, "/signoff backend");
    await world.settle();
    const writes = appWrites(world, before).map((w) => w.route);
    expect(writes.sort()).toEqual(
      [
        "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      ].sort(),
    );
    expect(world.sim.store.comments.get(id)!.reactions.map((r) => r.content)).toEqual(["confused"]);
    expect(decodeState(trackingBody(world, issue))?.signoffs).toEqual({});
  });
});
