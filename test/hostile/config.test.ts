// Hostile and broken configuration: every rule of the schema with its exact path and
// message (one table), YAML syntax errors with line and column, oversized and pathological
// files, and a 1,000-repository constellation (planned within a measured bound, rendered
// within GitHub's body limit).
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { generatedConfig } from "../../src/demo/constellation.js";
import { formatConfigErrors, parseConfig, type ConfigError } from "../../src/config/parse.js";
import { decide } from "../../src/train/decide.js";
import type { Observation } from "../../src/train/model/observation.js";
import type { RepoObservation } from "../../src/train/model/repo-observation.js";
import { planRelease } from "../../src/train/plan.js";
import { BODY_LIMIT } from "../../src/train/render.js";
import { V2, observation, repoObservation } from "../helpers/core.js";
import { cpuTimer } from "../helpers/cpu.js";

type Config = Record<string, any>;

/** The smallest valid file, as data: two repositories, two teams. */
const minimal = (): Config => ({
  repos: [
    { name: "infra", team: "ops" },
    { name: "api", team: "ops", dependsOn: ["infra"] },
  ],
  teams: { ops: { slug: "ops" }, rm: { slug: "release-managers" } },
  orchestration: "rm",
});

/** [case, change to the minimal file, every error reported]: one row per rule of the schema and the cross-field checks. */
const RULES: Array<[string, (c: Config) => void, ConfigError[]]> = [
  [
    "unknown top-level key (typo)",
    (c) => {
      c.labl = "x";
    },
    [{ path: "labl", message: 'unknown key "labl" (did you mean "label"?)' }],
  ],
  [
    "unknown top-level key (no suggestion)",
    (c) => {
      c.colour = "red";
    },
    [{ path: "colour", message: 'unknown key "colour"' }],
  ],
  [
    "_extends not a string",
    (c) => {
      c._extends = 5;
    },
    [{ path: "_extends", message: "expected a string, got 5" }],
  ],
  [
    "label empty",
    (c) => {
      c.label = "";
    },
    [{ path: "label", message: "must not be empty" }],
  ],
  [
    "label only spaces",
    (c) => {
      c.label = "   ";
    },
    [{ path: "label", message: "must not be empty" }],
  ],
  [
    "label too long",
    (c) => {
      c.label = "x".repeat(51);
    },
    [{ path: "label", message: "must be at most 50 characters" }],
  ],
  [
    "label a number",
    (c) => {
      c.label = 7;
    },
    [{ path: "label", message: "expected a string, got 7" }],
  ],
  [
    "repos empty",
    (c) => {
      c.repos = [];
    },
    [{ path: "repos", message: "must not be empty" }],
  ],
  [
    "repos a string",
    (c) => {
      c.repos = "infra";
    },
    [{ path: "repos", message: 'expected a list, got "infra"' }],
  ],
  [
    "repo entry a string",
    (c) => {
      c.repos[0] = "infra";
    },
    [{ path: "repos[0]", message: 'expected a mapping, got "infra"' }],
  ],
  [
    "repo entry unknown key",
    (c) => {
      c.repos[1].depends = ["infra"];
    },
    [{ path: "repos[1].depends", message: 'unknown key "depends" (did you mean "dependsOn"?)' }],
  ],
  [
    "repo name missing",
    (c) => {
      delete c.repos[0].name;
    },
    [{ path: "repos[0].name", message: "required" }],
  ],
  [
    "repo name with three parts",
    (c) => {
      c.repos[0].name = "a/b/c";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "a/b/c": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo name with ..",
    (c) => {
      c.repos[0].name = "../etc";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "../etc": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo name with a space",
    (c) => {
      c.repos[0].name = "my repo";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "my repo": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo name empty",
    (c) => {
      c.repos[0].name = "";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo glob with brackets",
    (c) => {
      c.repos[0].name = "svc-[a-z]*";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "svc-[a-z]*": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo glob with braces",
    (c) => {
      c.repos[0].name = "svc-{a,b}";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "svc-{a,b}": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo name with shell",
    (c) => {
      c.repos[0].name = "infra;rm";
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "infra;rm": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "repo name too long",
    (c) => {
      c.repos[0].name = "r".repeat(101);
    },
    [
      {
        path: "repos[0].name",
        message:
          'invalid repository "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr...": a name has at most 100 characters',
      },
    ],
  ],
  [
    "repo team bad key",
    (c) => {
      c.repos[0].team = "-ops";
    },
    [{ path: "repos[0].team", message: 'invalid team key "-ops": use letters, digits, ".", "-" or "_"' }],
  ],
  [
    "repo team not a string",
    (c) => {
      c.repos[0].team = ["ops"];
    },
    [{ path: "repos[0].team", message: "expected a string, got a list" }],
  ],
  [
    "dependsOn not a list",
    (c) => {
      c.repos[1].dependsOn = "infra";
    },
    [{ path: "repos[1].dependsOn", message: 'expected a list, got "infra"' }],
  ],
  [
    "dependsOn bad entry",
    (c) => {
      c.repos[1].dependsOn = ["in fra"];
    },
    [
      {
        path: "repos[1].dependsOn[0]",
        message:
          'invalid repository "in fra": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "versionFiles not a list",
    (c) => {
      c.repos[0].versionFiles = "package.json";
    },
    [{ path: "repos[0].versionFiles", message: 'expected a list, got "package.json"' }],
  ],
  [
    "versionFiles absolute path",
    (c) => {
      c.repos[0].versionFiles = ["/etc/passwd"];
    },
    [
      {
        path: "repos[0].versionFiles[0]",
        message: 'invalid path "/etc/passwd": use a path relative to the repository root, without "." or ".." segments',
      },
    ],
  ],
  [
    "versionFiles parent path",
    (c) => {
      c.repos[0].versionFiles = ["../x/package.json"];
    },
    [
      {
        path: "repos[0].versionFiles[0]",
        message:
          'invalid path "../x/package.json": use a path relative to the repository root, without "." or ".." segments',
      },
    ],
  ],
  [
    "versionFiles backslash",
    (c) => {
      c.repos[0].versionFiles = ["a\\b"];
    },
    [
      {
        path: "repos[0].versionFiles[0]",
        message: 'invalid path "a\\\\b": use a path relative to the repository root, without "." or ".." segments',
      },
    ],
  ],
  [
    "versionFiles empty string",
    (c) => {
      c.repos[0].versionFiles = [""];
    },
    [{ path: "repos[0].versionFiles[0]", message: "must not be empty" }],
  ],
  [
    "versionFiles bad regex",
    (c) => {
      c.repos[0].versionFiles = [{ path: "VERSION", pattern: "(" }];
    },
    [{ path: "repos[0].versionFiles[0].pattern", message: "invalid regular expression: /(/: Unterminated group" }],
  ],
  [
    "versionFiles no group",
    (c) => {
      c.repos[0].versionFiles = [{ path: "VERSION", pattern: "v\\d+" }];
    },
    [
      {
        path: "repos[0].versionFiles[0].pattern",
        message: "the pattern must have exactly one capture group (the version), found 0",
      },
    ],
  ],
  [
    "versionFiles two groups",
    (c) => {
      c.repos[0].versionFiles = [{ path: "VERSION", pattern: "(a)(b)" }];
    },
    [
      {
        path: "repos[0].versionFiles[0].pattern",
        message: "the pattern must have exactly one capture group (the version), found 2",
      },
    ],
  ],
  [
    "versionFiles pattern missing",
    (c) => {
      c.repos[0].versionFiles = [{ path: "VERSION" }];
    },
    [{ path: "repos[0].versionFiles[0].pattern", message: "required" }],
  ],
  [
    "versionFiles unknown key",
    (c) => {
      c.repos[0].versionFiles = [{ path: "VERSION", pattern: "(x)", regex: 1 }];
    },
    [{ path: "repos[0].versionFiles[0].regex", message: 'unknown key "regex"' }],
  ],
  [
    "versionFiles a number",
    (c) => {
      c.repos[0].versionFiles = [5];
    },
    [
      {
        path: "repos[0].versionFiles[0]",
        message:
          "expected a path, or a mapping { path, pattern } where pattern is a regular expression with one capture group for the version",
      },
    ],
  ],
  [
    "deploy not a boolean",
    (c) => {
      c.repos[0].deploy = "no";
    },
    [{ path: "repos[0].deploy", message: 'expected true or false, got "no"' }],
  ],
  [
    "teams empty",
    (c) => {
      c.teams = {};
    },
    [{ path: "teams", message: "define at least one team" }],
  ],
  [
    "teams a list",
    (c) => {
      c.teams = ["ops"];
    },
    [{ path: "teams", message: "expected a mapping, got a list" }],
  ],
  [
    "team key invalid",
    (c) => {
      c.teams["bad key"] = { slug: "x" };
    },
    [{ path: 'teams["bad key"]', message: 'invalid team key "bad key": use letters, digits, ".", "-" or "_"' }],
  ],
  [
    "team without slug or leads",
    (c) => {
      c.teams.ops = {};
    },
    [{ path: "teams.ops", message: "a team needs a GitHub team `slug`, `leads`, or both" }],
  ],
  [
    "team unknown key",
    (c) => {
      c.teams.ops = { slug: "ops", members: ["a"] };
    },
    [{ path: "teams.ops.members", message: 'unknown key "members"' }],
  ],
  [
    "team slug with slash",
    (c) => {
      c.teams.ops = { slug: "org/ops" };
    },
    [
      {
        path: "teams.ops.slug",
        message: 'invalid team slug "org/ops": use letters, digits, ".", "-" or "_", without ".."',
      },
    ],
  ],
  [
    "team leads empty",
    (c) => {
      c.teams.ops = { leads: [] };
    },
    [{ path: "teams.ops.leads", message: "must not be empty" }],
  ],
  [
    "team lead invalid login",
    (c) => {
      c.teams.ops = { leads: ["-bad-"] };
    },
    [
      {
        path: "teams.ops.leads[0]",
        message: 'invalid GitHub login "-bad-": letters, digits and single hyphens, at most 39 characters',
      },
    ],
  ],
  [
    "team lead with a space",
    (c) => {
      c.teams.ops = { leads: ["a b"] };
    },
    [
      {
        path: "teams.ops.leads[0]",
        message: 'invalid GitHub login "a b": letters, digits and single hyphens, at most 39 characters',
      },
    ],
  ],
  [
    "team lead too long",
    (c) => {
      c.teams.ops = { leads: ["a".repeat(40)] };
    },
    [
      {
        path: "teams.ops.leads[0]",
        message:
          'invalid GitHub login "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": letters, digits and single hyphens, at most 39 characters',
      },
    ],
  ],
  [
    "orchestration missing",
    (c) => {
      delete c.orchestration;
    },
    [{ path: "orchestration", message: "required" }],
  ],
  [
    "orchestration bad key",
    (c) => {
      c.orchestration = "release managers";
    },
    [{ path: "orchestration", message: 'invalid team key "release managers": use letters, digits, ".", "-" or "_"' }],
  ],
  [
    "signoff a string",
    (c) => {
      c.signoff = "ops";
    },
    [{ path: "signoff", message: 'expected a list, got "ops"' }],
  ],
  [
    "signoff bad key",
    (c) => {
      c.signoff = ["o ps"];
    },
    [{ path: "signoff[0]", message: 'invalid team key "o ps": use letters, digits, ".", "-" or "_"' }],
  ],
  [
    "checks unknown key",
    (c) => {
      c.checks = { lint: ["eslint"] };
    },
    [{ path: "checks.lint", message: 'unknown key "lint"' }],
  ],
  [
    "checks empty name",
    (c) => {
      c.checks = { integration: [""] };
    },
    [{ path: "checks.integration[0]", message: "must not be empty" }],
  ],
  [
    "checks not a list",
    (c) => {
      c.checks = { security: "codeql" };
    },
    [{ path: "checks.security", message: 'expected a list, got "codeql"' }],
  ],
  [
    "environments unknown key",
    (c) => {
      c.environments = { qa: "qa" };
    },
    [{ path: "environments.qa", message: 'unknown key "qa"' }],
  ],
  [
    "environments empty",
    (c) => {
      c.environments = { staging: "" };
    },
    [{ path: "environments.staging", message: "must not be empty" }],
  ],
  [
    "environments too long",
    (c) => {
      c.environments = { production: "p".repeat(256) };
    },
    [{ path: "environments.production", message: "must be at most 255 characters" }],
  ],
  [
    "canary not a boolean",
    (c) => {
      c.canary = "yes";
    },
    [{ path: "canary", message: 'expected true or false, got "yes"' }],
  ],
  [
    "bakeMinutes negative",
    (c) => {
      c.bakeMinutes = -1;
    },
    [{ path: "bakeMinutes", message: "must be at least 0, got -1" }],
  ],
  [
    "bakeMinutes fractional",
    (c) => {
      c.bakeMinutes = 1.5;
    },
    [{ path: "bakeMinutes", message: "expected a whole number, got 1.5" }],
  ],
  [
    "bakeMinutes a string",
    (c) => {
      c.bakeMinutes = "30";
    },
    [{ path: "bakeMinutes", message: 'expected a whole number, got "30"' }],
  ],
  [
    "canaryMinutes negative",
    (c) => {
      c.canaryMinutes = -10;
    },
    [{ path: "canaryMinutes", message: "must be at least 0, got -10" }],
  ],
  [
    "resyncMinutes zero",
    (c) => {
      c.resyncMinutes = 0;
    },
    [{ path: "resyncMinutes", message: "must be at least 1, got 0" }],
  ],
  [
    "compliance bad key",
    (c) => {
      c.compliance = { "fin ance": { label: "x", team: "ops", requires: "y" } };
    },
    [
      {
        path: 'compliance["fin ance"]',
        message: 'invalid compliance key "fin ance": use letters, digits, ".", "-" or "_"',
      },
    ],
  ],
  [
    "compliance missing fields",
    (c) => {
      c.compliance = { finance: {} };
    },
    [
      { path: "compliance.finance.label", message: "required" },
      { path: "compliance.finance.team", message: "required" },
      { path: "compliance.finance.requires", message: "required" },
    ],
  ],
  [
    "compliance label too long",
    (c) => {
      c.compliance = { finance: { label: "l".repeat(51), team: "ops", requires: "audit" } };
    },
    [{ path: "compliance.finance.label", message: "must be at most 50 characters" }],
  ],
  [
    "compliance unknown key",
    (c) => {
      c.compliance = { finance: { label: "x", team: "ops", requires: "y", owner: "z" } };
    },
    [{ path: "compliance.finance.owner", message: 'unknown key "owner"' }],
  ],
  [
    "autoOpen not a boolean",
    (c) => {
      c.autoOpen = 1;
    },
    [{ path: "autoOpen", message: "expected true or false, got 1" }],
  ],
  [
    "dryRun a string",
    (c) => {
      c.dryRun = "yes";
    },
    [
      {
        path: "dryRun",
        message: "expected true, false, or a mapping { owner } naming the account that holds the test repositories",
      },
    ],
  ],
  [
    "dryRun bad owner",
    (c) => {
      c.dryRun = { owner: "a/b" };
    },
    [
      {
        path: "dryRun.owner",
        message: 'invalid owner "a/b": write the account name alone, using letters, digits, ".", "-" or "_"',
      },
    ],
  ],
  [
    "dryRun unknown key",
    (c) => {
      c.dryRun = { owner: "test-org", repo: "x" };
    },
    [{ path: "dryRun.repo", message: 'unknown key "repo"' }],
  ],
  [
    "healthChecks not http",
    (c) => {
      c.healthChecks = { staging: ["ftp://example.com/health"] };
    },
    [{ path: "healthChecks.staging[0]", message: 'invalid URL "ftp://example.com/health": use an http(s) URL' }],
  ],
  [
    "healthChecks not a URL",
    (c) => {
      c.healthChecks = { production: ["not a url"] };
    },
    [{ path: "healthChecks.production[0]", message: 'invalid URL "not a url": use an http(s) URL' }],
  ],
  [
    "healthChecks javascript URL",
    (c) => {
      c.healthChecks = { production: ["javascript:alert(1)"] };
    },
    [{ path: "healthChecks.production[0]", message: 'invalid URL "javascript:alert(1)": use an http(s) URL' }],
  ],
  [
    "healthChecks unknown key",
    (c) => {
      c.healthChecks = { canary: [] };
    },
    [{ path: "healthChecks.canary", message: 'unknown key "canary"' }],
  ],
  [
    "maintenance repo invalid",
    (c) => {
      c.maintenance = { repo: "../x" };
    },
    [
      {
        path: "maintenance.repo",
        message:
          'invalid repository "../x": write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."',
      },
    ],
  ],
  [
    "maintenance missing repo",
    (c) => {
      c.maintenance = { environment: "m" };
    },
    [{ path: "maintenance.repo", message: "required" }],
  ],
  [
    "autoRollback not a boolean",
    (c) => {
      c.autoRollback = "off";
    },
    [{ path: "autoRollback", message: 'expected true or false, got "off"' }],
  ],
  [
    "draftReleases not a boolean",
    (c) => {
      c.draftReleases = null;
    },
    [{ path: "draftReleases", message: "expected true or false, got null" }],
  ],
  [
    "mergeMethod bad enum",
    (c) => {
      c.mergeMethod = "fast-forward";
    },
    [{ path: "mergeMethod", message: 'expected one of "merge", "squash", "rebase", got "fast-forward"' }],
  ],
  [
    "announce missing category",
    (c) => {
      c.announce = {};
    },
    [{ path: "announce.discussionCategory", message: "required" }],
  ],
  [
    "stages unknown stage",
    (c) => {
      c.stages = { database: ["ops"] };
    },
    [{ path: "stages.database", message: 'unknown key "database"' }],
  ],
  [
    "stages bad team key",
    (c) => {
      c.stages = { backend: ["o ps"] };
    },
    [{ path: "stages.backend[0]", message: 'invalid team key "o ps": use letters, digits, ".", "-" or "_"' }],
  ],
  [
    "unknown team on a repo",
    (c) => {
      c.repos[0].team = "infra";
    },
    [{ path: "repos[0].team", message: 'unknown team "infra": define it under `teams`' }],
  ],
  [
    "unknown orchestration team",
    (c) => {
      c.orchestration = "release";
    },
    [{ path: "orchestration", message: 'unknown team "release": define it under `teams`' }],
  ],
  [
    "unknown signoff team",
    (c) => {
      c.signoff = ["ops", "qa"];
    },
    [{ path: "signoff[1]", message: 'unknown team "qa": define it under `teams`' }],
  ],
  [
    "duplicate signoff team",
    (c) => {
      c.signoff = ["ops", "ops"];
    },
    [{ path: "signoff[1]", message: 'duplicate team "ops"' }],
  ],
  [
    "unknown compliance team",
    (c) => {
      c.compliance = { legal: { label: "compliance:legal", team: "legal", requires: "legal-signoff" } };
    },
    [{ path: "compliance.legal.team", message: 'unknown team "legal": define it under `teams`' }],
  ],
  [
    "unknown stage team",
    (c) => {
      c.stages = { frontend: ["web"] };
    },
    [{ path: "stages.frontend[0]", message: 'unknown team "web": define it under `teams`' }],
  ],
  [
    "duplicate repo",
    (c) => {
      c.repos.push({ name: "Infra", team: "ops" });
    },
    [{ path: "repos[2].name", message: 'duplicate repo "Infra" (also repos[0])' }],
  ],
  [
    "unknown dependsOn repo",
    (c) => {
      c.repos[1].dependsOn = ["gateway"];
    },
    [{ path: "repos[1].dependsOn[0]", message: 'unknown repo "gateway"' }],
  ],
  [
    "depends on itself",
    (c) => {
      c.repos[0].dependsOn = ["infra"];
    },
    [{ path: "repos[0].dependsOn[0]", message: '"infra" depends on itself' }],
  ],
  [
    "two-repo cycle",
    (c) => {
      c.repos[0].dependsOn = ["api"];
    },
    [{ path: "repos[0].dependsOn", message: "dependency cycle infra → api → infra" }],
  ],
  [
    "three-repo cycle",
    (c) => {
      c.repos.push({ name: "web", team: "ops", dependsOn: ["api"] });
      c.repos[0].dependsOn = ["web"];
    },
    [{ path: "repos[0].dependsOn", message: "dependency cycle infra → web → api → infra" }],
  ],
];

describe("every rule of the configuration schema", () => {
  it("the minimal file is valid", () => {
    expect(parseConfig(yaml.dump(minimal())).ok).toBe(true);
  });

  it.each(RULES)("%s", (_case, change, errors) => {
    const config = minimal();
    change(config);
    const result = parseConfig(yaml.dump(config));
    expect(result).toEqual({ ok: false, errors });
  });
});

describe("YAML that does not parse: the message names line and column", () => {
  it.each([
    [
      "a tab used for indentation",
      "repos:\n\t- name: infra\n",
      "YAML syntax error: tab characters must not be used in indentation at line 2, column 1",
    ],
    [
      "an unclosed quote",
      'label: "release-train\nrepos: []\n',
      "YAML syntax error: unexpected end of the stream within a double quoted scalar at line 3, column 1",
    ],
    [
      "a key without a value separator",
      "repos:\n  - name infra\n    team: ops\n",
      "YAML syntax error: bad indentation of a sequence entry at line 3, column 9",
    ],
    [
      "an unknown tag",
      "label: !!python/object:os.system rm\n",
      "YAML syntax error: unknown tag !<tag:yaml.org,2002:python/object:os.system> at line 1, column 36",
    ],
    ["an undefined alias", "repos: *nothing\n", 'YAML syntax error: unidentified alias "nothing" at line 1, column 16'],
  ])("%s", (_case, text, message) => {
    expect(parseConfig(text)).toEqual({ ok: false, errors: [{ path: "", message }] });
  });

  it("a file over 512 KiB is refused before parsing", () => {
    const text = `label: release-train\n# ${"x".repeat(600 * 1024)}\n`;
    expect(parseConfig(text)).toEqual({
      ok: false,
      errors: [{ path: "", message: ".github/release-train.yml is larger than 512 KiB" }],
    });
  });

  it("nested aliases (a 'billion laughs') are refused quickly without expanding", () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i += 1)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(",")}]`,
      );
    lines.push("repos: *a9", "teams: { ops: { slug: ops } }", "orchestration: ops");
    const cpu = cpuTimer();
    const result = parseConfig(lines.join("\n"));
    expect(cpu.ms()).toBeLessThan(1_000);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors[0]).toEqual({ path: "repos[0]", message: "expected a mapping, got a list" });
  });

  it("thousands of errors: the tracking-issue message lists the first 50, clipped lines, and stays small", () => {
    const config = minimal();
    config.repos = Array.from({ length: 1000 }, (_, i) => ({
      name: `bad name ${i}`,
      team: "ops",
      [`k${"x".repeat(300)}${i}`]: 1,
    }));
    const result = parseConfig(yaml.dump(config));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.length).toBe(2000);
    const text = formatConfigErrors(errors);
    expect(text.split("\n")[0]).toBe("Invalid `.github/release-train.yml` (2000 problems):");
    expect(text.split("\n").at(-1)).toBe("- … and 1950 more");
    expect(text.split("\n").every((line) => line.length <= 500)).toBe(true);
    expect(text).toContain("…\n");
    expect(text.length).toBeLessThan(30_000);
  });
});

describe("a constellation of 1,000 repositories", () => {
  const { repos: names, config: text } = generatedConfig(1000);
  const installationRepos = names.map((n) => `blackroad-os/${n}`);

  it("parses and plans within a measured bound", () => {
    const parsing = cpuTimer();
    const parsed = parseConfig(text);
    const parseMs = parsing.ms();
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const planning = cpuTimer();
    const planned = planRelease(parsed.config, { owner: "blackroad-os", installationRepos });
    const planMs = planning.ms();
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.plan.repos).toHaveLength(1000);
    expect(planned.plan.levels.length).toBeGreaterThan(3);
    // Measured: a few tens of milliseconds of CPU each.
    expect(parseMs).toBeLessThan(2_000);
    expect(planMs).toBeLessThan(2_000);
  });

  it("a glob over 1,000 repositories with dependencies between them plans too", () => {
    const parsed = parseConfig(
      [
        "repos:",
        "  - name: svc-000",
        "    team: ops",
        "  - name: svc-*",
        "    team: ops",
        "    dependsOn: [svc-000]",
        "teams: { ops: { slug: ops } }",
        "orchestration: ops",
      ].join("\n"),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const cpu = cpuTimer();
    const planned = planRelease(parsed.config, { owner: "blackroad-os", installationRepos });
    expect(cpu.ms()).toBeLessThan(2_000);
    expect(planned.ok && planned.plan.levels.map((l) => l.length)).toEqual([1, 999]);
  });

  it("renders under GitHub's 65,536-character limit and says why the graph is left out", () => {
    const parsed = parseConfig(text);
    if (!parsed.ok) throw new Error("invalid");
    const planned = planRelease(parsed.config, { owner: "blackroad-os", installationRepos });
    if (!planned.ok) throw new Error("unplanned");
    const repos: Record<string, RepoObservation> = {};
    for (const name of names) repos[`blackroad-os/${name}`] = repoObservation(name);
    const obs: Observation = { ...observation(), repos };
    const cpu = cpuTimer();
    const { body } = decide({
      config: parsed.config,
      plan: planned.plan,
      version: V2,
      observation: obs,
      now: new Date("2026-11-27T10:00:00Z"),
    });
    expect(cpu.ms()).toBeLessThan(10_000);
    expect(body.length).toBeLessThan(65_536);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).toContain("_The graph is left out: 1000 repositories make it too large for one issue body._");
  });
});
