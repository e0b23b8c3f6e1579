import { describe, expect, it } from "vitest";
import { parseCommits } from "../../src/changelog/commits.js";
import type { TrainConfig } from "../../src/config/schema.js";
import type { Observation } from "../../src/train/model/observation.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { publishersOf, recordVersions, versionMatrix } from "../../src/train/repo-versions.js";
import { versionRows } from "../../src/train/version-rows.js";
import { details, observation, OWNER, playbookConfig, playbookPlan, repoObservation, V2 } from "../helpers/core.js";

const full = (name: string) => `${OWNER}/${name}`;
const commits = (message: string) =>
  parseCommits([{ oid: "c".repeat(40), message, committedDate: "2026-11-20T12:00:00Z" }]);

function independentConfig(): TrainConfig {
  const config = playbookConfig();
  const api = config.repos.findIndex((r) => r.name === "blackroad-os-api");
  config.repos[api] = { ...config.repos[api]!, publishes: { npm: "@blackroad/api-client" } };
  return { ...config, versioning: "independent", groups: { packs: ["blackroad-os-pack-*"] } };
}

/** Every repository with one fix since v1.4.0, except `quiet` (nothing) and the API (a breaking change). */
function world(quiet: string[] = ["blackroad-os-infra"]): Observation {
  const obs = observation();
  for (const [name, repo] of Object.entries(obs.repos)) {
    const short = name.split("/")[1]!;
    const message = quiet.includes(short) ? null : short === "blackroad-os-api" ? "feat!: v2 sessions" : "fix: retry";
    repo.details = details(short, { commits: message ? commits(message) : [] });
  }
  return obs;
}

const emptyState = (): TrainState => ({
  v: 1,
  version: "2.0.0",
  startedAt: "2026-11-27T09:00:00Z",
  ticks: {},
  acked: {},
  audit: [],
  reached: {},
  signoffs: {},
  compliance: {},
  accepted: {},
  intro: "",
});

describe("versionMatrix", () => {
  it("leaves a fixed train as it is", () => {
    const plan = playbookPlan();
    const matrix = versionMatrix({ config: playbookConfig(), plan, version: V2, observation: world(), state: null });
    expect(matrix.plan).toBe(plan);
    expect(matrix.version).toBe(V2);
    expect([matrix.needsDetails, matrix.changelogVersions]).toEqual([[], {}]);
  });

  it("gives each repository its version, publishes the API client's, and leaves the repositories without changes out of the plan with levels closed up", () => {
    const matrix = versionMatrix({
      config: independentConfig(),
      plan: playbookPlan(),
      version: V2,
      observation: world(),
      state: null,
    });
    expect(matrix.version.repos?.[full("blackroad-os-api")]).toMatchObject({ version: "2.0.0", release: true });
    expect(matrix.version.repos?.[full("blackroad-os-infra")]).toMatchObject({ version: "1.4.0", release: false });
    expect(matrix.version.packages).toEqual({ "@blackroad/api-client": "2.0.0" });
    expect(matrix.version.pending).toBe(false);
    expect(matrix.plan.repos.map((r) => r.fullName)).not.toContain(full("blackroad-os-infra"));
    // infra was level 1 alone: the gateway and the archive are released first now, and depend on nothing in the train.
    expect(matrix.plan.levels[0]!.map((r) => [r.name, r.level, r.dependsOn])).toEqual([
      ["blackroad-os-api-gateway", 1, []],
      ["blackroad-os-archive", 1, []],
    ]);
    expect(matrix.changelogVersions[full("blackroad-os-pack-finance")]).toBe("1.4.1");
    expect(matrix.changelogVersions[full("blackroad-os-infra")]).toBeUndefined();
  });

  it("asks for the history of a repository read at another head, and is pending (nothing recorded) until then", () => {
    const obs = world();
    obs.repos[full("blackroad-os-web")] = repoObservation("blackroad-os-web", {
      releaseBranch: { oid: "moved", checks: [] },
    });
    const matrix = versionMatrix({
      config: independentConfig(),
      plan: playbookPlan(),
      version: V2,
      observation: obs,
      state: null,
    });
    expect(matrix.needsDetails).toEqual([full("blackroad-os-web")]);
    expect(matrix.version.pending).toBe(true);
    const state = emptyState();
    recordVersions(state, matrix.version);
    expect(state.versions).toBeUndefined();
  });

  it("keeps the versions recorded when Phase 1 started, whatever the history says later", () => {
    const config = independentConfig();
    const first = versionMatrix({ config, plan: playbookPlan(), version: V2, observation: world(), state: null });
    const state = emptyState();
    recordVersions(state, first.version);
    expect(state.versions?.[full("blackroad-os-infra")]?.release).toBe(false);
    // A feature lands in infra afterwards: it stays out of this train, and the API keeps its version.
    const later = world([]);
    later.repos[full("blackroad-os-infra")]!.details = details("blackroad-os-infra", {
      commits: commits("feat: late"),
    });
    const second = versionMatrix({ config, plan: playbookPlan(), version: V2, observation: later, state });
    expect(second.version.repos?.[full("blackroad-os-infra")]).toMatchObject({ release: false, version: "1.4.0" });
    expect(second.plan.repos.map((r) => r.fullName)).not.toContain(full("blackroad-os-infra"));
  });
});

