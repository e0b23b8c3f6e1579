import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { configSchema, type TrainConfig } from "../../src/config/schema.js";
import { findCycles } from "../../src/graph/cycles.js";
import { computeLevels } from "../../src/graph/levels.js";
import { formatLevels, planRelease, type ReleasePlan } from "../../src/train/plan.js";

const OWNER = "blackroad-os";
const fixture = readFileSync(new URL("../../examples/release-train.yml", import.meta.url), "utf8");

function playbookConfig(): TrainConfig {
  const result = parseConfig(fixture);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/**
 * A configuration that has passed the schema but not the cross-field checks, to exercise
 * what the plan itself must catch.
 */
function config(repos: { name: string; dependsOn?: string[]; team?: string; deploy?: boolean }[]): TrainConfig {
  return configSchema.parse({
    repos: repos.map((r) => ({ team: "ops", ...r })),
    teams: { ops: { slug: "ops" } },
    orchestration: "ops",
  });
}

const installation = [
  "blackroad-os/blackroad-os-infra",
  "blackroad-os/blackroad-os-api-gateway",
  "blackroad-os/blackroad-os-archive",
  "blackroad-os/blackroad-os-api",
  "blackroad-os/blackroad-os-core",
  "blackroad-os/blackroad-os-web",
  "blackroad-os/blackroad-os-pack-finance",
  "blackroad-os/blackroad-os-pack-legal",
  "blackroad-os/blackroad-os-prism-console",
  "blackroad-os/blackroad-os-docs",
  "blackroad-os/blackroad-os-home",
  "blackroad-os/blackroad-os-operator",
  "blackroad-labs/blackroad-os-pack-experimental",
];

function plan(cfg: TrainConfig, installationRepos: string[] = installation): ReleasePlan {
  const result = planRelease(cfg, { owner: OWNER, installationRepos });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

const names = (p: ReleasePlan) => p.levels.map((level) => level.map((repo) => repo.fullName));

describe("planRelease: the playbook constellation", () => {
  it("comes out in the playbook's release order, level by level", () => {
    const p = plan(playbookConfig());
    expect(names(p)).toEqual([
      ["blackroad-os/blackroad-os-infra"],
      ["blackroad-os/blackroad-os-api-gateway", "blackroad-os/blackroad-os-archive"],
      ["blackroad-os/blackroad-os-api", "blackroad-os/blackroad-os-core"],
      [
        "blackroad-os/blackroad-os-pack-finance",
        "blackroad-os/blackroad-os-pack-legal",
        "blackroad-os/blackroad-os-web",
      ],
      ["blackroad-os/blackroad-os-docs", "blackroad-os/blackroad-os-home", "blackroad-os/blackroad-os-prism-console"],
    ]);
    expect(p.repos.map((r) => r.fullName)).toEqual(names(p).flat());
    expect(p.repos.map((r) => r.level)).toEqual([1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5]);
    expect(p.owner).toBe(OWNER);
  });

  it("expands dependsOn, teams and entry indices", () => {
    const p = plan(playbookConfig());
    const byName = new Map(p.repos.map((r) => [r.name, r]));
    expect(byName.get("blackroad-os-home")).toEqual({
      owner: "blackroad-os",
      name: "blackroad-os-home",
      fullName: "blackroad-os/blackroad-os-home",
      team: "docs",
      dependsOn: [
        "blackroad-os/blackroad-os-pack-finance",
        "blackroad-os/blackroad-os-pack-legal",
        "blackroad-os/blackroad-os-web",
      ],
      level: 5,
      versionFiles: undefined,
      deploy: true,
      entryIndex: 9,
    });
    expect(byName.get("blackroad-os-pack-legal")).toMatchObject({
      team: "packs",
      entryIndex: 6,
      dependsOn: ["blackroad-os/blackroad-os-api", "blackroad-os/blackroad-os-core"],
    });
    expect(byName.get("blackroad-os-infra")).toMatchObject({ team: "infrastructure", dependsOn: [], level: 1 });
    expect(Object.fromEntries(p.repos.map((r) => [r.name, r.team]))).toEqual({
      "blackroad-os-infra": "infrastructure",
      "blackroad-os-api-gateway": "backend",
      "blackroad-os-archive": "core-platform",
      "blackroad-os-api": "backend",
      "blackroad-os-core": "core-platform",
      "blackroad-os-web": "frontend",
      "blackroad-os-pack-finance": "packs",
      "blackroad-os-pack-legal": "packs",
      "blackroad-os-prism-console": "frontend",
      "blackroad-os-docs": "docs",
      "blackroad-os-home": "docs",
    });
  });

  it("formats the release order like the playbook", () => {
    expect(formatLevels(plan(playbookConfig()))).toBe(
      [
        "Level 1 (first):",
        "└── blackroad-os-infra",
        "",
        "Level 2 (after blackroad-os-infra):",
        "├── blackroad-os-api-gateway",
        "└── blackroad-os-archive",
        "",
        "Level 3 (after blackroad-os-api-gateway):",
        "├── blackroad-os-api",
        "└── blackroad-os-core",
        "",
        "Level 4 (after blackroad-os-api, blackroad-os-core):",
        "├── blackroad-os-pack-finance",
        "├── blackroad-os-pack-legal",
        "└── blackroad-os-web",
        "",
        "Level 5 (last):",
        "├── blackroad-os-docs",
        "├── blackroad-os-home",
        "└── blackroad-os-prism-console",
      ].join("\n"),
    );
  });

  it("formats other owners in full, long 'after' lists shortened, and repos that do not deploy", () => {
    const p = plan(
      config([
        { name: "a" },
        { name: "b" },
        { name: "c" },
        { name: "d" },
        { name: "blackroad-labs/tool", dependsOn: ["a", "b", "c", "d"], deploy: false },
        { name: "web", dependsOn: ["blackroad-labs/tool"] },
      ]),
      [],
    );
    expect(formatLevels(p)).toBe(
      [
        "Level 1 (first):",
        "├── a",
        "├── b",
        "├── c",
        "└── d",
        "",
        "Level 2 (after a, b, c and 1 more):",
        "└── blackroad-labs/tool (not deployed)",
        "",
        "Level 3 (last):",
        "└── web",
      ].join("\n"),
    );
  });
});

describe("planRelease: globs and names", () => {
  it("with the installation unknown (offline), a glob stays in the plan as written, where its repositories would be", () => {
    const result = planRelease(playbookConfig(), { owner: OWNER, installationRepos: "unknown" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const glob = "blackroad-os/blackroad-os-pack-*";
    expect(names(result.plan)[3]).toEqual([glob, "blackroad-os/blackroad-os-web"]);
    expect(result.plan.repos.find((r) => r.fullName === glob)).toMatchObject({
      team: "packs",
      entryIndex: 6,
      dependsOn: ["blackroad-os/blackroad-os-api", "blackroad-os/blackroad-os-core"],
    });
    expect(result.plan.repos.find((r) => r.name === "blackroad-os-docs")?.dependsOn).toEqual([
      glob,
      "blackroad-os/blackroad-os-web",
    ]);
    expect(formatLevels(result.plan).split("\n").slice(11, 14)).toEqual([
      "Level 4 (after blackroad-os-api, blackroad-os-core):",
      "├── blackroad-os-pack-* (each matching repository of the installation)",
      "└── blackroad-os-web",
    ]);
  });

  it("offline, the same glob twice is one entry of the plan", () => {
    const result = planRelease(config([{ name: "pack-*" }, { name: "pack-*", team: "other" }]), {
      owner: OWNER,
      installationRepos: "unknown",
    });
    expect(result.ok && result.plan.repos.map((r) => [r.name, r.entryIndex])).toEqual([["pack-*", 0]]);
  });

  it("a literal entry wins over a glob, and keeps its own team", () => {
    const cfg = playbookConfig();
    cfg.repos.push({
      name: "blackroad-os-pack-finance",
      team: "finance",
      dependsOn: ["blackroad-os-core"],
      deploy: true,
    });
    const p = plan(cfg);
    const finance = p.repos.find((r) => r.name === "blackroad-os-pack-finance");
    expect(finance).toMatchObject({
      team: "finance",
      entryIndex: 10,
      dependsOn: ["blackroad-os/blackroad-os-core"],
      level: 4,
    });
    expect(p.repos.filter((r) => r.entryIndex === 6).map((r) => r.name)).toEqual(["blackroad-os-pack-legal"]);
    // Depending on the glob still means every repository it matches.
    expect(p.repos.find((r) => r.name === "blackroad-os-home")?.dependsOn).toEqual([
      "blackroad-os/blackroad-os-pack-finance",
      "blackroad-os/blackroad-os-pack-legal",
      "blackroad-os/blackroad-os-web",
    ]);
  });

  it("expands a glob only within its owner, and follows an explicit owner", () => {
    const own = plan(config([{ name: "blackroad-os-pack-*" }]));
    expect(own.repos.map((r) => r.fullName)).toEqual([
      "blackroad-os/blackroad-os-pack-finance",
      "blackroad-os/blackroad-os-pack-legal",
    ]);
    const labs = plan(config([{ name: "blackroad-labs/blackroad-os-pack-*" }]));
    expect(labs.repos.map((r) => r.fullName)).toEqual(["blackroad-labs/blackroad-os-pack-experimental"]);
  });

  it("an earlier glob claims a repository before a later one", () => {
    const p = plan(config([{ name: "blackroad-os-pack-f*", team: "ops" }, { name: "blackroad-os-pack-*" }]));
    expect(p.repos.map((r) => [r.name, r.entryIndex])).toEqual([
      ["blackroad-os-pack-finance", 0],
      ["blackroad-os-pack-legal", 1],
    ]);
  });

  it("a glob matching nothing is an error", () => {
    const result = planRelease(config([{ name: "blackroad-os-infra" }, { name: "blackroad-os-plugin-*" }]), {
      owner: OWNER,
      installationRepos: installation,
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "repos[1].name", message: '"blackroad-os-plugin-*" matches no repository of the installation' }],
    });
  });

  it("a glob matching nothing is reported once, not again where it is depended on", () => {
    const cfg = playbookConfig();
    const result = planRelease(cfg, {
      owner: OWNER,
      installationRepos: installation.filter((r) => !r.includes("pack")),
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "repos[6].name", message: '"blackroad-os-pack-*" matches no repository of the installation' }],
    });
  });

  it("uses the installation's spelling of names and the orchestration owner for bare names", () => {
    const p = plan(
      config([{ name: "Blackroad-OS-Infra" }, { name: "blackroad-os/api", dependsOn: ["blackroad-os-infra"] }]),
      ["BlackRoad-OS/blackroad-os-infra"],
    );
    expect(p.repos.map((r) => r.fullName)).toEqual(["BlackRoad-OS/blackroad-os-infra", "blackroad-os/api"]);
    expect(p.repos[1]?.dependsOn).toEqual(["BlackRoad-OS/blackroad-os-infra"]);
  });

  it("finds duplicates once owners are filled in", () => {
    const result = planRelease(config([{ name: "infra" }, { name: "blackroad-os/infra" }]), {
      owner: OWNER,
      installationRepos: [],
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "repos[1].name", message: 'duplicate repo "blackroad-os/infra" (also repos[0])' }],
    });
  });

  it("reports dependencies that name no planned repository", () => {
    const result = planRelease(
      config([{ name: "infra" }, { name: "api", dependsOn: ["blackroad-labs/infra", "api", "svc-*"] }]),
      { owner: OWNER, installationRepos: [] },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: "repos[1].dependsOn[0]", message: 'unknown repo "blackroad-labs/infra"' },
        { path: "repos[1].dependsOn[1]", message: '"api" depends on itself' },
        { path: "repos[1].dependsOn[2]", message: '"svc-*" matches no repository of the plan' },
      ],
    });
  });
});

