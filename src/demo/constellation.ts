// Seeds a simulated GitHub with a constellation: the playbook's 11 repositories (or N
// generated ones), teams whose maintainers are the leads, a v1.x tag and conventional
// commits since in every repository, and the orchestration repo with its config.
import { readFileSync } from "node:fs";
import { parseConfig } from "../config/parse.js";
import type { SimulatedGitHub } from "github-sim";

export const ORG = "blackroad-os";
export const ORCHESTRATION_REPO = "release-train";
export const CONFIG_PATH = ".github/release-train.yml";
export const PLAYBOOK_CONFIG = readFileSync(new URL("../../examples/release-train.yml", import.meta.url), "utf8");

/** Team slug -> [maintainers (leads), members]. */
export const TEAMS: Record<string, [string[], string[]]> = {
  infra: [["ivan"], ["ines"]],
  backend: [["bella"], ["ben"]],
  "core-platform": [["carl"], ["cora"]],
  frontend: [["fran"], ["finn"]],
  packs: [["pat"], ["paula"]],
  observability: [["oscar"], ["olive"]],
  "brand-docs": [["dora"], ["dan"]],
  "release-managers": [["rita"], ["olga"]],
  finance: [["fiona"], []],
  security: [["sam"], []],
  legal: [["lena"], []],
};

export const PLAYBOOK_REPOS = [
  "blackroad-os-infra",
  "blackroad-os-api-gateway",
  "blackroad-os-archive",
  "blackroad-os-api",
  "blackroad-os-core",
  "blackroad-os-web",
  "blackroad-os-pack-finance",
  "blackroad-os-pack-legal",
  "blackroad-os-prism-console",
  "blackroad-os-docs",
  "blackroad-os-home",
];

/** The team of each playbook repository, as the example configuration says. */
export const REPO_TEAM: Record<string, string> = (() => {
  const parsed = parseConfig(PLAYBOOK_CONFIG);
  if (!parsed.ok) throw new Error("examples/release-train.yml does not parse");
  return Object.fromEntries(parsed.config.repos.map((r) => [r.name, r.team]));
})();

/** The repository whose default branch merges through a merge queue. */
export const QUEUE_REPO = "blackroad-os-api";
/** The check every protected default branch requires (the example's `checks.integration`). */
export const REQUIRED_CHECK = "integration-tests";
/** The check a generated constellation's default branches require (its `checks.integration`). */
export const GENERATED_REQUIRED_CHECK = "ci";

/** Check runs every repository's CI reports on its default branch. */
export const CHECKS = ["ci", "security-scan"];
/** Check runs on release PRs: `checks.integration` and `checks.security` of the example config. */
export const RELEASE_CHECKS = ["integration-tests", "security-scan"];

const COMMIT_POOL = [
  "feat: add health endpoint",
  "fix: handle empty responses from upstream",
  "feat(auth): support short-lived tokens (#{pr})",
  "perf: cache parsed manifests",
  "docs: describe the deployment flow",
  "fix(api): return 404 for unknown ids",
  "chore: bump dependencies",
  "refactor: split the request handler",
  "Update README",
  "feat!: drop the v1 configuration format\n\nBREAKING CHANGE: `config.v1.json` is no longer read; run the migration first.",
];

export interface SeedOptions {
  /** Conventional commits since the last tag, per repository. */
  commitsPerRepo: number;
  /** Report green `ci` and `security-scan` check runs on every default branch head. */
  greenChecks: boolean;
  /** Generated constellation size; omitted = the playbook's 11 repositories. */
  size?: number;
  /** YAML appended to the configuration (e.g. health-check URLs served by the simulator). */
  extraConfig?: string;
}

export interface SeededConstellation {
  repos: string[];
  config: string;
}

function packageJson(name: string, version: string): string {
  return `${JSON.stringify({ name: `@${ORG}/${name}`, version, private: true, scripts: { test: "node --test" } }, null, 2)}\n`;
}

