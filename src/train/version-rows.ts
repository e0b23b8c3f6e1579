// The tracking issue's version matrix of an independent train: previous → next per
// repository, why, the dependency updates its release commit made, and the ranges that
// would not accept a dependency's new version. Pure.
import { updateDependencies } from "../changelog/dependency-ranges.js";
import type { Observation } from "./model/observation.js";
import type { RecordedVersion } from "./model/train-state.js";
import type { VersionRow } from "./model/train-view.js";
import type { DependencyUpdate } from "./preparation/dependency-update.js";
import type { RepoPreparation } from "./preparation/prepare-repo.js";
import type { ReleasePlan } from "./plan.js";
import { dependencyRecord } from "./repo-versions.js";
import type { TrainVersion } from "./model/train-version.js";

type Dependencies = ReturnType<typeof dependencyRecord>;

/**
 * One row per planned repository (`plan` is the whole constellation, released or not). The
 * dependency updates come from the state once Phase 1 recorded them, else from the
 * preparation; a repository left out (no changes) is still checked for ranges its
 * dependencies' new versions fall outside of.
 */
export function versionRows(
  plan: ReleasePlan,
  version: TrainVersion,
  observation: Observation,
  preparations: Record<string, RepoPreparation>,
  publishers: Record<string, string> = {},
): VersionRow[] | undefined {
  if (!version.repos) return undefined;
  const levelOf = new Map(plan.repos.map((r) => [r.fullName, r.level]));
  return plan.repos.map((repo) => {
    const own: RecordedVersion | undefined = version.repos![repo.fullName];
    const live =
      preparations[repo.fullName]?.dependencies ??
      (own?.release === false ? unreleasedRanges(observation, repo.fullName, version.packages ?? {}) : undefined);
    const deps: Dependencies = own?.dependencies
      ? { dependencies: own.dependencies, kept: own.kept ?? [], lockfileRefresh: own.lockfileRefresh ?? false }
      : live
        ? dependencyRecord(live)
        : { dependencies: [], kept: [], lockfileRefresh: false };
    const target = (pkg: string) => version.packages?.[pkg] ?? "its new version";
    return {
      name: repo.name,
      fullName: repo.fullName,
      previousTag: own?.previousTag ?? null,
      nextTag: own ? (own.release ? own.tag : null) : null,
      reason: own?.reason ?? "waiting for its history",
      ...(own?.group ? { group: own.group } : {}),
      dependencies: deps.dependencies.map((d) => `\`${d.package}\` ${d.from} → ${d.to}`),
      warnings: [
        ...deps.dependencies
          .filter((d) => !d.acceptedBefore)
          .map((d) => `\`${d.package}\` ${d.from} would not accept ${target(d.package)} without the bump`),
        ...deps.kept
          .filter((k) => !k.accepts)
          .map(
            (k) =>
              `\`${k.package}\` ${k.range} does not accept ${target(k.package)} (${k.why}; ${own?.release === false ? "not released: no changes" : "left as written"})`,
          ),
        // The release order must ship a dependency before its dependents: `dependsOn` decides it.
        ...[...new Set(deps.dependencies.map((d) => d.package))].flatMap((pkg) => {
          const publisher = publishers[pkg];
          const before = publisher !== undefined && (levelOf.get(publisher) ?? 0) < repo.level;
          return publisher === undefined || before
            ? []
            : [
                `\`${pkg}\` comes from ${publisher.split("/")[1]}, which is not released before it: add it to \`dependsOn\``,
              ];
        }),
      ],
      lockfileRefresh: deps.lockfileRefresh,
    };
  });
}

/** A repository the train does not release keeps its ranges: which of them its dependencies' new versions fall outside of. */
function unreleasedRanges(
  observation: Observation,
  fullName: string,
  packages: Record<string, string>,
): DependencyUpdate | undefined {
  const manifest = observation.repos[fullName]?.details?.files["package.json"];
  if (!manifest) return undefined;
  const update = updateDependencies(manifest, packages);
  if (!update.ok) return undefined;
  const kept = [...update.kept, ...update.edits.map((e) => ({ ...e, why: "no release commit" }))];
  return { ok: true, content: manifest, edits: [], kept, lockfileRefresh: false };
}
