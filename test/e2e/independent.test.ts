// End to end: an independent train (versions per repository, the packs one group) with the
// packs' dependency on the API client moved to the API's new major version.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { API_CLIENT, releaseTrain, seedIndependent } from "../../src/demo/scenarios.js";
import { summarySchema } from "../../src/train/summary.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const full = (name: string) => `${ORG}/${name}`;

/** Each repository's version before the train (the demo's seed) and the one the policy gives it. */
const EXPECTED: Record<string, { previous: string; next: string | null }> = {
  "blackroad-os-infra": { previous: "v1.2.0", next: "v1.2.1" },
  "blackroad-os-api-gateway": { previous: "v1.3.1", next: "v1.3.2" },
  "blackroad-os-archive": { previous: "v1.4.2", next: "v1.4.3" },
  "blackroad-os-api": { previous: "v1.5.0", next: "v2.0.0" },
  "blackroad-os-core": { previous: "v1.6.1", next: "v1.6.2" },
  "blackroad-os-web": { previous: "v1.2.2", next: "v1.2.3" },
  // One group: the highest previous version (pack-legal's 1.4.1) raised by the highest bump (minor).
  "blackroad-os-pack-finance": { previous: "v1.3.0", next: "v1.5.0" },
  "blackroad-os-pack-legal": { previous: "v1.4.1", next: "v1.5.0" },
  "blackroad-os-prism-console": { previous: "v1.5.2", next: "v1.5.3" },
  "blackroad-os-docs": { previous: "v1.6.0", next: null },
  "blackroad-os-home": { previous: "v1.2.1", next: "v1.2.2" },
};

function fileAtTag(w: DemoWorld, name: string, tag: string, path: string): string | null {
  const repo = w.sim.store.requireRepo(full(name));
  return repo.git.readFile(repo.git.resolveCommit(tag)!, path)?.toString("utf8") ?? null;
}

function recordPosts(w: DemoWorld, pattern: RegExp): Array<{ path: string; body: Record<string, unknown> }> {
  const sent: Array<{ path: string; body: Record<string, unknown> }> = [];
  w.sim.faults.add((req) => {
    if (req.method === "POST" && pattern.test(req.path))
      sent.push({ path: req.path, body: req.body as Record<string, unknown> });
    return undefined;
  });
  return sent;
}

