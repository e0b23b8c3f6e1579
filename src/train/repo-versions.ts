// The versions of an independent train, from what GitHub shows: each repository's history
// since its last release through the version policy, fixed in the state once Phase 1
// starts; the repositories without changes leave the train's plan. A fixed train passes
// through unchanged. Pure.
import picomatch from "picomatch";
import semver from "semver";
import { parseRepoRef, type TrainConfig } from "../config/schema.js";
import type { Observation } from "./model/observation.js";
import type { RepoObservation, TagObservation } from "./model/repo-observation.js";
import type { RecordedVersion, TrainState } from "./model/train-state.js";
import type { ReleasePlan } from "./plan.js";
import type { DependencyUpdate } from "./preparation/dependency-update.js";
import type { RepoPreparation } from "./preparation/prepare-repo.js";
import { latestStableTag, previousTag } from "./tags.js";
import { planVersions, type RepoHistory } from "./version-policy.js";
import type { TrainVersion } from "./model/train-version.js";

/** A repository's own version in the train: its version and tag, the train's branch. */
export function versionFor(version: TrainVersion, fullName: string): TrainVersion {
  const own = version.repos?.[fullName];
  return own
    ? { version: own.version, tag: own.tag, branch: version.branch }
    : { version: version.version, tag: version.tag, branch: version.branch };
}

/** Where a repository's history and changelog start, and the version its changelog is titled with. */
export function detailsBase(
  config: TrainConfig,
  version: TrainVersion,
  state: TrainState | null,
  observed: RepoObservation,
): { previousTag: TagObservation | null; version: string } {
  if (config.versioning === "fixed")
    return { previousTag: previousTag(observed, version.version), version: version.version };
  const recorded = state?.versions?.[observed.fullName];
  return recorded
    ? { previousTag: previousTag(observed, recorded.version), version: recorded.version }
    : { previousTag: latestStableTag(observed), version: version.version };
}

export interface VersionMatrix {
  /** The train's version with every repository's own (independent), or as it was (fixed). */
  version: TrainVersion;
  /** The repositories this train releases: without the ones that have no changes. */
  plan: ReleasePlan;
  /** Repositories whose history must be read before their version is known. */
  needsDetails: string[];
  /** Repositories whose changelog must be titled with their own version. */
  changelogVersions: Record<string, string>;
}

/** npm package → the full name of the planned repository that publishes it. */
export function publishersOf(config: TrainConfig, plan: ReleasePlan): Record<string, string> {
  return Object.fromEntries(
    plan.repos.flatMap((r) => {
      const npm = config.repos[r.entryIndex]?.publishes?.npm;
      return npm ? [[npm, r.fullName]] : [];
    }),
  );
}

/** Full names of each group's members among the planned repositories. */
export function groupMembers(config: TrainConfig, plan: ReleasePlan): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const [group, refs] of Object.entries(config.groups)) {
    const matchers = refs.flatMap((text) => {
      const ref = parseRepoRef(text);
      if (!ref) return [];
      const isName = ref.glob
        ? picomatch(ref.name, { nocase: true })
        : (name: string) => name.toLowerCase() === ref.name.toLowerCase();
      return [
        (owner: string, name: string) =>
          (ref.owner ?? plan.owner).toLowerCase() === owner.toLowerCase() && isName(name),
      ];
    });
    groups[group] = plan.repos.filter((r) => matchers.some((m) => m(r.owner, r.name))).map((r) => r.fullName);
  }
  return groups;
}

/** A train on a subset: each group's newest stable tag among its members outside the train. */
function outsideGroups(
  config: TrainConfig,
  plan: ReleasePlan,
  observation: Observation,
): Record<string, { tag: string; repo: string }> {
  const outside: Record<string, { tag: string; repo: string }> = {};
  if (!plan.notInTrain?.length) return outside;
  for (const [group, names] of Object.entries(groupMembers(config, { ...plan, repos: plan.notInTrain }))) {
    const tags = names.flatMap((repo) => {
      const tag = latestStableTag(observation.repos[repo]);
      return tag ? [{ tag: tag.name, repo }] : [];
    });
    const newest = tags.sort((a, b) =>
      semver.rcompare(semver.clean(a.tag) ?? "0.0.0", semver.clean(b.tag) ?? "0.0.0"),
    )[0];
    if (newest) outside[group] = newest;
  }
  return outside;
}

