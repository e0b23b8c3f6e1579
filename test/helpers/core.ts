// Builders for the pure core's inputs: a config from the playbook fixture, a plan,
// and observations of repositories and the tracking issue.
import { readFileSync } from "node:fs";
import { parseConfig } from "../../src/config/parse.js";
import type { TrainConfig } from "../../src/config/schema.js";
import type { Observation } from "../../src/train/model/observation.js";
import type { CommentObservation } from "../../src/train/model/issue-observation.js";
import type { CommitObservation, RepoDetails, RepoObservation } from "../../src/train/model/repo-observation.js";
import { planRelease, type ReleasePlan } from "../../src/train/plan.js";
import type { TrainVersion } from "../../src/train/model/train-version.js";

export const OWNER = "blackroad-os";
export const PACKS = ["blackroad-os-pack-finance", "blackroad-os-pack-legal"];
export const REPO_NAMES = [
  "blackroad-os-infra",
  "blackroad-os-api-gateway",
  "blackroad-os-archive",
  "blackroad-os-api",
  "blackroad-os-core",
  "blackroad-os-web",
  ...PACKS,
  "blackroad-os-prism-console",
  "blackroad-os-docs",
  "blackroad-os-home",
];
export const BOT = "release-train[bot]";
export const V2: TrainVersion = { version: "2.0.0", tag: "v2.0.0", branch: "release/v2.0.0" };

export function fixtureConfigText(): string {
  return readFileSync(new URL("../../examples/release-train.yml", import.meta.url), "utf8");
}

export function playbookConfig(): TrainConfig {
  const parsed = parseConfig(fixtureConfigText());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

export function playbookPlan(config = playbookConfig()): ReleasePlan {
  const planned = planRelease(config, {
    owner: OWNER,
    installationRepos: [...REPO_NAMES, "blackroad-os-unrelated"].map((n) => `${OWNER}/${n}`),
  });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  return planned.plan;
}

export function greenCommit(oid: string, names = ["ci"]): CommitObservation {
  return {
    oid,
    checks: names.map((name) => ({ name, source: "check", state: "success", url: null, at: "2026-11-20T10:00:00Z" })),
  };
}

/** What the shell would have read for Phase 1: package.json at 1.4.0, one feature since v1.4.0. */
export function details(name: string, overrides: Partial<RepoDetails> = {}): RepoDetails {
  return {
    baseOid: `${name}-head`,
    previousTag: "v1.4.0",
    files: {
      "package.json": `{\n  "name": "${name}",\n  "version": "1.4.0"\n}\n`,
      "package-lock.json": null,
      "CHANGELOG.md": null,
    },
    commits: [],
    pullLabels: {},
    changelog: `## [2.0.0](https://github.com/${OWNER}/${name}/compare/v1.4.0...v2.0.0) (2026-11-27)\n\n### Features\n\n* something new`,
    summary: "1 feature",
    bump: "minor",
    truncated: false,
    ...overrides,
  };
}

export function repoObservation(name: string, overrides: Partial<RepoObservation> = {}): RepoObservation {
  const fullName = `${OWNER}/${name}`;
  return {
    fullName,
    found: true,
    url: `https://github.com/${fullName}`,
    defaultBranch: "main",
    defaultHead: greenCommit(`${name}-head`),
    releaseBranch: null,
    tags: [{ name: "v1.4.0", commitOid: `${name}-v140` }],
    pullRequest: null,
    openPulls: [],
    deployments: [],
    details: details(name),
    defaultCodeScanning: { oid: `${name}-head`, available: false, critical: 0 },
    classicRule: null,
    mergeQueue: null,
    rules: { defaultBranch: [], releaseBranch: [] },
    ...overrides,
  };
}

let commentId = 1000;
export function comment(author: string, body: string, extra: Partial<CommentObservation> = {}): CommentObservation {
  commentId += 1;
  return {
    id: commentId,
    author,
    authorIsBot: author.endsWith("[bot]"),
    body,
    createdAt: "2026-11-27T09:00:00Z",
    updatedAt: "2026-11-27T09:00:00Z",
    url: `https://github.com/${OWNER}/release-train/issues/1#issuecomment-${commentId}`,
    ...extra,
  };
}

export function observation(
  overrides: Partial<Observation> & { body?: string; comments?: CommentObservation[] } = {},
): Observation {
  const { body, comments, ...rest } = overrides;
  const repos: Record<string, RepoObservation> = {};
  for (const name of REPO_NAMES) repos[`${OWNER}/${name}`] = repoObservation(name);
  return {
    train: { owner: OWNER, repo: "release-train", issueNumber: 1, installationId: 7 },
    botLogin: BOT,
    issue: {
      number: 1,
      title: "BlackRoad OS 2.0",
      body: body ?? "Our big launch.",
      state: "OPEN",
      url: `https://github.com/${OWNER}/release-train/issues/1`,
      milestoneTitle: "v2.0.0",
      milestone: { number: 1, state: "OPEN" },
      labels: ["release-train"],
      author: "rita",
      lastEditor: null,
      lastEditedAt: null,
      comments: comments ?? [],
      createdAt: "2026-11-27T09:00:00Z",
      revisions: { total: 0, newest: [] },
      edits: [],
      events: [{ kind: "labeled", actor: "rita", at: "2026-11-27T09:00:00Z", label: "release-train" }],
      eventsComplete: true,
    },
    repos,
    memberships: {},
    teamLeads: {},
    failures: [],
    health: {},
    trainIssues: [],
    ...rest,
  };
}
