// End to end: a patch train (v2.0.1 after v2.0.0 and v2.1.0 shipped) releases each
// repository from its v2.0 line: branched from the v2.0.0 tag (or the maintenance branch
// people already fixed), merged into release/v2.0, never marked latest.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG } from "../../src/demo/constellation.js";
import { fixOnMaintenanceLine, openPatchTrain, PATCH_REPOS, shipRelease, shipTwoLines } from "../../src/demo/patch.js";
import { releaseTrain } from "../../src/demo/scenarios.js";
import { appWrites, ORCH, toPhase1 } from "./helpers.js";
import { changelogHeading, latestTag, recordReleases, summaryOf } from "./releases.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const API = `${ORG}/blackroad-os-api`;
const DOCS = `${ORG}/blackroad-os-docs`;

/** Everything a train could leave in a repository: refs, pull requests, deployments, releases, statuses. */
function footprint(w: DemoWorld, fullName: string) {
  const repo = w.sim.store.requireRepo(fullName);
  return {
    refs: [...repo.git.refs.entries()].sort(),
    pulls: repo.pulls.size,
    deployments: repo.deployments.length,
    releases: repo.releases.map((r) => [r.tagName, r.makeLatest]),
    statuses: repo.statuses.length,
  };
}

describe("patch trains", () => {
  it("v2.0.1 on 3 of 11 after v2.1.0: release branches from the v2.0.0 tags (or release/v2.0 where it exists), PRs into release/v2.0, tags there, v2.1.0 stays latest, the other 8 untouched", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 1,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    const base = shipTwoLines(world);
    // In the API, people already merged a fix into the maintenance branch: the patch starts there.
    const fix = fixOnMaintenanceLine(world, API);
    const mains = Object.fromEntries(
      world.repos.map((r) => [r, world.sim.store.requireRepo(r).git.resolveCommit("main")]),
    );
    const others = world.repos.filter((r) => !PATCH_REPOS.includes(r));
    expect(others).toHaveLength(8);
    const before = Object.fromEntries(others.map((r) => [r, footprint(world, r)]));
    const sent = recordReleases(world);

    const issue = await releaseTrain(world, "v2.0.1", { issue: openPatchTrain(world) });
    expect(trackingBody(world, issue)).toContain("🎉 Released v2.0.1");

    for (const full of PATCH_REPOS) {
      const repo = world.sim.store.requireRepo(full);
      const name = full.split("/")[1];
      const bump = repo.git
        .log(repo.git.resolveCommit("release/v2.0.1")!)
        .find((c) => c.message.startsWith("chore(release): v2.0.1"))!;
      expect(bump.parents[0], name).toBe(full === API ? fix : base[full]);
      const pulls = [...repo.pulls.values()].filter((p) => p.headRef === "release/v2.0.1");
      expect(
        pulls.map((p) => [p.baseRef, p.merged]),
        name,
      ).toEqual([["release/v2.0", true]]);
      const tagged = repo.git.resolveCommit("v2.0.1")!;
      expect(tagged, name).toBe(pulls[0]!.mergeCommitSha);
      expect(repo.git.resolveCommit("release/v2.0"), name).toBe(tagged);
      expect(repo.git.isAncestor(base[full]!, tagged), name).toBe(true);
      // The newer line's work is not in the patch, and the default branch is as it was.
      expect(repo.git.readFile(tagged, "src/search.ts"), name).toBeUndefined();
      expect(repo.git.resolveCommit("main"), name).toBe(mains[full]);
      expect(JSON.parse(repo.git.readFile(tagged, "package.json")!.toString("utf8")).version, name).toBe("2.0.1");
      expect(changelogHeading(world, full, "v2.0.1"), name).toContain("compare/v2.0.0...v2.0.1");
      expect(latestTag(world, full), name).toBe("v2.1.0");
    }
    expect(world.sim.store.requireRepo(API).releases.find((r) => r.tagName === "v2.0.1")!.body).toContain(
      "keep sessions across restarts",
    );
    for (const full of others) expect(footprint(world, full), full).toEqual(before[full]);
    expect(sent).toHaveLength(PATCH_REPOS.length + 1);
    for (const body of sent)
      expect(body).toMatchObject({ tag_name: "v2.0.1", prerelease: false, make_latest: "false" });
    expect(summaryOf(world).train).toMatchObject({ version: "2.0.1", mode: "patch" });
  }, 600_000);

  it("a version that fits no line of a repository (v2.0.1 where v2.0.0 was never released) is refused at P1, naming it, and nothing is written to the constellation", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 1,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    shipTwoLines(
      world,
      world.repos.filter((r) => r !== DOCS),
    );
    shipRelease(world, DOCS, "2.1.0");
    const since = world.sim.requests.list().length;

    const issue = await toPhase1(world, "v2.0.1");
    const body = trackingBody(world, issue);
    expect(body).toContain("⛔ Blocked: a precondition failed");
    expect(body).toMatch(
      /P1[^\n]*blackroad-os-docs: v2\.0\.1 fits no release line: no v2\.0\.x tag to patch, and its latest tag v2\.1\.0 is newer/,
    );
    expect(body).not.toMatch(/P1[^\n]*blackroad-os-api:/);
    for (const full of world.repos) {
      const branches = [...world.sim.store.requireRepo(full).git.refs.keys()].filter((r) =>
        r.startsWith("refs/heads/release/"),
      );
      expect(branches, full).toEqual([]);
    }
    expect(appWrites(world, since).filter((r) => !r.path.includes(ORCH))).toEqual([]);
  }, 300_000);
});
