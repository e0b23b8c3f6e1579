// Release tags: which one a train's changelog starts from.
import semver from "semver";
import type { RepoObservation, TagObservation } from "./model/repo-observation.js";

const versionOf = (tag: TagObservation) => semver.valid(semver.clean(tag.name));

/**
 * The newest stable semver tag older than `version` (tags are sorted newest first). Pre-release
 * tags are never "the previous release": an rc's changelog, the final release's and the next
 * train's all start from the last stable release.
 */
export function previousTag(repo: Pick<RepoObservation, "tags"> | undefined, version: string): TagObservation | null {
  return (
    (repo?.tags ?? []).find((t) => {
      const v = versionOf(t);
      return v !== null && semver.prerelease(v) === null && semver.lt(v, version);
    }) ?? null
  );
}

/** The newest pre-release tag of the same `X.Y.Z` older than `version` (`v2.0.0-rc.1` for `2.0.0-rc.2`), or null. */
export function previousPrerelease(
  repo: Pick<RepoObservation, "tags"> | undefined,
  version: string,
): TagObservation | null {
  const core = semver.coerce(version)?.version;
  return (
    (repo?.tags ?? []).find((t) => {
      const v = versionOf(t);
      return v !== null && semver.prerelease(v) !== null && semver.coerce(v)?.version === core && semver.lt(v, version);
    }) ?? null
  );
}

/** The newest stable semver tag: an independent repository's last release, whatever the train's version. */
export function latestStableTag(repo: Pick<RepoObservation, "tags"> | undefined): TagObservation | null {
  return (
    (repo?.tags ?? []).find((t) => {
      const v = versionOf(t);
      return v !== null && semver.prerelease(v) === null;
    }) ?? null
  );
}