/** A generated constellation of `size` repositories in a few levels (for benchmarks). */
export function generatedConfig(size: number): { repos: string[]; config: string } {
  const repos = Array.from({ length: size }, (_, i) => `svc-${String(i).padStart(3, "0")}`);
  const lines = ["label: release-train", "repos:"];
  repos.forEach((name, i) => {
    lines.push(`  - name: ${name}`, `    team: backend`);
    // Level k depends on a repository of level k-1: a tree of depth ~5.
    if (i > 0) lines.push(`    dependsOn: [${repos[Math.floor((i - 1) / 4)]}]`);
  });
  lines.push(
    "teams:",
    "  backend: { slug: backend }",
    "  orchestration: { slug: release-managers }",
    "orchestration: orchestration",
    "signoff: [backend]",
    `checks: { integration: [${GENERATED_REQUIRED_CHECK}], security: [security-scan] }`,
  );
  return { repos, config: `${lines.join("\n")}\n` };
}

/**
 * As most organisations protect their default branches: one approving review and the
 * integration check (`check`) required; the queue repository merges through a merge queue.
 */
function protect(sim: SimulatedGitHub, full: string, check: string, queue: boolean): void {
  sim.seed.protectBranch(full, "main", {
    required_status_checks: { strict: false, contexts: [check] },
    enforce_admins: true,
    required_pull_request_reviews: { required_approving_review_count: 1, dismiss_stale_reviews: true },
  });
  if (queue) {
    sim.seed.ruleset(full, {
      name: "merge queue",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [{ type: "merge_queue", parameters: { merge_method: "MERGE", grouping_strategy: "ALLGREEN" } }],
    });
  }
}

export function seedConstellation(sim: SimulatedGitHub, options: SeedOptions): SeededConstellation {
  const base = options.size ? generatedConfig(options.size) : { repos: PLAYBOOK_REPOS, config: PLAYBOOK_CONFIG };
  const repos = base.repos;
  const config = options.extraConfig
    ? `${base.config.trimEnd()}
${options.extraConfig}`
    : base.config;
  sim.seed.org(ORG, { name: "BlackRoad OS" });
  for (const [slug, [maintainers, members]] of Object.entries(TEAMS))
    sim.seed.team(ORG, slug, { maintainers, members });
  sim.seed.installation({ account: ORG });
  sim.seed.ciApp("ci");

  sim.seed.repo(`${ORG}/${ORCHESTRATION_REPO}`, {
    files: { [CONFIG_PATH]: config, "README.md": "# Release train\n\nTracking issues for constellation releases.\n" },
  });
  sim.seed.label(`${ORG}/${ORCHESTRATION_REPO}`, "release-train", {
    color: "5319e7",
    description: "Tracking issue of a release train",
  });
  sim.seed.repo(`${ORG}/blackroad-os-sandbox`, { files: { "README.md": "Experiments, not released.\n" } });

  repos.forEach((name, index) => {
    const full = `${ORG}/${name}`;
    const previous = `1.${(index % 5) + 2}.${index % 3}`;
    sim.seed.repo(full, {
      files: {
        "package.json": packageJson(name, previous),
        "README.md": `# ${name}\n`,
        "CHANGELOG.md": `# Changelog\n\n## ${previous}\n\n* Previous release.\n`,
      },
    });
    sim.seed.tag(full, `v${previous}`, { message: `v${previous}` });
    for (let c = 0; c < options.commitsPerRepo; c += 1) {
      const message = COMMIT_POOL[(index + c) % COMMIT_POOL.length]!.replace("{pr}", String(100 + c));
      sim.seed.commit(full, "main", {
        message,
        files: { [`src/change-${c}.ts`]: `export const change${c} = ${c};\n` },
        author: TEAMS.backend![1][0]!,
      });
    }
    const head = sim.store.requireRepo(full).git.resolveCommit("main")!;
    if (options.greenChecks)
      for (const check of CHECKS) sim.seed.checkRun(full, head, check, "success", { appSlug: "ci" });
    protect(sim, full, options.size ? GENERATED_REQUIRED_CHECK : REQUIRED_CHECK, name === QUEUE_REPO);
  });
  return { repos: repos.map((r) => `${ORG}/${r}`), config };
}