describe("independent versioning", () => {
  it("releases each repository with its own version, the packs as one group with the API client bumped, and leaves the docs without changes alone", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 0, frozenAt: START });
    seedIndependent(world);
    for (const [name, { previous }] of Object.entries(EXPECTED))
      expect(world.sim.store.requireRepo(full(name)).git.refs.has(`refs/tags/${previous}`), name).toBe(true);
    const docsBefore = world.sim.store.requireRepo(full("blackroad-os-docs")).git.resolveCommit("main");
    const releases = recordPosts(world, /^\/repos\/[^/]+\/[^/]+\/releases$/);

    const issue = await releaseTrain(world, "v2.0.0");

    for (const name of PLAYBOOK_REPOS) {
      const repo = world.sim.store.requireRepo(full(name));
      const { next } = EXPECTED[name]!;
      if (next === null) continue;
      const version = next.slice(1);
      // The tag is the repository's own version, at the merge commit of its release PR.
      const pr = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
      expect(repo.issues.get(pr.number)?.title, name).toBe("release: v2.0.0");
      expect(repo.git.resolveCommit(next), name).toBe(pr.mergeCommitSha);
      expect(repo.git.refs.has("refs/tags/v2.0.0"), name).toBe(name === "blackroad-os-api");
      // The release commit: its headline, the version in package.json and the changelog section.
      const bump = repo.git.log(pr.headSha).find((c) => c.message.startsWith("chore(release)"))!;
      expect(bump.message.split("\n")[0], name).toBe(`chore(release): ${next}`);
      expect(JSON.parse(fileAtTag(world, name, next, "package.json")!).version, name).toBe(version);
      expect(
        fileAtTag(world, name, next, "CHANGELOG.md")!
          .split("\n")
          .find((l) => l.startsWith("## ")),
        name,
      ).toContain(`compare/${EXPECTED[name]!.previous}...${next})`);
      // Its GitHub release.
      const release = repo.releases.find((r) => r.tagName === next)!;
      expect(release, name).toBeDefined();
      expect(release.name, name).toBe(`${name} ${next}`);
    }
    expect(
      releases
        .filter((r) => r.path !== `/repos/${ORCH}/releases`)
        .map((r) => [r.path.split("/")[3], r.body.tag_name])
        .sort(),
    ).toEqual(
      Object.entries(EXPECTED)
        .filter(([, v]) => v.next !== null)
        .map(([name, v]) => [name, v.next])
        .sort(),
    );

    // The packs' release commits move the API client to the API's new major version, operator kept.
    for (const name of ["blackroad-os-pack-finance", "blackroad-os-pack-legal"]) {
      expect(JSON.parse(fileAtTag(world, name, "v1.5.0", "package.json")!).dependencies, name).toEqual({
        [API_CLIENT]: "^2.0.0",
      });
      expect(JSON.parse(fileAtTag(world, name, "v1.4.1", "package.json") ?? "{}").dependencies, name).toBeUndefined();
    }
    // package-lock.json: its own version fields follow the release; the locked API client is left for CI to refresh.
    const lock = JSON.parse(fileAtTag(world, "blackroad-os-pack-finance", "v1.5.0", "package-lock.json")!);
    expect([lock.version, lock.packages[""].version]).toEqual(["1.5.0", "1.5.0"]);
    expect(lock.packages[""].dependencies).toEqual({ [API_CLIENT]: "^1.5.0" });
    expect(lock.packages[`node_modules/${API_CLIENT}`].version).toBe("1.5.0");
    const financePr = [...world.sim.store.requireRepo(full("blackroad-os-pack-finance")).pulls.values()].find(
      (p) => p.headRef === "release/v2.0.0",
    )!;
    const financeBody = world.sim.store
      .requireRepo(full("blackroad-os-pack-finance"))
      .issues.get(financePr.number)!.body;
    expect(financeBody).toContain(`- \`${API_CLIENT}\` ^1.5.0 → ^2.0.0 (^1.5.0 would not accept 2.0.0)`);
    expect(financeBody).toContain("package-lock.json is left as it was: CI must refresh it (`npm install`)");

    // Nothing happens in the docs: no branch, no commit, no tag, no release, no deployment.
    const docs = world.sim.store.requireRepo(full("blackroad-os-docs"));
    expect(docs.git.resolveCommit("main")).toBe(docsBefore);
    expect(docs.git.refs.has("refs/heads/release/v2.0.0")).toBe(false);
    expect([...docs.git.refs.keys()].filter((r) => r.startsWith("refs/tags/"))).toEqual(["refs/tags/v1.6.0"]);
    expect(docs.releases).toEqual([]);
    expect(docs.deployments).toEqual([]);
    expect(docs.pulls.size).toBe(0);

    // The train keeps the constellation's name: the orchestration release is v2.0.0.
    const orch = world.sim.store.requireRepo(ORCH);
    expect(orch.releases.map((r) => r.tagName)).toEqual(["v2.0.0"]);
    expect(orch.releases[0]!.body).toContain("### [blackroad-os-pack-legal v1.5.0]");
    const summary = summarySchema.parse(
      JSON.parse(orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")!.toString("utf8")),
    );
    expect(summary.train).toMatchObject({ version: "2.0.0", tag: "v2.0.0" });
    expect(summary.versioning).toBe("independent");
    expect(summary.versions).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([name, v]) => [full(name), (v.next ?? v.previous).slice(1)])),
    );
    expect(summary.unreleased).toEqual([full("blackroad-os-docs")]);
    expect(summary.repos.map((r) => [r.name, r.tag, r.previousTag])).toEqual(
      summary.repos.map((r) => [r.name, EXPECTED[r.name]!.next, EXPECTED[r.name]!.previous]),
    );
    expect(summary.repos).toHaveLength(10);

    // The tracking issue: previous → next per repository, why, the dependency updates, the range warnings.
    const body = trackingBody(world, issue);
    expect(body).toContain("<b>Versions</b> — 10 of 11 repositories released, each with its own version");
    expect(body).toContain("| blackroad-os-api | v1.5.0 → v2.0.0 | major: 1 breaking change, 1 feature | — |");
    expect(body).toContain("| blackroad-os-docs | v1.6.0 → — not released | no changes: not released | — |");
    expect(body).toContain(
      `| blackroad-os-pack-finance | v1.3.0 → v1.5.0 | group packs: minor from blackroad-os-pack-finance, blackroad-os-pack-legal; own commits: 1 feature | \`${API_CLIENT}\` ^1.5.0 → ^2.0.0; package-lock.json: refresh in CI |`,
    );
    expect(body).toContain(
      `- ⚠️ blackroad-os-pack-legal: \`${API_CLIENT}\` ^1.5.0 would not accept 2.0.0 without the bump`,
    );
  }, 120_000);
});
