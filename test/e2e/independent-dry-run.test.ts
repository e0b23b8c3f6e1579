// `/dry-run` on an independent train: each repository's version and its dependency updates, before anything is written.
import { afterEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { API_CLIENT, seedIndependent } from "../../src/demo/scenarios.js";
import { ORCH } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

describe("independent versioning: /dry-run", () => {
  it("replies with every repository's previous → next version, why, and the dependency updates, writing nothing to the constellation", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 0, frozenAt: "2026-11-27T09:00:00Z" });
    seedIndependent(world);
    const heads = Object.fromEntries(
      PLAYBOOK_REPOS.map((name) => [name, world.sim.store.requireRepo(`${ORG}/${name}`).git.resolveCommit("main")]),
    );
    const issue = openTrain(world);
    await world.settle();
    world.sim.as("rita").comment(ORCH, issue, "/dry-run");
    await world.settle();

    const reply = world.sim.store
      .commentsOf(world.sim.store.requireRepo(ORCH), issue)
      .map((c) => c.body)
      .find((b) => b.includes("Dry run: what Phase 1 would do"))!;
    expect(reply).toContain(
      "| Level | Repository | Branch | Version | Why | Files that would change | Dependency updates |",
    );
    expect(reply).toContain("| 3 | blackroad-os-api | `release/v2.0.0` from");
    expect(reply).toContain(
      "| v1.5.0 → v2.0.0 | major: 1 breaking change, 1 feature | `package.json`, `CHANGELOG.md` | — |",
    );
    const legal = reply.split("\n").find((l) => l.includes("| blackroad-os-pack-legal |"))!;
    expect(legal).toContain(
      "| v1.4.1 → v1.5.0 | group packs: minor from blackroad-os-pack-finance, blackroad-os-pack-legal; own commits: 1 feature | `package.json`, `CHANGELOG.md` |",
    );
    expect(legal).toContain(`\`${API_CLIENT}\` ^1.5.0 → ^2.0.0 (^1.5.0 would not accept 2.0.0)`);
    const finance = reply.split("\n").find((l) => l.includes("| blackroad-os-pack-finance |"))!;
    expect(finance).toContain("`package.json`, `package-lock.json`, `CHANGELOG.md`");
    expect(finance).toContain("package-lock.json is left as it was: CI must refresh it (`npm install`)");
    expect(reply).toContain("| — | blackroad-os-docs | — | v1.6.0 (not released) | no changes: not released | — | — |");

    // Nothing was written to any repository.
    for (const name of PLAYBOOK_REPOS) {
      const repo = world.sim.store.requireRepo(`${ORG}/${name}`);
      expect(repo.git.resolveCommit("main"), name).toBe(heads[name]);
      expect(repo.git.refs.has("refs/heads/release/v2.0.0"), name).toBe(false);
      expect(repo.pulls.size, name).toBe(0);
    }
  }, 120_000);
});
