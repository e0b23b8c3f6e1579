// Release lines: whether a repository releases the train's version from its default branch
// or, as a patch of an older line (v2.0.1 after v2.1.0 shipped), from that line's
// maintenance branch `release/v2.0`. Pure.
import semver from "semver";
import type { Observation } from "./model/observation.js";
import type { RepoObservation, TagObservation } from "./model/repo-observation.js";

export type ReleaseLine =
  /** The version is newer than every tag (or the repository has none): released from the default branch. */
  | { kind: "default" }
  /** A patch of an older line: branched from `release/vX.Y` (or the line's newest tag), merged into it. */
  | { kind: "maintenance"; branch: string; newest: TagObservation }
  /** The version is not newer than what its line has already released. */
  | { kind: "stale"; problem: string }
  /** No line of this repository can take the version (v2.0.1 where no v2.0.x was released, or v2.1.0 after v2.2.0). */
  | { kind: "none"; problem: string };

const stable = (tag: TagObservation) => {
  const v = semver.valid(semver.clean(tag.name));
  return v && semver.prerelease(v) === null ? v : null;
};

/** `2.0.1` → `release/v2.0`: the branch a minor line's patches are merged into. */
export function maintenanceBranchOf(version: string): string | null {
  const parsed = semver.parse(version);
  return parsed ? `release/v${parsed.major}.${parsed.minor}` : null;
}

/**
 * Which line releases `version` in a repository whose tags (newest first) are `tags`.
 * `own` is the train's own tag once 7.2 made it (not a reason to refuse the version).
 */
export function releaseLineOf(
  tags: readonly TagObservation[],
  version: string,
  own?: (tag: TagObservation) => boolean,
): ReleaseLine {
  const others = tags.filter((t) => !own?.(t));
  // Any semver tag, pre-releases too: a train for v2.0.0-rc.1 after v2.0.0-rc.2 is not newer.
  const newest = others
    .map((t) => semver.valid(semver.clean(t.name)))
    .filter((v): v is string => v !== null)
    .sort(semver.rcompare)[0];
  if (!newest || semver.gt(version, newest)) return { kind: "default" };
  const tag = `v${version}`;
  const parsed = semver.parse(version)!;
  // Only a final patch version (X.Y.Z, Z > 0) can belong to an older line.
  if (parsed.prerelease.length > 0 || parsed.patch === 0)
    return { kind: "stale", problem: `version ${tag} is not newer than its latest tag v${newest}` };
  const line = others.filter((t) => {
    const v = stable(t);
    return v !== null && semver.major(v) === parsed.major && semver.minor(v) === parsed.minor;
  });
  const lineNewest = line.sort((a, b) => semver.rcompare(stable(a)!, stable(b)!))[0];
  if (!lineNewest)
    return {
      kind: "none",
      problem: `version ${tag} fits no release line: no v${parsed.major}.${parsed.minor}.x tag to patch, and its latest tag v${newest} is newer`,
    };
  if (!semver.gt(version, stable(lineNewest)!))
    return { kind: "stale", problem: `version ${tag} is not newer than its line's latest tag ${lineNewest.name}` };
  return { kind: "maintenance", branch: maintenanceBranchOf(version)!, newest: lineNewest };
}

/** The repository's line for the train's version, its own tag at the release PR's merge commit left out. */
export function repoLine(repo: RepoObservation, version: string): ReleaseLine {
  const own = (t: TagObservation) => t.name === `v${version}` && t.commitOid === repo.pullRequest?.mergeCommitOid;
  return releaseLineOf(repo.tags, version, own);
}

/**
 * Where the release branch starts (when it does not exist yet) and what the release PR merges
 * into. `patches`: the train's version is every repository's (fixed versioning), so it may patch an older line.
 */
export function branchPoint(
  repo: RepoObservation,
  version: string,
  patches: boolean,
): { from: string; base: string; line: ReleaseLine } | null {
  if (!repo.defaultHead || !repo.defaultBranch) return null;
  const line: ReleaseLine = patches ? repoLine(repo, version) : { kind: "default" };
  if (line.kind !== "maintenance")
    return { from: repo.releaseBranch?.oid ?? repo.defaultHead.oid, base: repo.defaultBranch, line };
  return {
    from: repo.releaseBranch?.oid ?? repo.maintenanceBranch?.oid ?? line.newest.commitOid,
    base: line.branch,
    line,
  };
}

/** The repositories a fixed train (no per-repository versions) releases from a maintenance line. */
export function patchedRepos(
  repos: readonly string[],
  version: { version: string; repos?: unknown },
  observed: Readonly<Record<string, RepoObservation>>,
): Set<string> {
  if (version.repos) return new Set();
  return new Set(
    repos.filter((name) => observed[name]?.found && repoLine(observed[name]!, version.version).kind === "maintenance"),
  );
}

/**
 * The observation as a patch train merges: a release PR into a maintenance branch does not go
 * through the default branch's merge queue (GitHub reads `mergeQueue` for the default branch).
 */
export function withReleaseLines(observation: Observation, version: { version: string; repos?: unknown }): Observation {
  const patched = patchedRepos(Object.keys(observation.repos), version, observation.repos);
  if (patched.size === 0) return observation;
  const repos = Object.fromEntries(
    Object.entries(observation.repos).map(([name, repo]) => [
      name,
      patched.has(name) ? { ...repo, mergeQueue: null } : repo,
    ]),
  );
  return { ...observation, repos };
}
