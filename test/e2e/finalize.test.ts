// End to end: Phase 7's merges and tags on the simulated GitHub.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { LEVEL, ORCH, toApproved, toBaked } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";
const lastComment = (w: DemoWorld, issue: number) => w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue).at(-1)!.body;

function released(w: DemoWorld, name: string) {
  const repo = w.sim.store.requireRepo(`${ORG}/${name}`);
  const pr = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
  const tagRef = repo.git.refs.get("refs/tags/v2.0.0");
  return { merged: pr.merged, mergeCommit: pr.mergeCommitSha ?? null, tagged: tagRef ? repo.git.resolveCommit("v2.0.0") : null, annotated: tagRef ? tagRef !== repo.git.resolveCommit("v2.0.0") : false };
}

describe("Phase 7 end to end: merge and tag", () => {
  it("merges every release PR in release order, guarded by the approved head, and tags v2.0.0 at each merge commit", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    expect(stepLine(trackingBody(world, issue), "7.1")).toContain("⬜ 0/11");
    const mergeBodies: Array<[string, unknown]> = [];
    world.sim.faults.add((req) => {
      if (req.method === "PUT" && req.path.endsWith("/merge")) mergeBodies.push([req.path, req.body]);
      return undefined;
    });
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
    await world.settle();

    for (const name of PLAYBOOK_REPOS) {
      const state = released(world, name);
      expect(state.merged, name).toBe(true);
      expect(state.tagged, name).toBe(state.mergeCommit);
      expect(state.annotated, name).toBe(true);
    }
    const merges = world.sim.requests.list().filter((r) => r.method === "PUT" && r.path.endsWith("/merge"));
    expect(merges).toHaveLength(11);
    // In release order: a level's PRs merge only after every PR of the levels before it.
    const levels = merges.map((r) => LEVEL[r.path.split("/")[3]!]!);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    // Each merge names the approved head (GitHub refuses with 409 if the branch moved) and the method.
    expect(mergeBodies).toHaveLength(11);
    for (const [path, body] of mergeBodies) {
      const name = path.split("/")[3]!;
      expect(body, name).toEqual({ sha: world.sim.store.requireRepo(`${ORG}/${name}`).git.resolveCommit("release/v2.0.0"), merge_method: "merge", commit_title: expect.stringMatching(/^release: v2\.0\.0 \(#\d+\)$/) });
    }
    const body = trackingBody(world, issue);
    expect(stepLine(body, "7.1")).toMatch(/^- \[x\] .* ✅ 11\/11/);
    expect(stepLine(body, "7.2")).toMatch(/^- \[x\] .* ✅ 11\/11/);
    // The train's own tag is not "a newer release" for precondition P1.
    expect(stepLine(body, "P1")).toMatch(/^- \[x\]/);
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(world.sim.requests.list().slice(before).filter((r) => r.kind === "write")).toEqual([]);
  }, 90_000);

  it("a merge conflict holds the train with the reason; /retry after the fix completes it", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    const web = `${ORG}/blackroad-os-web`;
    const original = world.sim.store.requireRepo(web).git.readFile(world.sim.store.requireRepo(web).git.resolveCommit("main")!, "CHANGELOG.md")!.toString("utf8");
    world.sim.seed.commit(web, "main", { message: "docs: hand-edited changelog", files: { "CHANGELOG.md": "# Changelog\n\nEdited by hand on main.\n" } });
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();

    let body = trackingBody(world, issue);
    expect(body).toMatch(/\*\*⏸️ On hold: blackroad-os-web#\d+ has merge conflicts with its default branch: resolve them on the release branch, then `\/retry`\*\*/);
    expect(released(world, "blackroad-os-web").merged).toBe(false);
    // Levels before the web's merged; the web's level and later wait.
    expect(released(world, "blackroad-os-api").merged).toBe(true);
    expect(released(world, "blackroad-os-docs").merged).toBe(false);

    world.sim.as("bella").comment(ORCH, issue, "/retry");
    await world.settle();
    expect(lastComment(world, issue)).toContain("only members of @release-managers can use `/retry`.");

    world.sim.seed.commit(web, "main", { message: "revert: hand-edited changelog", files: { "CHANGELOG.md": original } });
    world.sim.as("rita").comment(ORCH, issue, "/retry");
    await world.settle();
    body = trackingBody(world, issue);
    expect(body).not.toContain("On hold");
    for (const name of PLAYBOOK_REPOS) expect(released(world, name).tagged, name).toBe(released(world, name).mergeCommit);
  }, 90_000);

  it("an existing tag at another commit stops the train with the message and is never moved", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    const core = `${ORG}/blackroad-os-core`;
    const elsewhere = world.sim.store.requireRepo(core).git.resolveCommit("main")!;
    world.sim.seed.tag(core, "v2.0.0", { message: "made by hand", target: elsewhere });
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();

    const body = trackingBody(world, issue);
    expect(stepLine(body, "7.2")).toContain(`v2.0.0 already exists in blackroad-os-core at ${elsewhere.slice(0, 7)}, not at the merge commit ${released(world, "blackroad-os-core").mergeCommit!.slice(0, 7)}; release-train never moves a tag`);
    expect(body).toContain("**⏸️ On hold: v2.0.0 already exists in blackroad-os-core");
    expect(world.sim.store.requireRepo(core).git.resolveCommit("v2.0.0")).toBe(elsewhere);
  }, 90_000);
});
