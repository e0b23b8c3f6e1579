import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigError } from "../../src/config/parse.js";

function base(): Record<string, unknown> {
  return {
    repos: [
      { name: "infra", team: "ops" },
      { name: "api", team: "ops", dependsOn: ["infra"], publishes: { npm: "@blackroad/api-client" } },
      { name: "pack-a", team: "ops", dependsOn: ["api"] },
      { name: "pack-b", team: "ops", dependsOn: ["api"] },
    ],
    teams: { ops: { slug: "ops" }, rm: { slug: "release-managers" } },
    orchestration: "rm",
  };
}

function parse(change: (config: Record<string, unknown>) => void) {
  const config = base();
  change(config);
  return parseConfig(yaml.dump(config));
}

function errorsOf(change: (config: Record<string, unknown>) => void): ConfigError[] {
  const result = parse(change);
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.errors;
}

const repos = (config: Record<string, unknown>) => config.repos as Array<Record<string, unknown>>;

describe("versioning configuration", () => {
  it("reads independent versioning with groups, releaseUnchanged and published packages", () => {
    const result = parse((c) => {
      c.versioning = "independent";
      c.releaseUnchanged = true;
      c.groups = { packs: ["pack-*"] };
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.versioning).toBe("independent");
    expect(result.config.releaseUnchanged).toBe(true);
    expect(result.config.groups).toEqual({ packs: ["pack-*"] });
    expect(result.config.repos[1]?.publishes).toEqual({ npm: "@blackroad/api-client" });
  });

  it("defaults to one fixed version", () => {
    const result = parse(() => {});
    expect(result.ok && [result.config.versioning, result.config.releaseUnchanged, result.config.groups]).toEqual([
      "fixed",
      false,
      {},
    ]);
  });

  it("names the field of an unknown versioning policy", () => {
    expect(errorsOf((c) => (c.versioning = "linked"))).toEqual([
      { path: "versioning", message: 'expected one of "fixed", "independent", got "linked"' },
    ]);
  });

  it("refuses groups and releaseUnchanged with fixed versioning", () => {
    expect(
      errorsOf((c) => {
        c.groups = { packs: ["pack-a"] };
        c.releaseUnchanged = true;
      }).map((e) => e.path),
    ).toEqual(["releaseUnchanged", "groups"]);
  });

  it("refuses a group member that is not in repos, and a repository in two groups", () => {
    const errors = errorsOf((c) => {
      c.versioning = "independent";
      c.groups = { packs: ["pack-a", "pack-c"], api: ["api", "pack-a"] };
    });
    expect(errors).toEqual([
      { path: "groups.packs[1]", message: 'unknown repo "pack-c"' },
      {
        path: "groups.api[1]",
        message: '"pack-a" is already in group "packs": a repository shares one version with one group',
      },
    ]);
  });

  it("refuses an empty group and a bad group name", () => {
    expect(
      errorsOf((c) => {
        c.versioning = "independent";
        c.groups = { packs: [] };
      }),
    ).toEqual([{ path: "groups.packs", message: "must not be empty" }]);
    expect(
      errorsOf((c) => {
        c.versioning = "independent";
        c.groups = { "two words": ["api"] };
      })[0]?.path,
    ).toBe('groups["two words"]');
  });

  it("validates published npm package names at their path", () => {
    const errors = errorsOf((c) => {
      repos(c)[0]!.publishes = { npm: "Not A Package" };
      repos(c)[2]!.publishes = { pypi: "pack-a" };
    });
    expect(errors.map((e) => e.path)).toEqual(["repos[0].publishes.npm", "repos[2].publishes.pypi"]);
    expect(errors[0]?.message).toMatch(/^invalid npm package name "Not A Package"/);
    expect(errors[1]?.message).toBe('unknown key "pypi"');
  });

  it("refuses a package published by two repositories, or by a glob entry", () => {
    const errors = errorsOf((c) => {
      repos(c)[3]!.publishes = { npm: "@blackroad/api-client" };
      repos(c).push({ name: "tool-*", team: "ops", publishes: { npm: "tools" } });
    });
    expect(errors).toEqual([
      { path: "repos[3].publishes.npm", message: '"@blackroad/api-client" is already published by repos[1] ("api")' },
      {
        path: "repos[4].publishes.npm",
        message: '"tool-*" is a glob: a package is published by one repository, name it',
      },
    ]);
  });
});
