/**
 * The contract of `.github/release-train.yml` (see DESIGN.md, "Configuration contract").
 *
 * This module only describes shapes and per-field rules. Rules that look across fields
 * (unknown teams, unknown repos in `dependsOn`, duplicates, cycles) live in `cross-field.ts`;
 * `parse.ts` is the entry point for validating a file.
 */
import { z } from "zod";
import { isPlainName, parseRepoRef } from "./repo-ref.js";

export { type RepoRef, isGlob, parseRepoRef } from "./repo-ref.js";

/** GitHub logins: letters, digits and single hyphens, not at either end (`_` for managed users). */
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9_])){0,38}$/;
/** Keys of `teams` and `compliance`: they appear in slash commands (`/signoff backend`). */
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The playbook's production stages and the teams whose repositories they deploy. */
export const STAGES = ["backend", "frontend", "packs"] as const;
export type Stage = (typeof STAGES)[number];
export const DEFAULT_STAGES: Readonly<Record<Stage, readonly string[]>> = {
  backend: ["backend", "core-platform"],
  frontend: ["frontend"],
  packs: ["packs"],
};

/** Number of capturing groups in a regular expression source, or an error message. */
export function captureGroupCount(pattern: string): number | string {
  try {
    new RegExp(pattern);
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: /, "");
  }
  // An alternative that matches the empty string makes exec() report every group.
  const match = new RegExp(`(?:${pattern})|`).exec("");
  return (match?.length ?? 1) - 1;
}

/** User text quoted in a message, clipped so a huge value cannot flood the tracking issue. */
const shown = (input: unknown): string => {
  const text = String(input);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
};

const repoRef = z.string().refine((s) => parseRepoRef(s) !== undefined, {
  error: (iss) =>
    String(iss.input)
      .split("/")
      .some((part) => part.length > 100)
      ? `invalid repository ${shown(iss.input)}: a name has at most 100 characters`
      : `invalid repository ${shown(iss.input)}: write "name" or "owner/name" using letters, digits, ".", "-", "_" (and "*" or "?" for a glob), without ".."`,
});

const teamKey = z.string().regex(KEY_RE, {
  error: (iss) => `invalid team key ${JSON.stringify(iss.input)}: use letters, digits, ".", "-" or "_"`,
});

const teamKeys = z.array(teamKey);

const nonEmpty = z.string().trim().min(1);

const relativePath = z
  .string()
  .min(1, { abort: true })
  .refine(
    (p) =>
      !p.startsWith("/") &&
      !p.includes("\\") &&
      !p.includes("\0") &&
      p.split("/").every((segment) => segment !== ".." && segment !== "." && segment !== ""),
    {
      error: (iss) =>
        `invalid path ${JSON.stringify(iss.input)}: use a path relative to the repository root, without "." or ".." segments`,
    },
  );

const versionPattern = z.string().superRefine((pattern, ctx) => {
  const groups = captureGroupCount(pattern);
  if (typeof groups === "string") {
    ctx.addIssue({ code: "custom", message: `invalid regular expression: ${groups}` });
  } else if (groups !== 1) {
    ctx.addIssue({
      code: "custom",
      message: `the pattern must have exactly one capture group (the version), found ${groups}`,
    });
  }
});

export const versionFileSchema = z
  .union([relativePath, z.strictObject({ path: relativePath, pattern: versionPattern })], {
    error:
      "expected a path, or a mapping { path, pattern } where pattern is a regular expression with one capture group for the version",
  })
  .transform((entry): VersionFile => (typeof entry === "string" ? { path: entry } : entry));

/** A file whose version is bumped. Without `pattern`, the file's `version` field (JSON) is used. */
export interface VersionFile {
  path: string;
  /** Regular expression source with exactly one capture group around the version. */
  pattern?: string;
}

/** npm's rules for a package name (lower case, URL-safe, an optional `@scope/`, at most 214 characters). */
const NPM_NAME_RE = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

const npmPackageName = z
  .string()
  .max(214, { error: "an npm package name has at most 214 characters" })
  .regex(NPM_NAME_RE, {
    error: (iss) =>
      `invalid npm package name ${shown(iss.input)}: lower-case letters, digits, ".", "-", "_" or "~", with an optional "@scope/"`,
  });

/** Packages a repository publishes, by ecosystem (npm for now; other ecosystems get their own key). */
const publishesSchema = z.strictObject({ npm: npmPackageName.optional() });

export const repoEntrySchema = z.strictObject({
  name: repoRef,
  team: teamKey,
  dependsOn: z.array(repoRef).default([]),
  versionFiles: z.array(versionFileSchema).optional(),
  deploy: z.boolean().default(true),
  publishes: publishesSchema.optional(),
});

/** `fixed`: every repository gets the train's version; `independent`: each its own, from its commits. */
export const VERSIONING = ["fixed", "independent"] as const;
export type Versioning = (typeof VERSIONING)[number];

const login = z
  .string()
  .transform((s) => s.replace(/^@/, ""))
  .refine((s) => LOGIN_RE.test(s), {
    error: (iss) =>
      `invalid GitHub login ${shown(iss.input)}: letters, digits and single hyphens, at most 39 characters`,
  });

export const teamSchema = z
  .strictObject({
    slug: z
      .string()
      .refine(isPlainName, {
        error: (iss) =>
          `invalid team slug ${JSON.stringify(iss.input)}: use letters, digits, ".", "-" or "_", without ".."`,
      })
      .optional(),
    leads: z.array(login).min(1).optional(),
  })
  .refine((team) => team.slug !== undefined || team.leads !== undefined, {
    error: "a team needs a GitHub team `slug`, `leads`, or both",
  });

