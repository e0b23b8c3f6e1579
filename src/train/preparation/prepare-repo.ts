/** What the release commit must change in one repository: version files, changelog, dependency ranges. */
import { impliedVersionTooSmall } from "../../changelog/commits.js";
import { prependChangelog } from "../../changelog/render.js";
import { bumpVersionFile, defaultVersionFiles, type VersionFileRule } from "../../changelog/version-files.js";
import type { FileChange } from "../model/actions.js";
import type { RepoObservation } from "../model/repo-observation.js";
import type { TrainVersion } from "../model/train-version.js";
import type { PlannedRepo } from "../plan.js";
import { type DependencyUpdate, dependencyUpdate } from "./dependency-update.js";
import { CHANGELOG_PATH } from "./release-commit.js";

export interface RepoPreparation {
  /** Files to change in the release commit (empty when already prepared). */
  changes: FileChange[];
  problems: string[];
  warnings: string[];
  /** Ranges on the train's packages in package.json: moved, or left as written (independent versioning). */
  dependencies?: DependencyUpdate;
}

function versionRules(repo: PlannedRepo, files: Record<string, string | null>): VersionFileRule[] {
  if (repo.versionFiles)
    return repo.versionFiles.map((f) => (f.pattern ? { path: f.path, pattern: f.pattern } : f.path));
  return defaultVersionFiles(new Set(Object.keys(files).filter((p) => files[p] !== null)));
}

/**
 * What the release commit must change in one repository, from its details; with `packages`
 * (package → its new version in this train), the dependency ranges in package.json too.
 */
export function prepareRepo(
  repo: PlannedRepo,
  observed: RepoObservation,
  version: TrainVersion,
  packages: Readonly<Record<string, string>> = {},
): RepoPreparation {
  const details = observed.details!;
  const problems: string[] = [];
  const changes = versionChanges(repo, details.files, version, problems);
  const dependencies =
    Object.keys(packages).length > 0 ? dependencyUpdate(details.files, changes, packages) : undefined;
  if (dependencies && !dependencies.ok) problems.push(dependencies.message);
  const changelog = details.files[CHANGELOG_PATH] ?? null;
  const updated = prependChangelog(changelog, details.changelog);
  if (updated !== changelog) changes.push({ path: CHANGELOG_PATH, contents: updated });
  const warnings = historyWarnings(details, version);
  return { changes, problems, warnings, ...(dependencies?.ok ? { dependencies } : {}) };
}

/** The version files' bumps; a configured file that is missing or does not bump is a problem. */
function versionChanges(
  repo: PlannedRepo,
  files: Record<string, string | null>,
  version: TrainVersion,
  problems: string[],
): FileChange[] {
  const changes: FileChange[] = [];
  for (const rule of versionRules(repo, files)) {
    const path = typeof rule === "string" ? rule : rule.path;
    const content = files[path];
    if (content === null || content === undefined) {
      if (repo.versionFiles) problems.push(`version file ${path} not found`);
      continue;
    }
    const bumped = bumpVersionFile(rule, content, version.version);
    if (!bumped.ok) problems.push(bumped.message);
    else if (bumped.changed) changes.push({ path, contents: bumped.content });
  }
  return changes;
}

/** Warnings from the history since the previous tag: a bump larger than the train's, a truncated read. */
function historyWarnings(details: NonNullable<RepoObservation["details"]>, version: TrainVersion): string[] {
  const warnings: string[] = [];
  const previous = details.previousTag?.replace(/^v/, "") ?? null;
  if (previous && details.bump && impliedVersionTooSmall(previous, version.version, details.bump)) {
    warnings.push(
      `commits since ${details.previousTag} imply a ${details.bump} release, but the train is ${version.tag}`,
    );
  }
  if (details.truncated)
    warnings.push(
      "history since the previous tag is longer than release-train reads; the changelog lists the newest commits only",
    );
  return warnings;
}