export function versionMatrix(input: {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState | null;
}): VersionMatrix {
  const { config, plan, version, observation, state } = input;
  if (config.versioning === "fixed") return { version, plan, needsDetails: [], changelogVersions: {} };
  const histories: RepoHistory[] = [];
  const needsDetails: string[] = [];
  let complete = true;
  for (const repo of plan.repos) {
    if (state?.versions?.[repo.fullName]) continue;
    const observed = observation.repos[repo.fullName];
    const head = observed?.releaseBranch?.oid ?? observed?.defaultHead?.oid;
    const details = observed?.details;
    if (!observed?.found || !head) complete = false;
    else if (!details || details.baseOid !== head) {
      complete = false;
      needsDetails.push(repo.fullName);
    } else histories.push({ fullName: repo.fullName, previousTag: details.previousTag, commits: details.commits });
  }
  const computed = planVersions(
    {
      versioning: config.versioning,
      releaseUnchanged: config.releaseUnchanged,
      groups: groupMembers(config, plan),
      outsideGroups: outsideGroups(config, plan, observation),
    },
    version.version,
    histories,
  );
  const repos: Record<string, RecordedVersion> = { ...computed, ...state?.versions };
  const packages: Record<string, string> = {};
  for (const repo of plan.repos) {
    const npm = config.repos[repo.entryIndex]?.publishes?.npm;
    const own = repos[repo.fullName];
    if (npm && own?.release) packages[npm] = own.version;
  }
  const released = plan.repos.filter((r) => repos[r.fullName]?.release !== false);
  const changelogVersions = Object.fromEntries(
    released.flatMap((r) => (repos[r.fullName] ? [[r.fullName, repos[r.fullName]!.version]] : [])),
  );
  return {
    version: { ...version, repos, packages, pending: !complete },
    plan: subsetPlan(
      plan,
      released.map((r) => r.fullName),
    ),
    needsDetails,
    changelogVersions,
  };
}

/** The plan over `names` alone: empty levels dropped, levels renumbered, dependencies on the others left out. */
function subsetPlan(plan: ReleasePlan, names: readonly string[]): ReleasePlan {
  if (names.length === plan.repos.length) return plan;
  const kept = new Set(names);
  const levels = plan.levels
    .map((level) => level.filter((r) => kept.has(r.fullName)))
    .filter((level) => level.length > 0);
  const renumbered = levels.map((level, i) =>
    level.map((r) => ({ ...r, level: i + 1, dependsOn: r.dependsOn.filter((d) => kept.has(d)) })),
  );
  return { ...plan, repos: renumbered.flat(), levels: renumbered };
}

/** Once Phase 1 has started, every known version stays as it was decided (a complete matrix only). */
export function recordVersions(state: TrainState, version: TrainVersion): void {
  if (!version.repos || version.pending) return;
  const versions = { ...state.versions };
  for (const [name, own] of Object.entries(version.repos)) versions[name] ??= own;
  state.versions = versions;
}

/** The dependency updates of each release commit as Phase 1 first prepared it (later reads see them made). */
export function recordDependencies(state: TrainState, preparations: Record<string, RepoPreparation>): void {
  for (const [name, preparation] of Object.entries(preparations)) {
    const own = state.versions?.[name];
    const update = preparation.dependencies;
    if (!own || !update || own.dependencies) continue;
    state.versions![name] = { ...own, ...dependencyRecord(update) };
  }
}

/** What the tracking issue and the state keep of a dependency update. */
export function dependencyRecord(
  update: DependencyUpdate,
): Required<Pick<RecordedVersion, "dependencies" | "kept" | "lockfileRefresh">> {
  return {
    dependencies: update.edits.map((e) => ({
      package: e.package,
      from: e.from,
      to: e.to,
      acceptedBefore: e.acceptedBefore,
    })),
    kept: update.kept.map((k) => ({ package: k.package, range: k.from, why: k.why, accepts: k.acceptedBefore })),
    lockfileRefresh: update.lockfileRefresh,
  };
}

/** `npm run plan`: the versioning policy, its groups and the packages repositories publish (the versions need the histories: `/dry-run`). */
export function formatVersioning(config: TrainConfig, plan: ReleasePlan): string {
  if (config.versioning === "fixed")
    return "Versioning: fixed — every repository is released with the train's version.";
  const name = (fullName: string) => plan.repos.find((r) => r.fullName === fullName)?.name ?? fullName;
  const lines = [
    `Versioning: independent — each repository's version comes from its commits since its last tag (\`/dry-run\` on the tracking issue shows them); without changes it is ${config.releaseUnchanged ? "released with a patch" : "not released"}.`,
  ];
  for (const [group, members] of Object.entries(groupMembers(config, plan)))
    lines.push(`Group ${group}: ${members.map(name).join(", ") || `${config.groups[group]!.join(", ")} (as written)`}`);
  for (const repo of plan.repos) {
    const npm = config.repos[repo.entryIndex]?.publishes?.npm;
    if (npm) lines.push(`${repo.name} publishes ${npm} (npm): its dependents' ranges follow its new version`);
  }
  return lines.join("\n");
}
