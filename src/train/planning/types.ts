/** The release plan's types (PLAYBOOK.md, "Release Order"). */
import type { ConfigError } from "../../config/parse.js";
import type { VersionFile } from "../../config/schema.js";

export interface PlanContext {
  /** Owner of the orchestration repository; repositories written without an owner belong to it. */
  owner: string;
  /**
   * Full names (`owner/name`) of the repositories the installation can see, for glob
   * expansion; "unknown" offline (the CLI without `--repos`), where a glob entry stays in
   * the plan as written.
   */
  installationRepos: readonly string[] | "unknown";
}

export interface PlannedRepo {
  owner: string;
  name: string;
  fullName: string;
  team: string;
  /** Full names of the repositories this one is released after (globs expanded). */
  dependsOn: string[];
  /** 1-based: level 1 is released first. */
  level: number;
  versionFiles: VersionFile[] | undefined;
  deploy: boolean;
  /** Index of the `repos` entry this repository comes from. */
  entryIndex: number;
}

export interface ReleasePlan {
  /** The orchestration repository's owner. */
  owner: string;
  /** Sorted by level, then full name. */
  repos: PlannedRepo[];
  /** `levels[0]` is Level 1; each level sorted by full name. */
  levels: PlannedRepo[][];
  /** A train on a subset (see subset.ts): the configured repositories left out of it, as configured. */
  notInTrain?: PlannedRepo[];
}

export type PlanResult = { ok: true; plan: ReleasePlan } | { ok: false; errors: ConfigError[] };