describe("planRelease: cycles", () => {
  it("names the cycle, at the entry of its first repository", () => {
    const result = planRelease(
      config([
        { name: "infra" },
        { name: "a", dependsOn: ["infra", "c"] },
        { name: "b", dependsOn: ["a"] },
        { name: "c", dependsOn: ["b"] },
      ]),
      { owner: OWNER, installationRepos: [] },
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "repos[1].dependsOn", message: "dependency cycle a → c → b → a" }],
    });
  });

  it("finds cycles that only appear once globs are expanded", () => {
    // `core` depends on every pack; the pack-legal entry depends on `*-finance`, which the
    // pack glob expands to, and pack-finance (from the glob) depends on core.
    const result = planRelease(
      config([
        { name: "blackroad-os-core", dependsOn: ["blackroad-os-pack-l*"] },
        { name: "blackroad-os-pack-legal", dependsOn: ["*-finance"] },
        { name: "blackroad-os-pack-*", dependsOn: ["blackroad-os-core"] },
      ]),
      { owner: OWNER, installationRepos: installation },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "repos[0].dependsOn",
          message:
            "dependency cycle blackroad-os-core → blackroad-os-pack-legal → blackroad-os-pack-finance → blackroad-os-core",
        },
      ],
    });
  });
});

describe("graph helpers", () => {
  it("computeLevels gives 1 + the deepest dependency", () => {
    expect(computeLevels([[], [0], [0, 1], [], [3, 2]])).toEqual({ ok: true, levels: [1, 2, 3, 1, 4] });
    expect(computeLevels([])).toEqual({ ok: true, levels: [] });
  });

  it("findCycles returns one shortest cycle per strongly connected group, from its lowest node", () => {
    expect(findCycles([[1], [2], [0]])).toEqual([[0, 1, 2]]);
    expect(findCycles([[0]])).toEqual([[0]]);
    expect(findCycles([[1], [0, 2], [3], [2]])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(findCycles([[1], [2, 0], [0]])).toEqual([[0, 1]]);
    expect(findCycles([[1], [2], []])).toEqual([]);
  });

  it("handles long chains without deep recursion", () => {
    const n = 20_000;
    const chain = Array.from({ length: n }, (_, i) => (i === 0 ? [] : [i - 1]));
    const result = computeLevels(chain);
    expect(result.ok && result.levels[n - 1]).toBe(n);
    chain[0] = [n - 1];
    expect(findCycles(chain)[0]).toHaveLength(n);
  });
});

describe("planRelease: properties", () => {
  /** A random graph over n repositories; `acyclic` keeps only edges to lower-numbered nodes. */
  const graph = (acyclic: boolean) =>
    fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc
        .record({
          n: fc.constant(n),
          edges: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 }), {
            minLength: n,
            maxLength: n,
          }),
          order: fc.shuffledSubarray(
            Array.from({ length: n }, (_, i) => i),
            { minLength: n, maxLength: n },
          ),
        })
        .map(({ n, edges, order }) => ({
          n,
          order,
          edges: edges.map((deps, i) => [...new Set(deps.filter((d) => d !== i && (!acyclic || d < i)))]),
        })),
    );

  const toConfig = ({ edges, order }: { edges: number[][]; order: number[] }) =>
    config(order.map((i) => ({ name: `repo-${i}`, dependsOn: (edges[i] ?? []).map((d) => `repo-${d}`) })));

  it("every repository's level is greater than each of its dependencies' levels", () => {
    fc.assert(
      fc.property(graph(true), (g) => {
        const result = planRelease(toConfig(g), { owner: OWNER, installationRepos: [] });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const level = new Map(result.plan.repos.map((r) => [r.fullName, r.level]));
        expect(result.plan.repos).toHaveLength(g.n);
        for (const repo of result.plan.repos) {
          const depLevels = repo.dependsOn.map((d) => level.get(d) ?? Number.NaN);
          for (const depLevel of depLevels) expect(repo.level).toBeGreaterThan(depLevel);
          // …and exactly one more than the deepest, so nothing waits longer than it must.
          expect(repo.level).toBe(1 + Math.max(0, ...depLevels));
        }
        result.plan.levels.forEach((repos, i) => {
          expect(repos.length).toBeGreaterThan(0);
          for (const repo of repos) expect(repo.level).toBe(i + 1);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("a plan exists exactly when the dependency graph has no cycle", () => {
    const hasCycle = (edges: number[][]) => {
      const state = new Array<number>(edges.length).fill(0);
      const visit = (v: number): boolean => {
        if (state[v] === 1) return true;
        if (state[v] === 2) return false;
        state[v] = 1;
        const found = (edges[v] ?? []).some(visit);
        state[v] = 2;
        return found;
      };
      return edges.some((_, v) => visit(v));
    };
    fc.assert(
      fc.property(graph(false), (g) => {
        const result = planRelease(toConfig(g), { owner: OWNER, installationRepos: [] });
        expect(result.ok).toBe(!hasCycle(g.edges));
        if (!result.ok) {
          for (const error of result.errors) expect(error.message).toMatch(/^dependency cycle (repo-\d+ → )+repo-\d+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
