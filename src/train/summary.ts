// `status/summary.json`: the record a finished train leaves in the orchestration
// repository. Written at 7.4, while Phase 7 is still running (`complete: false`), and
// rewritten once when the retrospective (7.7) ends the train (`complete: true`). The zod
// schema is the contract (exported by the package); the file is built from what GitHub
// shows and the hidden state, and validated before it is written. Pure and
// deterministic: the same train at the same point renders the same file on every reconcile.
import { z } from "zod";
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { ReleasePlan } from "./plan.js";
import { previousTag } from "./tags.js";
import { trainId } from "./model/observation.js";
import type { TrainVersion } from "./model/train-version.js";
import { PHASES } from "./playbook.js";
import { modeOf } from "./version.js";
import { patchedRepos } from "./maintenance.js";
import { versionFor } from "./repo-versions.js";

const who = z.object({ by: z.string(), at: z.string() });

export const summarySchema = z.object({
  schema: z.literal("release-train/summary@1"),
  train: z.object({
    id: z.string(),
    url: z.string(),
    version: z.string(),
    tag: z.string(),
    /**
     * `release` (a final version, marked latest), `prerelease` (`-rc.N` and the like: marked pre-release, never latest) or
     * `patch` (repositories released from an older line's maintenance branch, never latest); files from before this field are releases.
     */
    mode: z.enum(["release", "prerelease", "patch"]).default("release"),
  }),
  startedAt: z.string(),
  /** When the release was out: the release notes published (7.3). */
  finishedAt: z.string(),
  /** Every phase finished (Phase 7 with the retrospective); false in the file written at 7.4 (and in files from before this field). */
  complete: z.boolean().default(false),
  repos: z.array(
    z.object({
      name: z.string(),
      fullName: z.string(),
      level: z.number().int(),
      team: z.string(),
      version: z.string(),
      tag: z.string(),
      previousTag: z.string().nullable(),
      /** The tagged merge commit. */
      commit: z.string(),
      pr: z.object({ number: z.number().int(), url: z.string() }),
      deployments: z.array(
        z.object({
          environment: z.string(),
          task: z.string(),
          sha: z.string(),
          state: z.string().nullable(),
          at: z.string(),
        }),
      ),
    }),
  ),
  signoffs: z.array(who.extend({ team: z.string() })),
  approval: who.nullable(),
  rollbacks: z.array(
    z.object({
      mode: z.enum(["immediate", "extended"]),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
      verifiedAt: z.string().nullable(),
    }),
  ),
  /**
   * Per phase: started when the train entered it (the previous phase finished; Phase 1: the
   * preconditions held) or, if earlier, when one of its steps was done; finished when its
   * last step was done (null until then).
   */
  phases: z.array(
    z.object({
      phase: z.number().int(),
      title: z.string(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
      minutes: z.number().nullable(),
    }),
  ),
  /** Independent versioning only: each repository of the constellation → its version (unchanged for the ones not released), and those not released (no changes). */
  versioning: z.enum(["fixed", "independent"]).optional(),
  versions: z.record(z.string(), z.string()).optional(),
  unreleased: z.array(z.string()).optional(),
  /** A train on a subset (`repos:` in the tracking issue, or `/only`): the repositories it releases and the configured ones not in it (full names). */
  subset: z.object({ repos: z.array(z.string()), notInTrain: z.array(z.string()) }).optional(),
});

export type TrainSummary = z.infer<typeof summarySchema>;
export const SUMMARY_PATH = "status/summary.json";

export function buildSummary(
  plan: ReleasePlan,
  version: TrainVersion,
  observation: Observation,
  state: TrainState,
  finishedAt: string,
): TrainSummary {
  const id = trainId(observation.train);
  const times = (ids: string[]) =>
    ids
      .map((i) => state.reached[i] ?? state.ticks[i]?.at)
      .filter((t): t is string => Boolean(t))
      .sort();
  const phases = phaseTimes(times(["preconditions"])[0] ?? null, times);
  const summary: TrainSummary = {
    schema: "release-train/summary@1",
    train: {
      id,
      url: observation.issue.url,
      version: version.version,
      tag: version.tag,
      mode: trainMode(plan, version, observation),
    },
    startedAt: state.startedAt,
    finishedAt,
    complete: phases.every((p) => p.finishedAt !== null),
    repos: summaryRepos(plan, version, observation, id),
    signoffs: Object.entries(state.signoffs).map(([team, s]) => ({ team, by: s.by, at: s.at })),
    approval: state.approval ? { by: state.approval.by, at: state.approval.at } : null,
    rollbacks: rollbacksOf(state),
    phases,
    ...independentVersions(version),
    ...(state.subset && plan.notInTrain?.length
      ? { subset: { repos: state.subset.repos, notInTrain: plan.notInTrain.map((r) => r.fullName) } }
      : {}),
  };
  return summarySchema.parse(summary);
}

/** `patch` when some repository releases from an older line's maintenance branch; otherwise what the version says. */
function trainMode(plan: ReleasePlan, version: TrainVersion, observation: Observation): TrainSummary["train"]["mode"] {
  const patched = patchedRepos(
    plan.repos.map((r) => r.fullName),
    version,
    observation.repos,
  );
  return patched.size > 0 ? "patch" : modeOf(version.version);
}

/** Each repository of the train: its version and tags, the merged release PR and this train's deployments. */
function summaryRepos(
  plan: ReleasePlan,
  version: TrainVersion,
  observation: Observation,
  id: string,
): TrainSummary["repos"] {
  return plan.repos.map((r) => {
    const observed = observation.repos[r.fullName];
    const pr = observed?.pullRequest;
    return {
      name: r.name,
      fullName: r.fullName,
      level: r.level,
      team: r.team,
      version: versionFor(version, r.fullName).version,
      tag: versionFor(version, r.fullName).tag,
      previousTag: previousTag(observed, versionFor(version, r.fullName).version)?.name ?? null,
      commit: pr?.mergeCommitOid ?? "",
      pr: { number: pr?.number ?? 0, url: pr?.url ?? "" },
      deployments: (observed?.deployments ?? [])
        .filter((d) => d.train === id)
        .sort((a, b) => a.id - b.id)
        .map((d) => ({ environment: d.environment, task: d.task, sha: d.sha, state: d.state, at: d.createdAt })),
    };
  });
}

function rollbacksOf(state: TrainState): TrainSummary["rollbacks"] {
  if (!state.rollback) return [];
  const { mode, reason, by, at, verifiedAt } = state.rollback;
  return [{ mode, reason, by, at, verifiedAt: verifiedAt ?? null }];
}

/** Independent versioning only: every repository's version, and those not released. */
function independentVersions(version: TrainVersion): Pick<TrainSummary, "versioning" | "versions" | "unreleased"> {
  if (!version.repos) return {};
  return {
    versioning: "independent",
    versions: Object.fromEntries(Object.entries(version.repos).map(([name, own]) => [name, own.version])),
    unreleased: Object.entries(version.repos)
      .filter(([, own]) => !own.release)
      .map(([name]) => name),
  };
}

function phaseTimes(entered: string | null, times: (ids: string[]) => string[]): TrainSummary["phases"] {
  let previousFinished = entered;
  return PHASES.map((phase) => {
    const done = times(phase.steps.map((s) => s.id));
    const first = [previousFinished, done[0]].filter((t): t is string => Boolean(t)).sort()[0] ?? null;
    const last = done.length === phase.steps.length ? done.at(-1)! : null;
    previousFinished = last;
    return {
      phase: phase.id,
      title: phase.title,
      startedAt: first,
      finishedAt: last,
      minutes: first && last ? Math.round((Date.parse(last) - Date.parse(first)) / 60_000) : null,
    };
  });
}
