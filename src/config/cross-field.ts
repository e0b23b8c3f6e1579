/** The configuration's cross-field rules: what the schema checks field by field cannot see. */
import picomatch from "picomatch";
import { findCycles } from "../graph/cycles.js";
import { type ConfigError, formatPath } from "./errors.js";
import { isPlainObject } from "./plain-object.js";
import { type RepoRef, STAGES, type TrainConfig, parseRepoRef } from "./schema.js";
import { suggest } from "./zod-errors.js";

type Add = (path: PropertyKey[], message: string) => void;

export function semanticErrors(config: TrainConfig, raw: Record<string, unknown>): ConfigError[] {
  const errors: ConfigError[] = [];
  const add: Add = (path, message) => errors.push({ path: formatPath(path), message });
  const checkTeam = (path: PropertyKey[], team: string) => {
    if (!Object.hasOwn(config.teams, team))
      add(
        path,
        `unknown team ${JSON.stringify(team)}: define it under \`teams\`${suggest(team, Object.keys(config.teams))}`,
      );
  };

  // The schema has checked every name, so parseRepoRef succeeds here.
  const entries = config.repos.map((repo) => parseRepoRef(repo.name) as RepoRef);
  const written = config.repos.map((repo) => repo.name);
  repoErrors(config, entries, written, add, checkTeam);
  errors.push(...versioningErrors(config, raw, entries, written));
  teamErrors(config, raw, add, checkTeam);
  return errors;
}

/** Each `repos` entry: duplicates, its team, its `dependsOn`; then the dependency cycles. */
function repoErrors(
  config: TrainConfig,
  entries: readonly RepoRef[],
  written: readonly string[],
  add: Add,
  checkTeam: (path: PropertyKey[], team: string) => void,
): void {
  const firstIndex = new Map<string, number>();
  const edges: number[][] = config.repos.map(() => []);
  config.repos.forEach((repo, i) => {
    const key = repo.name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else add(["repos", i, "name"], `duplicate repo ${JSON.stringify(repo.name)} (also repos[${first}])`);
    checkTeam(["repos", i, "team"], repo.team);
    repo.dependsOn.forEach((dependency, j) => {
      const targets = resolveDependency(dependency, entries, written);
      if (!Array.isArray(targets)) {
        add(["repos", i, "dependsOn", j], targets.error);
        return;
      }
      // A glob that also matches the repository itself means "all the others".
      const others = targets.length > 1 ? targets.filter((t) => t !== i) : targets;
      if (others.includes(i)) {
        add(["repos", i, "dependsOn", j], `${JSON.stringify(repo.name)} depends on itself`);
        return;
      }
      for (const target of others) if (!edges[i]?.includes(target)) edges[i]?.push(target);
    });
  });

  for (const cycle of findCycles(edges)) {
    const [first] = cycle;
    if (first === undefined) continue;
    const names = [...cycle, first].map((index) => config.repos[index]?.name ?? "?");
    add(["repos", first, "dependsOn"], `dependency cycle ${names.join(" → ")}`);
  }
}

/** The teams named outside `repos`: orchestration, sign-off (each once), compliance and the stages written. */
function teamErrors(
  config: TrainConfig,
  raw: Record<string, unknown>,
  add: Add,
  checkTeam: (path: PropertyKey[], team: string) => void,
): void {
  checkTeam(["orchestration"], config.orchestration);
  const seenSignoff = new Set<string>();
  config.signoff.forEach((team, i) => {
    checkTeam(["signoff", i], team);
    if (seenSignoff.has(team)) add(["signoff", i], `duplicate team ${JSON.stringify(team)}`);
    seenSignoff.add(team);
  });
  for (const [key, rule] of Object.entries(config.compliance)) checkTeam(["compliance", key, "team"], rule.team);

  // Stages left out get the playbook's defaults, filtered to the configured teams; only
  // stages written in the file can name an unknown team.
  const writtenStages = isPlainObject(raw.stages) ? raw.stages : {};
  for (const stage of STAGES) {
    if (writtenStages[stage] === undefined) continue;
    for (const [i, team] of config.stages[stage].entries()) checkTeam(["stages", stage, i], team);
  }
}

