// Each repository's next version in a train: the train's one version (`versioning: fixed`),
// or its own from its conventional commits since its last release (`independent`), with
// `groups` sharing the highest bump of their members. Pure.
import semver from "semver";
import { suggestBump, type Bump, type ParsedCommit } from "../changelog/commits.js";
import { summarizeChangelog } from "../changelog/render.js";
import type { Versioning } from "../config/schema.js";

export interface VersionPolicy {
  versioning: Versioning;
  releaseUnchanged: boolean;
  /** Group name → full names of its members. */
  groups: Record<string, readonly string[]>;
  /** A train on a subset: each group's newest release tag among its members outside the train, so the shared version never goes back. */
  outsideGroups?: Record<string, { tag: string; repo: string }>;
}

export interface RepoHistory {
  fullName: string;
  /** The repository's last stable release tag (`v1.4.0`), null when it has none. */
  previousTag: string | null;
  /** Commits since that tag (the train's own release commits left out). */
  commits: readonly ParsedCommit[];
}

export interface RepoVersion {
  /** Its last release tag, or null. */
  previousTag: string | null;
  /** The version it is released with (its current version when skipped). */
  version: string;
  /** `v<version>` */
  tag: string;
  /** The bump its own commits imply (null: no releasable change). */
  bump: Bump | null;
  /** False: no changes, not released by this train. */
  release: boolean;
  /** Why this version, for the tracking issue: "major: 1 breaking change, 2 fixes". */
  reason: string;
  group?: string;
}

const ORDER: readonly Bump[] = ["patch", "minor", "major"];

/** The larger of two bumps (null counts as none). */
export function highestBump(a: Bump | null, b: Bump | null): Bump | null {
  if (a === null) return b;
  if (b === null) return a;
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

const versionOfTag = (tag: string | null): string =>
  tag === null ? "0.0.0" : (semver.valid(semver.clean(tag)) ?? "0.0.0");

/**
 * A pre-release train (`v2.0.0-rc.1`) releases every repository as a candidate of its own
 * next version with the train's pre-release identifiers (`3.0.0-rc.1`).
 */
function withTrainPrerelease(version: string, train: string): string {
  const pre = semver.prerelease(train);
  return pre === null ? version : `${version}-${pre.join(".")}`;
}

/**
 * The version of every repository. `fixed`: the train's version for all, each with the bump
 * its commits imply as the reason. `independent`: breaking → major, feat → minor, anything
 * else → patch (the conventional-commit rules of `suggestBump`, no special rule for 0.x);
 * no releasable change → not released, or a patch with `releaseUnchanged`. A group's members
 * share one version: the highest of their previous versions (those of members outside a
 * subset train too), raised by the highest bump among the members in the train.
 */
export function planVersions(
  policy: VersionPolicy,
  trainVersion: string,
  repos: readonly RepoHistory[],
): Record<string, RepoVersion> {
  const own = new Map(
    repos.map((r): [string, OwnChanges] => [
      r.fullName,
      { history: r, bump: suggestBump(r.commits), summary: summarizeChangelog(r.commits) },
    ]),
  );
  const result: Record<string, RepoVersion> = {};
  if (policy.versioning === "fixed") {
    for (const [name, { history, bump, summary }] of own) {
      result[name] = {
        previousTag: history.previousTag,
        version: trainVersion,
        tag: `v${trainVersion}`,
        bump,
        release: true,
        reason: `train version (${summary})`,
      };
    }
    return result;
  }

  const grouped = new Set<string>();
  for (const [group, names] of Object.entries(policy.groups)) {
    const members = names.flatMap((name) => {
      const entry = own.get(name);
      return entry ? [entry] : [];
    });
    if (members.length === 0) continue;
    for (const [name, version] of groupVersions(policy, group, members, trainVersion)) {
      grouped.add(name);
      result[name] = version;
    }
  }
  for (const [name, { history, bump, summary }] of own) {
    if (grouped.has(name)) continue;
    const next = nextVersion(versionOfTag(history.previousTag), bump, policy.releaseUnchanged, trainVersion);
    result[name] = {
      previousTag: history.previousTag,
      ...next,
      bump,
      reason: bump === null ? next.reason : `${bump}: ${summary}`,
    };
  }
  return result;
}

/** A repository's history with the bump its commits imply and their summary. */
interface OwnChanges {
  history: RepoHistory;
  bump: Bump | null;
  summary: string;
}

/**
 * One group's versions, in member order: the highest previous version among the members (or
 * of a member outside a subset train), raised by the highest bump among them.
 */
function groupVersions(
  policy: VersionPolicy,
  group: string,
  members: readonly OwnChanges[],
  trainVersion: string,
): [string, RepoVersion][] {
  const bump = members.reduce<Bump | null>((highest, m) => highestBump(highest, m.bump), null);
  const outside = policy.outsideGroups?.[group];
  const inTrain = members.map((m) => versionOfTag(m.history.previousTag)).sort(semver.rcompare)[0]!;
  const raised = outside !== undefined && semver.gt(versionOfTag(outside.tag), inTrain);
  const base = raised ? versionOfTag(outside.tag) : inTrain;
  const leaders = members.filter((m) => m.bump === bump && bump !== null).map((m) => m.history.fullName.split("/")[1]);
  return members.map((m) => {
    const next = nextVersion(base, bump, policy.releaseUnchanged, trainVersion);
    const from = raised ? ` on ${outside.tag} of ${outside.repo.split("/")[1]} (not in this train)` : "";
    const why = bump === null ? next.reason : `${bump} from ${leaders.join(", ")}${from}`;
    return [
      m.history.fullName,
      {
        previousTag: m.history.previousTag,
        ...next,
        bump: m.bump,
        reason: `group ${group}: ${why}; own commits: ${m.summary}`,
        group,
      },
    ];
  });
}

function nextVersion(
  current: string,
  bump: Bump | null,
  releaseUnchanged: boolean,
  trainVersion: string,
): { version: string; tag: string; release: boolean; reason: string } {
  if (bump === null && !releaseUnchanged)
    return { version: current, tag: `v${current}`, release: false, reason: "no changes: not released" };
  const version = withTrainPrerelease(semver.inc(current, bump ?? "patch")!, trainVersion);
  return {
    version,
    tag: `v${version}`,
    release: true,
    reason: bump === null ? "no changes: patch (releaseUnchanged)" : "",
  };
}