describe("versionRows", () => {
  it("warns when a dependent is not released after the repository that publishes its dependency", () => {
    const config = independentConfig();
    const plan = playbookPlan(config);
    const obs = world();
    const manifest = '{ "version": "1.4.0", "dependencies": { "@blackroad/api-client": "^1.4.0" } }';
    obs.repos[full("blackroad-os-core")]!.details = details("blackroad-os-core", {
      commits: commits("fix: x"),
      files: { "package.json": manifest },
    });
    obs.repos[full("blackroad-os-web")]!.details = details("blackroad-os-web", {
      commits: commits("fix: x"),
      files: { "package.json": manifest },
    });
    const matrix = versionMatrix({ config, plan, version: V2, observation: obs, state: null });
    const update = {
      ok: true as const,
      content: "",
      edits: [
        {
          section: "dependencies" as const,
          name: "@blackroad/api-client",
          package: "@blackroad/api-client",
          from: "^1.4.0",
          to: "^2.0.0",
          version: "2.0.0",
          acceptedBefore: false,
        },
      ],
      kept: [],
      lockfileRefresh: false,
    };
    const rows = versionRows(
      plan,
      matrix.version,
      obs,
      {
        [full("blackroad-os-core")]: { changes: [], problems: [], warnings: [], dependencies: update },
        [full("blackroad-os-web")]: { changes: [], problems: [], warnings: [], dependencies: update },
      },
      publishersOf(config, plan),
    )!;
    // core is on the API's level (both after the gateway); web depends on the API.
    expect(rows.find((r) => r.name === "blackroad-os-core")!.warnings).toContain(
      "`@blackroad/api-client` comes from blackroad-os-api, which is not released before it: add it to `dependsOn`",
    );
    expect(rows.find((r) => r.name === "blackroad-os-web")!.warnings).toEqual([
      "`@blackroad/api-client` ^1.4.0 would not accept 2.0.0 without the bump",
    ]);
  });

  it("warns when a repository left out keeps a range its dependency's new version falls outside of", () => {
    const obs = world(["blackroad-os-docs"]);
    obs.repos[full("blackroad-os-docs")]!.details = details("blackroad-os-docs", {
      files: { "package.json": '{ "version": "1.4.0", "dependencies": { "@blackroad/api-client": "^1.4.0" } }' },
    });
    const matrix = versionMatrix({
      config: independentConfig(),
      plan: playbookPlan(),
      version: V2,
      observation: obs,
      state: null,
    });
    const docs = versionRows(playbookPlan(), matrix.version, obs, {})!.find((r) => r.name === "blackroad-os-docs")!;
    expect(docs).toMatchObject({
      previousTag: "v1.4.0",
      nextTag: null,
      reason: "no changes: not released",
      dependencies: [],
    });
    expect(docs.warnings).toEqual([
      "`@blackroad/api-client` ^1.4.0 does not accept 2.0.0 (no release commit; not released: no changes)",
    ]);
  });
});
