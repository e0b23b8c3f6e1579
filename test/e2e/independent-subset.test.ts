// End to end: the two modes combined — a train on a subset (`repos:`) of a constellation
// with versions per repository (`versioning: independent`). The repositories of the subset
// get their own versions (the API's breaking change a major, the infrastructure's fix a
// patch, pack-finance's feature a minor, its range on the API client moved to the API's new
// major); the others get nothing, and the summary and the tracking issue say both.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { API_CLIENT, releaseTrain, seedIndependent } from "../../src/demo/scenarios.js";
import { summarySchema } from "../../src/train/summary.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const full = (name: string) => `${ORG}/${name}`;
/** The subset, each repository's tag before the train and the one it is released with. */
const EXPECTED: Record<string, { previous: string; next: string }> = {
  "blackroad-os-infra": { previous: "v1.2.0", next: "v1.2.1" },
  "blackroad-os-api": { previous: "v1.5.0", next: "v2.0.0" },
  // Its group's version goes on from pack-legal's v1.4.1 (outside the train), raised by its own minor.
  "blackroad-os-pack-finance": { previous: "v1.3.0", next: "v1.5.0" },
};
const SUBSET = Object.keys(EXPECTED);
const OTHERS = PLAYBOOK_REPOS.filter((name) => !SUBSET.includes(name));

function footprint(w: DemoWorld, name: string) {
  const repo = w.sim.store.requireRepo(full(name));
  return {
    refs: [...repo.git.refs.entries()].sort(),
    pulls: repo.pulls.size,
    deployments: repo.deployments.length,
    releases: repo.releases.map((r) => r.tagName),
    statuses: repo.statuses.length,
  };
}

function fileAtTag(w: DemoWorld, name: string, tag: string, path: string): string | null {
  const repo = w.sim.store.requireRepo(full(name));
  return repo.git.readFile(repo.git.resolveCommit(tag)!, path)?.toString("utf8") ?? null;
}

describe("a subset train with versions per repository", () => {
  it("releases the three repositories of `repos:` each with its own version, moves pack-finance's range on the API client, and leaves the other eight as they were", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 0, frozenAt: "2026-11-27T09:00:00Z" });
    seedIndependent(world);
    const before = Object.fromEntries(OTHERS.map((name) => [name, footprint(world, name)]));
    const rita = world.sim.as("rita");
    const milestone = rita.createMilestone(ORCH, "v2.0.0");
    const opened = rita.createIssue({
      repo: ORCH,
      title: "BlackRoad OS 2.0",
      body: `The API's v2 and the finance pack on it.\n\nrepos: ${SUBSET.join(", ")}\n`,
      milestone,
    });
    rita.addLabels(ORCH, opened, ["release-train"]);

    const issue = await releaseTrain(world, "v2.0.0", { issue: opened });
    expect(trackingBody(world, issue)).toContain("🎉 Released v2.0.0");

    for (const [name, { previous, next }] of Object.entries(EXPECTED)) {
      const repo = world.sim.store.requireRepo(full(name));
      const pr = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
      expect(pr.merged, name).toBe(true);
      expect(repo.git.resolveCommit(next), name).toBe(pr.mergeCommitSha);
      expect(JSON.parse(fileAtTag(world, name, next, "package.json")!).version, name).toBe(next.slice(1));
      expect(
        fileAtTag(world, name, next, "CHANGELOG.md")!
          .split("\n")
          .find((l) => l.startsWith("## ")),
        name,
      ).toContain(`compare/${previous}...${next})`);
      expect(
        repo.releases.map((r) => r.tagName),
        name,
      ).toEqual([next]);
    }
    // The API is in the train: pack-finance's range follows its new major.
    expect(JSON.parse(fileAtTag(world, "blackroad-os-pack-finance", "v1.5.0", "package.json")!).dependencies).toEqual({
      [API_CLIENT]: "^2.0.0",
    });
    for (const name of OTHERS) expect(footprint(world, name), name).toEqual(before[name]);

    const orch = world.sim.store.requireRepo(ORCH);
    const summary = summarySchema.parse(
      JSON.parse(orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")!.toString("utf8")),
    );
    expect(summary.versioning).toBe("independent");
    expect({
      repos: summary.subset?.repos.slice().sort(),
      notInTrain: summary.subset?.notInTrain.slice().sort(),
    }).toEqual({ repos: SUBSET.map(full).sort(), notInTrain: OTHERS.map(full).sort() });
    expect(summary.repos.map((r) => [r.name, r.previousTag, r.tag]).sort()).toEqual(
      Object.entries(EXPECTED)
        .map(([name, v]) => [name, v.previous, v.next])
        .sort(),
    );
    expect(
      Object.fromEntries(Object.entries(summary.versions ?? {}).filter(([name]) => SUBSET.map(full).includes(name))),
    ).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([name, v]) => [full(name), v.next.slice(1)])));

    const body = trackingBody(world, issue);
    expect(body).toContain("### Not in this train");
    expect(body).toContain("| blackroad-os-api | v1.5.0 → v2.0.0 | major: 1 breaking change, 1 feature | — |");
    expect(body).toContain(`\`${API_CLIENT}\` ^1.5.0 → ^2.0.0`);
    expect(body).toContain(
      "| blackroad-os-pack-finance | v1.3.0 → v1.5.0 | group packs: minor from blackroad-os-pack-finance on v1.4.1 of blackroad-os-pack-legal (not in this train); own commits: 1 feature |",
    );
    expect(body).not.toMatch(/\| blackroad-os-pack-legal \| v1\.4\.1 →/);
  }, 300_000);
});
