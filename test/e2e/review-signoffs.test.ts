// End to end: `signoffFromReviews: true` — a lead's approving reviews on the team's release
// PRs are its sign-off; a lead whose review requests changes cannot /signoff.
import { afterEach, describe, expect, it } from "vitest";
import { ORG } from "../../src/demo/constellation.js";
import { reportReleaseChecks, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, toPhase1 } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const releasePr = (w: DemoWorld, name: string) =>
  [...w.sim.store.requireRepo(`${ORG}/${name}`).pulls.values()].find((p) => p.headRef === "release/v2.0.0")!.number;
const state = (w: DemoWorld, issue: number) => decodeState(trackingBody(w, issue))!;
const lastReply = (w: DemoWorld, issue: number) =>
  w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue).at(-1)!.body;

describe("sign-off from reviews", () => {
  it("a lead's approving reviews on all the team's release PRs sign off for it; a non-lead's do not; /signoff is refused while the lead requests changes", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 2,
      frozenAt: START,
      extraConfig: "signoffFromReviews: true",
    });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    await world.settle();

    // Bella leads backend (api-gateway and api): one approval is not yet the team's sign-off, both are.
    world.sim
      .as("bella")
      .review(`${ORG}/blackroad-os-api-gateway`, releasePr(world, "blackroad-os-api-gateway"), "APPROVED");
    await world.settle();
    expect(state(world, issue).signoffs.backend).toBeUndefined();
    world.sim.as("bella").review(`${ORG}/blackroad-os-api`, releasePr(world, "blackroad-os-api"), "APPROVED");
    await world.settle();
    const backend = state(world, issue).signoffs.backend!;
    expect(backend.by).toBe("bella");
    expect(backend.via).toBe(
      `review:${ORG}/blackroad-os-api-gateway#${releasePr(world, "blackroad-os-api-gateway")},${ORG}/blackroad-os-api#${releasePr(world, "blackroad-os-api")}`,
    );
    expect(state(world, issue).audit.map((a) => a.text)).toContain(
      `signed off for backend (approving reviews on blackroad-os-api-gateway#${releasePr(world, "blackroad-os-api-gateway")}, blackroad-os-api#${releasePr(world, "blackroad-os-api")})`,
    );

    // Finn is a frontend member, not its lead: his approvals sign nothing.
    for (const name of ["blackroad-os-web", "blackroad-os-prism-console"])
      world.sim.as("finn").review(`${ORG}/${name}`, releasePr(world, name), "APPROVED");
    await world.settle();
    expect(state(world, issue).signoffs.frontend).toBeUndefined();

    // Carl (core-platform lead) requests changes on the archive: his /signoff is refused with the reason.
    world.sim
      .as("carl")
      .review(
        `${ORG}/blackroad-os-archive`,
        releasePr(world, "blackroad-os-archive"),
        "CHANGES_REQUESTED",
        "the migration is missing",
      );
    await world.settle();
    world.sim.as("carl").comment(ORCH, issue, "/signoff core-platform");
    await world.settle();
    expect(lastReply(world, issue)).toContain(
      `your review requests changes on blackroad-os-archive#${releasePr(world, "blackroad-os-archive")}: approve it (or dismiss your review) to sign off.`,
    );
    expect(state(world, issue).signoffs["core-platform"]).toBeUndefined();
    // Once he approves both of his team's PRs, that is the sign-off.
    for (const name of ["blackroad-os-archive", "blackroad-os-core"])
      world.sim.as("carl").review(`${ORG}/${name}`, releasePr(world, name), "APPROVED");
    await world.settle();
    expect(state(world, issue).signoffs["core-platform"]?.by).toBe("carl");
  }, 120_000);

  it("without the option, approving reviews are no sign-off and a lead requesting changes may still /signoff", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: START });
    const issue = await toPhase1(world);
    reportReleaseChecks(world);
    for (const name of ["blackroad-os-api-gateway", "blackroad-os-api"])
      world.sim.as("bella").review(`${ORG}/${name}`, releasePr(world, name), "APPROVED");
    world.sim
      .as("carl")
      .review(`${ORG}/blackroad-os-archive`, releasePr(world, "blackroad-os-archive"), "CHANGES_REQUESTED");
    await world.settle();
    expect(state(world, issue).signoffs.backend).toBeUndefined();
    world.sim.as("carl").comment(ORCH, issue, "/signoff core-platform");
    await world.settle();
    expect(state(world, issue).signoffs["core-platform"]?.by).toBe("carl");
  }, 120_000);
});
