// End to end: a train on a subset whose hidden state is lost after Phase 1 (release-train's
// latest revision deleted from the body's history, the state block replaced) keeps its
// subset when the state is rebuilt from GitHub: the `repos:` line of the body the train
// started from, as the edit history shows who saved it, or the `/only` an orchestration
// team member made before Phase 1 started — not one made afterwards, nor a line saved by
// someone else.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG } from "../../src/demo/constellation.js";
import { commentMarker, decodeState, stateBlockOf } from "../../src/train/state.js";
import { ORCH, toPhase1 } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const full = (name: string) => `${ORG}/${name}`;
const SUBSET = ["blackroad-os-infra", "blackroad-os-api", "blackroad-os-web"].map(full);

function openWithBody(w: DemoWorld, body: string): number {
  const rita = w.sim.as("rita");
  const milestone = rita.createMilestone(ORCH, "v2.0.0");
  const issue = rita.createIssue({ repo: ORCH, title: "BlackRoad OS 2.0", body, milestone });
  rita.addLabels(ORCH, issue, ["release-train"]);
  return issue;
}

/** Mallory deletes release-train's latest revision from the history and saves the body without its state: nothing vouches for a state. */
async function loseState(w: DemoWorld, issue: number, replace = ""): Promise<void> {
  const body = trackingBody(w, issue);
  w.sim.pauseWebhooks();
  const latest = w.sim.store
    .requireRepo(ORCH)
    .issues.get(issue)!
    .edits.filter((e) => e.editor === "release-train[bot]")
    .at(-1)!;
  w.sim.as("mallory").deleteBodyRevision(ORCH, issue, latest.id);
  w.sim.as("mallory").editIssueBody(ORCH, issue, body.replace(stateBlockOf(body)!, replace));
  await w.restartApp();
  w.sim.resumeWebhooks();
  await w.settle();
}

const stateOf = (w: DemoWorld, issue: number) => decodeState(trackingBody(w, issue))!;
const releaseBranches = (w: DemoWorld) =>
  w.repos.filter((r) => w.sim.store.requireRepo(r).git.refs.has("refs/heads/release/v2.0.0"));

describe("a subset survives a rebuild of the train's state", () => {
  it("the `repos:` line the train started from, saved by the orchestration team as the history shows, is the subset again; mallory's own `repos:` line in the replaced body is not", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1 });
    const issue = openWithBody(
      world,
      "The 2.0 launch, backend first.\n\nrepos: blackroad-os-infra, blackroad-os-api, blackroad-os-web\n",
    );
    await toPhase1(world, issue);
    expect(stateOf(world, issue).subset?.repos).toEqual(SUBSET);
    expect(releaseBranches(world)).toEqual(SUBSET);

    // The replaced body also carries a `repos:` line naming one repository: input, not proof.
    await loseState(world, issue, "\nrepos: blackroad-os-api\n");
    const state = stateOf(world, issue);
    expect(state.audit.some((a) => a.text.includes("train v2.0.0 started"))).toBe(true);
    expect(state.subset).toEqual({ repos: SUBSET, by: "rita", at: expect.any(String), via: "body" });
    expect(trackingBody(world, issue)).toContain("### Not in this train");
    expect(trackingBody(world, issue)).toContain(
      "8 of the configured repositories are not in this train (chosen by @rita with `repos:` in the description)",
    );
    // Nothing is released beyond the subset after the rebuild either.
    expect(releaseBranches(world)).toEqual(SUBSET);
  }, 300_000);

  it("`/only` made before Phase 1 is the subset again; one made after it (refused then) stays refused", async () => {
    // On a stopped clock everything happens in Phase 1's second: the history's timestamps cannot tell the two apart, what release-train had handled by then can.
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1, frozenAt: "2025-03-03T09:00:00.000Z" });
    const issue = openWithBody(world, "The 2.0 launch.\n");
    await world.settle();
    world.sim.as("rita").comment(ORCH, issue, "/only blackroad-os-infra blackroad-os-api blackroad-os-web");
    await world.settle();
    await toPhase1(world, issue);
    expect(releaseBranches(world)).toEqual(SUBSET);
    world.sim.as("olga").comment(ORCH, issue, "/only blackroad-os-infra blackroad-os-api");
    await world.settle();
    expect(stateOf(world, issue).subset?.repos).toEqual(SUBSET);

    await loseState(world, issue);
    const state = stateOf(world, issue);
    expect(state.audit.some((a) => a.text.includes("train v2.0.0 started"))).toBe(true);
    expect(state.subset).toMatchObject({ repos: SUBSET, by: "rita", via: expect.stringMatching(/^comment:/) });
    expect(releaseBranches(world)).toEqual(SUBSET);
  }, 300_000);

  it("an edit of the `repos:` line by the orchestration team before Phase 1 is the subset again, as the history shows; ben's refused edit is not", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1 });
    const issue = openWithBody(world, "The 2.0 launch.\n\nrepos: blackroad-os-infra, blackroad-os-api\n");
    await world.settle();
    const edit = (who: string, from: string, to: string) =>
      world.sim.as(who).editIssueBody(ORCH, issue, trackingBody(world, issue).replace(from, to));
    edit(
      "rita",
      "repos: blackroad-os-infra, blackroad-os-api",
      "repos: blackroad-os-infra, blackroad-os-api, blackroad-os-web",
    );
    await world.settle();
    edit("ben", "repos: blackroad-os-infra, blackroad-os-api, blackroad-os-web", "repos: blackroad-os-infra");
    await world.settle();
    await toPhase1(world, issue);
    expect(stateOf(world, issue).subset?.repos).toEqual(SUBSET);
    const replies = () =>
      [...world.sim.store.comments.values()].filter(
        (c) =>
          c.repo === ORCH &&
          c.issueNumber === issue &&
          c.body.includes("@ben the `repos:` line you saved was not applied"),
      );
    expect(replies()).toHaveLength(1);

    await loseState(world, issue);
    expect(stateOf(world, issue).subset).toMatchObject({ repos: SUBSET, by: "rita", via: "body" });
    expect(releaseBranches(world)).toEqual(SUBSET);
    // ben's edit is refused again, without a second reply.
    expect(replies()).toHaveLength(1);
  }, 300_000);

  it("a `repos:` line the train started from that someone outside the orchestration team saved is ignored again, with the notice", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1 });
    const rita = world.sim.as("rita");
    const milestone = rita.createMilestone(ORCH, "v2.0.0");
    const issue = rita.createIssue({ repo: ORCH, title: "BlackRoad OS 2.0", body: "The 2.0 launch.\n", milestone });
    world.sim.as("dave").editIssueBody(ORCH, issue, "The 2.0 launch.\n\nrepos: blackroad-os-api\n");
    rita.addLabels(ORCH, issue, ["release-train"]);
    await toPhase1(world, issue);
    expect(stateOf(world, issue).subset).toBeUndefined();

    await loseState(world, issue);
    expect(stateOf(world, issue).subset).toBeUndefined();
    expect(releaseBranches(world)).toHaveLength(world.repos.length);
    // The notice that the line was ignored was posted when the train started, and not again.
    const notices = [...world.sim.store.comments.values()].filter(
      (c) => c.repo === ORCH && c.issueNumber === issue && c.body.includes(commentMarker("repos-line-ignored")),
    );
    expect(notices.map((c) => c.body)).toEqual([expect.stringContaining("last saved by @dave")]);
  }, 300_000);
});