const checksSchema = z
  .strictObject({
    integration: z.array(nonEmpty).default([]),
    security: z.array(nonEmpty).default([]),
    smoke: z.array(nonEmpty).default([]),
  })
  .prefault({});

const environmentName = nonEmpty.max(255);

const environmentsSchema = z
  .strictObject({
    staging: environmentName.default("staging"),
    production: environmentName.default("production"),
  })
  .prefault({});

export const complianceRuleSchema = z.strictObject({
  /** Pull-request label that marks a change as compliance-sensitive. */
  label: nonEmpty.max(50),
  /** Team whose lead must sign off when such a change ships in the train. */
  team: teamKey,
  /** What the sign-off attests, e.g. `audit-trail`. */
  requires: nonEmpty,
});

const httpUrl = z.url({
  protocol: /^https?$/,
  error: (iss) => `invalid URL ${JSON.stringify(iss.input)}: use an http(s) URL`,
});

const healthChecksSchema = z
  .strictObject({
    staging: z.array(httpUrl).default([]),
    production: z.array(httpUrl).default([]),
  })
  .prefault({});

const dryRunSchema = z
  .union(
    [
      z.boolean(),
      z.strictObject({
        owner: z.string().refine(isPlainName, {
          error: (iss) =>
            `invalid owner ${shown(iss.input)}: write the account name alone, using letters, digits, ".", "-" or "_"`,
        }),
      }),
    ],
    {
      error: "expected true, false, or a mapping { owner } naming the account that holds the test repositories",
    },
  )
  .default(false);

const stagesSchema = z
  .strictObject({
    backend: teamKeys.optional(),
    frontend: teamKeys.optional(),
    packs: teamKeys.optional(),
  })
  .optional();

const minutes = (fallback: number, min = 0) => z.int().min(min).default(fallback);

export const configObjectSchema = z.strictObject({
  /** Probot's `_extends`: another file this one extends. Allowed and passed through. */
  _extends: z.string().optional(),
  label: nonEmpty.max(50).default("release-train"),
  repos: z.array(repoEntrySchema).min(1),
  teams: z.record(teamKey, teamSchema).refine((teams) => Object.keys(teams).length > 0, {
    error: "define at least one team",
  }),
  orchestration: teamKey,
  signoff: teamKeys.default([]),
  checks: checksSchema,
  environments: environmentsSchema,
  canary: z.boolean().default(true),
  bakeMinutes: minutes(30),
  canaryMinutes: minutes(10),
  compliance: z
    .record(
      z.string().regex(KEY_RE, {
        error: (iss) => `invalid compliance key ${JSON.stringify(iss.input)}: use letters, digits, ".", "-" or "_"`,
      }),
      complianceRuleSchema,
    )
    .default({}),
  autoOpen: z.boolean().default(false),
  dryRun: dryRunSchema,
  resyncMinutes: minutes(10, 1),
  healthChecks: healthChecksSchema,
  maintenance: z
    .strictObject({
      /** Repository whose `environment` deployment switches maintenance mode on and off. */
      repo: repoRef,
      environment: environmentName.default("maintenance"),
    })
    .optional(),
  autoRollback: z.boolean().default(true),
  draftReleases: z.boolean().default(false),
  /** Pre-release trains (`v2.0.0-rc.1`): deployed to staging; to production only when `production: true`. */
  prerelease: z.strictObject({ production: z.boolean().default(false) }).prefault({}),
  mergeMethod: z.enum(["merge", "squash", "rebase"]).default("merge"),
  /** A lead's approving reviews on all of the team's release PRs count as the team's /signoff. */
  signoffFromReviews: z.boolean().default(false),
  versioning: z.enum(VERSIONING).default("fixed"),
  /** Independent versioning: release a repository without releasable commits with a patch instead of skipping it. */
  releaseUnchanged: z.boolean().default(false),
  /** Independent versioning: repositories that share one version (the highest bump of their members). */
  groups: z
    .record(
      z.string().regex(KEY_RE, {
        error: (iss) => `invalid group name ${JSON.stringify(iss.input)}: use letters, digits, ".", "-" or "_"`,
      }),
      z.array(repoRef).min(1),
    )
    .default({}),
  announce: z.strictObject({ discussionCategory: nonEmpty }).optional(),
  stages: stagesSchema,
});

/**
 * Resolves `stages`: a stage written in the file is used as written (and checked against
 * `teams` by the parser); a stage left out gets the playbook default, keeping only the
 * teams that exist in this configuration.
 */
function resolveStages(stages: z.output<typeof stagesSchema>, teams: Record<string, unknown>): Record<Stage, string[]> {
  const pick = (stage: Stage): string[] =>
    stages?.[stage] ?? DEFAULT_STAGES[stage].filter((team) => Object.hasOwn(teams, team));
  return { backend: pick("backend"), frontend: pick("frontend"), packs: pick("packs") };
}

/** The full schema: shapes, per-field rules and defaults. Use `validateConfig` for cross-field rules. */
export const configSchema = configObjectSchema.transform((config) => ({
  ...config,
  stages: resolveStages(config.stages, config.teams),
}));

export type TrainConfig = z.output<typeof configSchema>;
export type TrainConfigInput = z.input<typeof configSchema>;
export type RepoEntry = TrainConfig["repos"][number];
export type TeamConfig = TrainConfig["teams"][string];
export type ComplianceRule = TrainConfig["compliance"][string];