/** `versioning`, `releaseUnchanged`, `groups` and `publishes`: what only makes sense together. */
function versioningErrors(
  config: TrainConfig,
  raw: Record<string, unknown>,
  entries: readonly RepoRef[],
  written: readonly string[],
): ConfigError[] {
  const errors: ConfigError[] = [];
  const add = (path: PropertyKey[], message: string) => errors.push({ path: formatPath(path), message });
  if (config.versioning === "fixed") {
    if (raw.releaseUnchanged !== undefined)
      add(
        ["releaseUnchanged"],
        "applies to `versioning: independent` only (with `fixed`, every repository is released with the train's version)",
      );
    if (raw.groups !== undefined)
      add(
        ["groups"],
        "applies to `versioning: independent` only (with `fixed`, every repository already shares the train's version)",
      );
  }
  const groupOf = new Map<number, string>();
  for (const [group, members] of Object.entries(config.groups)) {
    for (const [j, member] of members.entries()) {
      const targets = resolveDependency(member, entries, written);
      if (!Array.isArray(targets)) {
        add(["groups", group, j], targets.error);
        continue;
      }
      for (const target of targets) {
        const other = groupOf.get(target);
        if (other !== undefined && other !== group)
          add(
            ["groups", group, j],
            `${JSON.stringify(written[target])} is already in group ${JSON.stringify(other)}: a repository shares one version with one group`,
          );
        groupOf.set(target, group);
      }
    }
  }
  const publisher = new Map<string, number>();
  config.repos.forEach((repo, i) => {
    const npm = repo.publishes?.npm;
    if (npm === undefined) return;
    if (entries[i]?.glob)
      add(
        ["repos", i, "publishes", "npm"],
        `${JSON.stringify(repo.name)} is a glob: a package is published by one repository, name it`,
      );
    const first = publisher.get(npm);
    if (first !== undefined)
      add(
        ["repos", i, "publishes", "npm"],
        `${JSON.stringify(npm)} is already published by repos[${first}] (${JSON.stringify(written[first])})`,
      );
    else publisher.set(npm, i);
  });
  return errors;
}

/**
 * The entries a `dependsOn` value names: an entry written the same way (a literal name or a
 * glob entry), the one literal entry with that name when only one of the two spells out the
 * owner, or, for a glob, every literal entry it matches.
 */
function resolveDependency(
  dependency: string,
  entries: readonly RepoRef[],
  written: readonly string[],
): number[] | { error: string } {
  const unknown = { error: `unknown repo ${JSON.stringify(dependency)}` };
  const lower = dependency.toLowerCase();
  const exact = written.flatMap((name, i) => (name.toLowerCase() === lower ? [i] : []));
  if (exact.length > 0) return exact;
  const ref = parseRepoRef(dependency);
  if (ref === undefined) return unknown;
  const sameOwner = (entry: RepoRef) =>
    entry.owner === undefined || ref.owner === undefined || entry.owner.toLowerCase() === ref.owner.toLowerCase();
  const isMatch = ref.glob
    ? picomatch(ref.name, { nocase: true })
    : (name: string) => name.toLowerCase() === ref.name.toLowerCase();
  const matches = entries.flatMap((entry, i) => (!entry.glob && sameOwner(entry) && isMatch(entry.name) ? [i] : []));
  if (matches.length === 0) return unknown;
  if (!ref.glob && matches.length > 1) {
    const candidates = matches.map((i) => JSON.stringify(written[i])).join(" or ");
    return { error: `ambiguous repo ${JSON.stringify(dependency)}: write it as ${candidates}` };
  }
  return matches;
}
