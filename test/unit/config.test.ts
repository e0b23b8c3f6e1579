import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  formatConfigErrors,
  formatPath,
  mergeExtends,
  parseConfig,
  parseYamlDocument,
  probotMergeOptions,
  validateConfig,
  type ConfigError,
} from "../../src/config/parse.js";
import { captureGroupCount, parseRepoRef } from "../../src/config/schema.js";

const fixture = readFileSync(new URL("../../examples/release-train.yml", import.meta.url), "utf8");

/** The smallest valid file, as data. */
function minimal(): Record<string, unknown> {
  return {
    repos: [
      { name: "infra", team: "ops" },
      { name: "api", team: "ops", dependsOn: ["infra"] },
    ],
    teams: { ops: { slug: "ops" }, rm: { slug: "release-managers" } },
    orchestration: "rm",
  };
}

function withChanges(change: (config: Record<string, unknown>) => void): Record<string, unknown> {
  const config = minimal();
  change(config);
  return config;
}

function errorsOf(input: string | Record<string, unknown>): ConfigError[] {
  const result = typeof input === "string" ? parseConfig(input) : parseConfig(yaml.dump(input));
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.errors;
}

describe("parseConfig: valid files", () => {
  it("accepts the playbook configuration", () => {
    const result = parseConfig(fixture);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.repos.map((r) => r.name)).toEqual([
      "blackroad-os-infra",
      "blackroad-os-api-gateway",
      "blackroad-os-archive",
      "blackroad-os-api",
      "blackroad-os-core",
      "blackroad-os-web",
      "blackroad-os-pack-*",
      "blackroad-os-prism-console",
      "blackroad-os-docs",
      "blackroad-os-home",
    ]);
    expect(config.teams.docs).toEqual({ slug: "brand-docs" });
    expect(config.teams.orchestration).toEqual({ slug: "release-managers" });
    expect(config.signoff).toEqual(["infrastructure", "backend", "core-platform", "frontend", "packs", "docs"]);
    expect(config.compliance.identity).toEqual({
      label: "compliance:identity",
      team: "security",
      requires: "security-certification",
    });
    expect(config.maintenance).toEqual({ repo: "blackroad-os-infra", environment: "maintenance" });
  });

  it("applies every default", () => {
    const result = validateConfig(minimal());
    expect(result).toEqual({
      ok: true,
      config: {
        label: "release-train",
        repos: [
          { name: "infra", team: "ops", dependsOn: [], deploy: true },
          { name: "api", team: "ops", dependsOn: ["infra"], deploy: true },
        ],
        teams: { ops: { slug: "ops" }, rm: { slug: "release-managers" } },
        orchestration: "rm",
        signoff: [],
        signoffFromReviews: false,
        checks: { integration: [], security: [], smoke: [] },
        environments: { staging: "staging", production: "production" },
        canary: true,
        bakeMinutes: 30,
        canaryMinutes: 10,
        compliance: {},
        autoOpen: false,
        dryRun: false,
        resyncMinutes: 10,
        healthChecks: { staging: [], production: [] },
        autoRollback: true,
        draftReleases: false,
        prerelease: { production: false },
        mergeMethod: "merge",
        // One version for the whole constellation unless written otherwise.
        versioning: "fixed",
        releaseUnchanged: false,
        groups: {},
        // The playbook's stages, keeping only teams this file defines.
        stages: { backend: [], frontend: [], packs: [] },
      },
    });
  });

  it("fills partial sections and keeps written values", () => {
    const result = validateConfig(
      withChanges((c) => {
        c.checks = { smoke: ["smoke-tests"] };
        c.environments = { production: "prod" };
        c.bakeMinutes = 0;
        c.dryRun = { owner: "blackroad-sandbox" };
        c.mergeMethod = "squash";
        c.healthChecks = { production: ["https://status.blackroad.example/healthz"] };
        c.maintenance = { repo: "infra" };
        c.announce = { discussionCategory: "Announcements" };
        c._extends = "blackroad-os/.github";
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.checks).toEqual({ integration: [], security: [], smoke: ["smoke-tests"] });
    expect(result.config.environments).toEqual({ staging: "staging", production: "prod" });
    expect(result.config.bakeMinutes).toBe(0);
    expect(result.config.dryRun).toEqual({ owner: "blackroad-sandbox" });
    expect(result.config.mergeMethod).toBe("squash");
    expect(result.config.healthChecks).toEqual({
      staging: [],
      production: ["https://status.blackroad.example/healthz"],
    });
    expect(result.config.maintenance).toEqual({ repo: "infra", environment: "maintenance" });
    expect(result.config.announce).toEqual({ discussionCategory: "Announcements" });
    expect(result.config._extends).toBe("blackroad-os/.github");
  });

  it("defaults stages to the playbook's teams that exist, and keeps written stages as written", () => {
    const teams = { backend: { slug: "backend" }, frontend: { slug: "frontend" }, rm: { leads: ["carol"] } };
    const defaults = validateConfig({ ...minimal(), teams, repos: [{ name: "api", team: "backend" }] });
    expect(defaults.ok && defaults.config.stages).toEqual({ backend: ["backend"], frontend: ["frontend"], packs: [] });
    const written = validateConfig({
      ...minimal(),
      teams,
      repos: [{ name: "api", team: "backend" }],
      stages: { backend: ["backend", "frontend"] },
    });
    expect(written.ok && written.config.stages).toEqual({
      backend: ["backend", "frontend"],
      frontend: ["frontend"],
      packs: [],
    });
  });

  it("normalises versionFiles to { path, pattern? }", () => {
    const result = validateConfig(
      withChanges((c) => {
        c.repos = [
          {
            name: "infra",
            team: "ops",
            versionFiles: ["package.json", { path: "deploy/VERSION.txt", pattern: String.raw`version: v?(\S+)` }],
          },
        ];
      }),
    );
    expect(result.ok && result.config.repos[0]?.versionFiles).toEqual([
      { path: "package.json" },
      { path: "deploy/VERSION.txt", pattern: String.raw`version: v?(\S+)` },
    ]);
  });

  it("accepts owner/name, globs, explicit leads (with or without @) and deploy: false", () => {
    const result = validateConfig(
      withChanges((c) => {
        c.repos = [
          { name: "blackroad-os/infra", team: "ops", deploy: false },
          { name: "pack-?*", team: "ops", dependsOn: ["blackroad-os/infra"] },
          { name: "docs", team: "ops", dependsOn: ["pack-?*", "infra"] },
        ];
        c.teams = { ops: { leads: ["@alice", "bob-smith"] }, rm: { slug: "rm", leads: ["carol"] } };
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.teams.ops).toEqual({ leads: ["alice", "bob-smith"] });
    expect(result.config.repos[0]?.deploy).toBe(false);
  });

  it("lets a dependsOn glob name the literal entries it matches", () => {
    const result = validateConfig(
      withChanges((c) => {
        c.repos = [
          { name: "svc-a", team: "ops" },
          { name: "svc-b", team: "ops" },
          { name: "web", team: "ops", dependsOn: ["svc-*"] },
        ];
      }),
    );
    expect(result.ok).toBe(true);
  });
});

describe("parseConfig: errors, with their exact path and message", () => {
  const cases: { name: string; input: string | Record<string, unknown>; errors: ConfigError[] }[] = [
    {
      name: "YAML syntax error, with line and column",
      input: "repos:\n  - name: infra\n   team: ops\n",
      errors: [{ path: "", message: "YAML syntax error: bad indentation of a sequence entry at line 3, column 4" }],
    },
    {
      name: "unterminated flow sequence",
      input: "signoff: [backend,\n",
      errors: [
        {
          path: "",
          message: "YAML syntax error: unexpected end of the stream within a flow collection at line 2, column 1",
        },
      ],
    },
    {
      name: "duplicated key",
      input: "label: a\nlabel: b\n",
      errors: [{ path: "", message: "YAML syntax error: duplicated mapping key at line 2, column 1" }],
    },
    {
      name: "YAML tags outside JSON types",
      input: "label: !!js/regexp /x/\n",
      errors: [
        { path: "", message: "YAML syntax error: unknown tag !<tag:yaml.org,2002:js/regexp> at line 1, column 23" },
      ],
    },
    {
      name: "empty file",
      input: "",
      errors: [
        {
          path: "",
          message: ".github/release-train.yml is empty: it needs at least `repos`, `teams` and `orchestration`",
        },
      ],
    },
    {
      name: "file with only comments",
      input: "# nothing yet\n",
      errors: [
        {
          path: "",
          message: ".github/release-train.yml is empty: it needs at least `repos`, `teams` and `orchestration`",
        },
      ],
    },
    {
      name: "top level is a list",
      input: "- infra\n- api\n",
      errors: [
        { path: "", message: ".github/release-train.yml must be a mapping of settings at the top level, not a list" },
      ],
    },
    {
      name: "top level is a scalar",
      input: "release-train\n",
      errors: [
        {
          path: "",
          message: '.github/release-train.yml must be a mapping of settings at the top level, not "release-train"',
        },
      ],
    },
    {
      name: "missing required keys",
      input: "label: trains\n",
      errors: [
        { path: "repos", message: "required" },
        { path: "teams", message: "required" },
        { path: "orchestration", message: "required" },
      ],
    },
    {
      name: "missing team on a repo",
      input: withChanges((c) => {
        c.repos = [{ name: "infra" }];
      }),
      errors: [{ path: "repos[0].team", message: "required" }],
    },
    {
      name: "wrong types",
      input: withChanges((c) => {
        c.bakeMinutes = "thirty";
        c.canary = "yes";
        c.signoff = "ops";
        c.label = 7;
      }),
      errors: [
        { path: "label", message: "expected a string, got 7" },
        { path: "signoff", message: 'expected a list, got "ops"' },
        { path: "canary", message: 'expected true or false, got "yes"' },
        { path: "bakeMinutes", message: 'expected a whole number, got "thirty"' },
      ],
    },
    {
      name: "repos is a mapping, teams a list",
      input: withChanges((c) => {
        c.repos = { infra: { team: "ops" } };
        c.teams = ["ops"];
      }),
      errors: [
        { path: "repos", message: "expected a list, got a mapping" },
        { path: "teams", message: "expected a mapping, got a list" },
      ],
    },
    {
      name: "numbers out of range",
      input: withChanges((c) => {
        c.bakeMinutes = -5;
        c.canaryMinutes = 2.5;
        c.resyncMinutes = 0;
      }),
      errors: [
        { path: "bakeMinutes", message: "must be at least 0, got -5" },
        { path: "canaryMinutes", message: "expected a whole number, got 2.5" },
        { path: "resyncMinutes", message: "must be at least 1, got 0" },
      ],
    },
    {
      name: "empty repos and empty teams",
      input: withChanges((c) => {
        c.repos = [];
        c.teams = {};
      }),
      errors: [
        { path: "repos", message: "must not be empty" },
        { path: "teams", message: "define at least one team" },
      ],
    },
    {
      name: "unknown keys, with suggestions when close",
      input: withChanges((c) => {
        c.bakeMinute = 30;
        c.slack = "#releases";
        c.repos = [{ name: "infra", team: "ops", depends: ["api"] }];
        c.checks = { integraton: ["ci"] };
      }),
      errors: [
        { path: "repos[0].depends", message: 'unknown key "depends" (did you mean "dependsOn"?)' },
        { path: "checks.integraton", message: 'unknown key "integraton" (did you mean "integration"?)' },
        { path: "bakeMinute", message: 'unknown key "bakeMinute" (did you mean "bakeMinutes"?)' },
        { path: "slack", message: 'unknown key "slack"' },
      ],
    },
    {
      name: "mergeMethod outside the enum",
      input: withChanges((c) => {
        c.mergeMethod = "fast-forward";
      }),
      errors: [{ path: "mergeMethod", message: 'expected one of "merge", "squash", "rebase", got "fast-forward"' }],
    },
    {
      name: "dryRun neither boolean nor { owner }",
      input: withChanges((c) => {
        c.dryRun = "staging";
      }),
      errors: [
        {
          path: "dryRun",
          message: "expected true, false, or a mapping { owner } naming the account that holds the test repositories",
        },
      ],
    },
    {
      name: "dryRun owner of the wrong type",
      input: withChanges((c) => {
        c.dryRun = { owner: 3 };
      }),
      errors: [{ path: "dryRun.owner", message: "expected a string, got 3" }],
    },
    {
      name: "repository names outside GitHub's characters",
      input: withChanges((c) => {
        c.repos = [
          { name: "../secrets", team: "ops" },
          { name: "a/b/c", team: "ops" },
          { name: "my repo", team: "ops" },
          { name: "infra", team: "ops", dependsOn: ["api$(id)"] },
        ];
      }),
      errors: [
        {
          path: "repos[0].name",
          message:
            'invalid repository "../secrets": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
        },
        {
          path: "repos[1].name",
          message:
            'invalid repository "a/b/c": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
        },
        {
          path: "repos[2].name",
          message:
            'invalid repository "my repo": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
        },
        {
          path: "repos[3].dependsOn[0]",
          message:
            'invalid repository "api$(id)": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
        },
      ],
    },
    {
      name: "team slug, team key and lead login",
      input: withChanges((c) => {
        c.teams = {
          ops: { slug: "ops/../admins" },
          "bad key": { slug: "x" },
          rm: { leads: ["not a login"] },
          empty: {},
        };
      }),
      errors: [
        {
          path: "teams.ops.slug",
          message: 'invalid team slug "ops/../admins": use letters, digits, ".", "-" or "_", without ".."',
        },
        { path: 'teams["bad key"]', message: 'invalid team key "bad key": use letters, digits, ".", "-" or "_"' },
        {
          path: "teams.rm.leads[0]",
          message: 'invalid GitHub login "not a login": letters, digits and single hyphens, at most 39 characters',
        },
        { path: "teams.empty", message: "a team needs a GitHub team `slug`, `leads`, or both" },
      ],
    },
    {
      name: "versionFiles: bad regex, no capture group, two groups, missing pattern, path escaping the repo",
      input: withChanges((c) => {
        c.repos = [
          {
            name: "infra",
            team: "ops",
            versionFiles: [
              { path: "VERSION", pattern: "version: (\\d+" },
              { path: "VERSION", pattern: "version: \\d+" },
              { path: "VERSION", pattern: "(\\d+)\\.(\\d+)" },
              { path: "VERSION" },
              "../other/package.json",
              42,
            ],
          },
        ];
      }),
      errors: [
        {
          path: "repos[0].versionFiles[0].pattern",
          message: "invalid regular expression: /version: (\\d+/: Unterminated group",
        },
        {
          path: "repos[0].versionFiles[1].pattern",
          message: "the pattern must have exactly one capture group (the version), found 0",
        },
        {
          path: "repos[0].versionFiles[2].pattern",
          message: "the pattern must have exactly one capture group (the version), found 2",
        },
        { path: "repos[0].versionFiles[3].pattern", message: "required" },
        {
          path: "repos[0].versionFiles[4]",
          message:
            'invalid path "../other/package.json": use a path relative to the repository root, without "." or ".." segments',
        },
        {
          path: "repos[0].versionFiles[5]",
          message:
            "expected a path, or a mapping { path, pattern } where pattern is a regular expression with one capture group for the version",
        },
      ],
    },
    {
      name: "health check URLs must be http(s)",
      input: withChanges((c) => {
        c.healthChecks = { staging: ["file:///etc/passwd"] };
      }),
      errors: [{ path: "healthChecks.staging[0]", message: 'invalid URL "file:///etc/passwd": use an http(s) URL' }],
    },
    {
      name: "unknown repo in dependsOn",
      input: withChanges((c) => {
        c.repos = [
          { name: "blackroad-os-api", team: "ops" },
          { name: "blackroad-os-web", team: "ops", dependsOn: ["blackroad-os-api", "blackroad-os-apii"] },
          { name: "blackroad-os-docs", team: "ops", dependsOn: ["blackroad-os-pack-*"] },
        ];
      }),
      errors: [
        { path: "repos[1].dependsOn[1]", message: 'unknown repo "blackroad-os-apii"' },
        { path: "repos[2].dependsOn[0]", message: 'unknown repo "blackroad-os-pack-*"' },
      ],
    },
    {
      name: "unknown team in each place a team is named",
      input: withChanges((c) => {
        c.repos = [
          { name: "infra", team: "ops" },
          { name: "api", team: "backendd" },
        ];
        c.orchestration = "release";
        c.signoff = ["ops", "rm", "x"];
        c.compliance = { finance: { label: "compliance:finance", team: "finance", requires: "audit-trail" } };
        c.stages = { backend: ["core"] };
      }),
      errors: [
        { path: "repos[1].team", message: 'unknown team "backendd": define it under `teams`' },
        { path: "orchestration", message: 'unknown team "release": define it under `teams`' },
        { path: "signoff[2]", message: 'unknown team "x": define it under `teams`' },
        { path: "compliance.finance.team", message: 'unknown team "finance": define it under `teams`' },
        { path: "stages.backend[0]", message: 'unknown team "core": define it under `teams`' },
      ],
    },
    {
      name: "duplicate repos (names are case-insensitive) and duplicate sign-off teams",
      input: withChanges((c) => {
        c.repos = [
          { name: "infra", team: "ops" },
          { name: "api", team: "ops" },
          { name: "web", team: "ops" },
          { name: "docs", team: "ops" },
          { name: "API", team: "ops" },
        ];
        c.signoff = ["ops", "ops"];
      }),
      errors: [
        { path: "repos[4].name", message: 'duplicate repo "API" (also repos[1])' },
        { path: "signoff[1]", message: 'duplicate team "ops"' },
      ],
    },
    {
      name: "a repo depending on itself",
      input: withChanges((c) => {
        c.repos = [
          { name: "infra", team: "ops", dependsOn: ["infra"] },
          { name: "pack-*", team: "ops", dependsOn: ["pack-*"] },
        ];
      }),
      errors: [
        { path: "repos[0].dependsOn[0]", message: '"infra" depends on itself' },
        { path: "repos[1].dependsOn[0]", message: '"pack-*" depends on itself' },
      ],
    },
    {
      name: "a dependency cycle, reported at its first entry",
      input: withChanges((c) => {
        c.repos = [
          { name: "infra", team: "ops" },
          { name: "x", team: "ops", dependsOn: ["infra"] },
          { name: "a", team: "ops", dependsOn: ["b"] },
          { name: "c", team: "ops", dependsOn: ["a"] },
          { name: "b", team: "ops", dependsOn: ["c", "infra"] },
        ];
      }),
      errors: [{ path: "repos[2].dependsOn", message: "dependency cycle a → b → c → a" }],
    },
    {
      name: "two separate cycles, each reported",
      input: withChanges((c) => {
        c.repos = [
          { name: "a", team: "ops", dependsOn: ["b"] },
          { name: "b", team: "ops", dependsOn: ["a"] },
          { name: "c", team: "ops", dependsOn: ["d"] },
          { name: "d", team: "ops", dependsOn: ["c"] },
        ];
      }),
      errors: [
        { path: "repos[0].dependsOn", message: "dependency cycle a → b → a" },
        { path: "repos[2].dependsOn", message: "dependency cycle c → d → c" },
      ],
    },
    {
      name: "a cycle through a glob entry",
      input: withChanges((c) => {
        c.repos = [
          { name: "core", team: "ops", dependsOn: ["pack-*"] },
          { name: "pack-*", team: "ops", dependsOn: ["core"] },
        ];
      }),
      errors: [{ path: "repos[0].dependsOn", message: "dependency cycle core → pack-* → core" }],
    },
    {
      name: "a bare name matching two owner-qualified entries",
      input: withChanges((c) => {
        c.repos = [
          { name: "blackroad-os/web", team: "ops" },
          { name: "blackroad-labs/web", team: "ops" },
          { name: "docs", team: "ops", dependsOn: ["web"] },
        ];
      }),
      errors: [
        {
          path: "repos[2].dependsOn[0]",
          message: 'ambiguous repo "web": write it as "blackroad-os/web" or "blackroad-labs/web"',
        },
      ],
    },
  ];

  it.each(cases)("$name", ({ input, errors }) => {
    expect(errorsOf(input)).toEqual(errors);
  });

  it("reports every cross-field problem at once", () => {
    const errors = errorsOf(
      withChanges((c) => {
        c.repos = [
          { name: "infra", team: "opz", dependsOn: ["infra"] },
          { name: "api", team: "ops", dependsOn: ["gateway"] },
          { name: "api", team: "ops" },
        ];
        c.orchestration = "managers";
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      "repos[0].team",
      "repos[0].dependsOn[0]",
      "repos[1].dependsOn[0]",
      "repos[2].name",
      "orchestration",
    ]);
  });

  it("accepts a dependsOn written with the owner when the entry is written without (and the reverse)", () => {
    const result = validateConfig(
      withChanges((c) => {
        c.repos = [
          { name: "infra", team: "ops" },
          { name: "blackroad-os/api", team: "ops", dependsOn: ["blackroad-os/infra"] },
          { name: "web", team: "ops", dependsOn: ["api"] },
        ];
      }),
    );
    expect(result.ok).toBe(true);
  });

  it("validates data that is already parsed, and refuses non-mappings", () => {
    expect(validateConfig(null)).toEqual({
      ok: false,
      errors: [{ path: "", message: "expected a mapping of settings at the top level, got null" }],
    });
    expect(validateConfig(["x"])).toEqual({
      ok: false,
      errors: [{ path: "", message: "expected a mapping of settings at the top level, got a list" }],
    });
  });

  it("names the source in file-level messages", () => {
    expect(parseConfig("", "blackroad-os/.github:.github/release-train.yml")).toEqual({
      ok: false,
      errors: [
        {
          path: "",
          message:
            "blackroad-os/.github:.github/release-train.yml is empty: it needs at least `repos`, `teams` and `orchestration`",
        },
      ],
    });
  });

  it("never throws, whatever the input", () => {
    for (const text of ["\0", "{", "[[[[", "a: *b", "? - x\n: y", "x: 1e400", "__proto__: { polluted: true }", "~"]) {
      expect(() => parseConfig(text)).not.toThrow();
      expect(parseConfig(text).ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseYamlDocument", () => {
  it("reads JSON-compatible values only (dates stay strings)", () => {
    expect(parseYamlDocument("since: 2024-01-01\ncount: 3\n")).toEqual({
      ok: true,
      data: { since: "2024-01-01", count: 3 },
    });
  });
});

describe("formatConfigErrors", () => {
  it("renders a markdown list, one error a line", () => {
    const text = formatConfigErrors(
      [
        { path: "repos[3].dependsOn[0]", message: 'unknown repo "blackroad-os-apii"' },
        { path: "repos[1].team", message: 'unknown team "backendd"' },
        { path: "", message: "YAML syntax error: duplicated mapping key at line 2, column 1" },
      ],
      ".github/release-train.yml",
    );
    expect(text).toBe(
      [
        "Invalid `.github/release-train.yml` (3 problems):",
        "",
        '- `repos[3].dependsOn[0]`: unknown repo "blackroad-os-apii"',
        '- `repos[1].team`: unknown team "backendd"',
        "- YAML syntax error: duplicated mapping key at line 2, column 1",
      ].join("\n"),
    );
  });

  it("keeps each error on one line, code spans intact and @-mentions inert", () => {
    const text = formatConfigErrors([{ path: 'teams["a`b"]', message: 'unknown team "@security"\nsecond line' }]);
    expect(text).toBe(
      [
        "Invalid `.github/release-train.yml` (1 problem):",
        "",
        '- `` teams["a`b"] ``: unknown team "@\u200bsecurity" second line',
      ].join("\n"),
    );
  });
});

describe("mergeExtends", () => {
  const base = {
    _extends: "blackroad-os/.github:base.yml",
    label: "release-train",
    teams: { backend: { slug: "backend", leads: ["alice"] }, frontend: { slug: "frontend" } },
    signoff: ["backend", "frontend"],
    checks: { integration: ["ci"], security: ["scan"] },
    bakeMinutes: 30,
  };
  const override = {
    _extends: ".github",
    teams: { backend: { leads: ["bob"] }, docs: { slug: "brand-docs" } },
    signoff: ["backend"],
    checks: { smoke: ["smoke"] },
    bakeMinutes: 60,
    canary: false,
  };

  it("deep-merges mappings, lets the extending file win, and replaces lists", () => {
    expect(mergeExtends(base, override)).toEqual({
      _extends: "blackroad-os/.github:base.yml",
      label: "release-train",
      teams: {
        backend: { slug: "backend", leads: ["bob"] },
        frontend: { slug: "frontend" },
        docs: { slug: "brand-docs" },
      },
      signoff: ["backend"],
      checks: { integration: ["ci"], security: ["scan"], smoke: ["smoke"] },
      bakeMinutes: 60,
      canary: false,
    });
  });

  it("drops the extending file's _extends and keeps the base's, so a chain can be followed", () => {
    const merged = mergeExtends({ label: "x" }, { _extends: ".github", label: "y" });
    expect(merged).toEqual({ label: "y" });
  });

  it("does not modify its inputs", () => {
    const before = JSON.stringify([base, override]);
    mergeExtends(base, override);
    expect(JSON.stringify([base, override])).toBe(before);
  });

  it("replaces values of different kinds and ignores an absent override", () => {
    expect(mergeExtends({ dryRun: { owner: "x" } }, { dryRun: true })).toEqual({ dryRun: true });
    expect(mergeExtends({ a: 1 }, undefined)).toEqual({ a: 1 });
    expect(mergeExtends({ a: 1 }, "text")).toBe("text");
    expect(mergeExtends({ a: [1, 2] }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it("treats __proto__ as a plain key", () => {
    const override = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const merged = mergeExtends({}, override) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("gives the same result as Probot's deepmerge with probotMergeOptions", async () => {
    const { default: deepmerge } = await import("deepmerge");
    const { _extends: _ignored, ...overrideWithoutExtends } = override;
    expect(deepmerge(base, overrideWithoutExtends, probotMergeOptions)).toEqual(mergeExtends(base, override));
  });

  it("produces a file that validates when the pieces do", () => {
    const org = yaml.load(fixture) as Record<string, unknown>;
    const repo = { _extends: ".github", bakeMinutes: 45, signoff: ["backend"] };
    const result = validateConfig(mergeExtends(org, repo));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.bakeMinutes).toBe(45);
    expect(result.config.signoff).toEqual(["backend"]);
    expect(result.config.repos).toHaveLength(10);
  });
});

describe("helpers", () => {
  it("formatPath uses brackets for indices and dots for keys", () => {
    expect(formatPath(["repos", 3, "dependsOn", 0])).toBe("repos[3].dependsOn[0]");
    expect(formatPath(["compliance", "finance", "team"])).toBe("compliance.finance.team");
    expect(formatPath(["teams", "core.platform"])).toBe('teams["core.platform"]');
    expect(formatPath([])).toBe("");
  });

  it("parseRepoRef splits owner, name and globs", () => {
    expect(parseRepoRef("blackroad-os-infra")).toEqual({ owner: undefined, name: "blackroad-os-infra", glob: false });
    expect(parseRepoRef("blackroad-os/blackroad-os-pack-*")).toEqual({
      owner: "blackroad-os",
      name: "blackroad-os-pack-*",
      glob: true,
    });
    for (const bad of ["", "/", "a/", "/a", "a/b/c", "..", "a..b", "own*er/x", "a b", "a;b", "."]) {
      expect(parseRepoRef(bad), bad).toBeUndefined();
    }
  });

  it("captureGroupCount counts capturing groups only", () => {
    expect(captureGroupCount("(a)(?:b)(?<v>c)")).toBe(2);
    expect(captureGroupCount("a")).toBe(0);
    expect(captureGroupCount("(")).toBe("/(/: Unterminated group");
  });
});
