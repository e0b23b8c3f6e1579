/** What Phase 1 reads and writes in each repository: the files, and the release commit's headline. */
import semver from "semver";
import type { TrainVersion } from "../model/train-version.js";
import type { PlannedRepo } from "../plan.js";

export const CHANGELOG_PATH = "CHANGELOG.md";
export const DEFAULT_FILES = ["package.json", "package-lock.json"];

/** Files Phase 1 reads in a repository (the shell fetches exactly these); `manifests`: also package.json and its lock file, for dependency updates. */
export function filesToRead(repo: PlannedRepo, manifests = false): string[] {
  const paths = repo.versionFiles?.map((f) => f.path) ?? DEFAULT_FILES;
  return [...new Set([...paths, ...(manifests ? DEFAULT_FILES : []), CHANGELOG_PATH])];
}

export const bumpHeadline = (version: TrainVersion): string => `chore(release): ${version.tag}`;

/** This train's release commit, or one of an earlier pre-release of the same version on the shared branch (`chore(release): v2.0.0-rc.1`). */
export function isOwnBump(headline: string, version: TrainVersion): boolean {
  if (headline === bumpHeadline(version)) return true;
  const bumped = /^chore\(release\): v(\S+)$/.exec(headline)?.[1];
  const ours = semver.parse(version.version);
  const theirs = bumped ? semver.parse(bumped) : null;
  return Boolean(
    ours &&
      theirs &&
      theirs.prerelease.length > 0 &&
      ours.major === theirs.major &&
      ours.minor === theirs.minor &&
      ours.patch === theirs.patch,
  );
}
