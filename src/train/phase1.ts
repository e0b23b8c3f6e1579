// Phase 1, Release Preparation: release branches, changelogs, version bumps, release
// PRs and the code freeze, decided per repository from what GitHub shows. Pure.
import semver from "semver";
import { impliedVersionTooSmall } from "../changelog/commits.js";
import { prependChangelog } from "../changelog/render.js";
import { bumpVersionFile, defaultVersionFiles, type VersionFileRule } from "../changelog/version-files.js";
import { updateDependencies, type ManifestUpdate } from "../changelog/dependency-ranges.js";
import { versionFor } from "./repo-versions.js";
import { branchPoint } from "./maintenance.js";
import type { TrainConfig } from "../config/schema.js";
import type { Observation } from "./model/observation.js";
import type { RepoObservation } from "./model/repo-observation.js";
import type { TrainState } from "./model/train-state.js";
import type { ChecklistItem } from "./model/train-view.js";
import type { Action, FileChange } from "./model/actions.js";
import type { PlannedRepo, ReleasePlan } from "./plan.js";
import type { TrainVersion } from "./model/train-version.js";

export const FREEZE_CONTEXT = "release-train/freeze";
export const CHANGELOG_PATH = "CHANGELOG.md";
const DEFAULT_FILES = ["package.json", "package-lock.json"];
/** GitHub caps PR bodies at 65,536 characters. */
const PR_BODY_LIMIT = 60_000;

/** Files Phase 1 reads in a repository (the shell fetches exactly these); `manifests`: also package.json and its lock file, for dependency updates. */
export function filesToRead(repo: PlannedRepo, manifests = false): string[] {
  const paths = repo.versionFiles?.map((f) => f.path) ?? DEFAULT_FILES;
  return [...new Set([...paths, ...(manifests ? DEFAULT_FILES : []), CHANGELOG_PATH])];
}

function versionRules(repo: PlannedRepo, files: Record<string, string | null>): VersionFileRule[] {
  if (repo.versionFiles)
    return repo.versionFiles.map((f) => (f.pattern ? { path: f.path, pattern: f.pattern } : f.path));
  return defaultVersionFiles(new Set(Object.keys(files).filter((p) => files[p] !== null)));
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

export interface RepoPreparation {
  /** Files to change in the release commit (empty when already prepared). */
  changes: FileChange[];
  problems: string[];
  warnings: string[];
  /** Ranges on the train's packages in package.json: moved, or left as written (independent versioning). */
  dependencies?: DependencyUpdate;
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
  const warnings: string[] = [];
  const changes: FileChange[] = [];
  for (const rule of versionRules(repo, details.files)) {
    const path = typeof rule === "string" ? rule : rule.path;
    const content = details.files[path];
    if (content === null || content === undefined) {
      if (repo.versionFiles) problems.push(`version file ${path} not found`);
      continue;
    }
    const bumped = bumpVersionFile(rule, content, version.version);
    if (!bumped.ok) problems.push(bumped.message);
    else if (bumped.changed) changes.push({ path, contents: bumped.content });
  }
  const dependencies =
    Object.keys(packages).length > 0 ? dependencyUpdate(details.files, changes, packages) : undefined;
  if (dependencies && !dependencies.ok) problems.push(dependencies.message);
  const changelog = details.files[CHANGELOG_PATH] ?? null;
  const updated = prependChangelog(changelog, details.changelog);
  if (updated !== changelog) changes.push({ path: CHANGELOG_PATH, contents: updated });
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
  return { changes, problems, warnings, ...(dependencies?.ok ? { dependencies } : {}) };
}

export type DependencyUpdate = Extract<ManifestUpdate, { ok: true }> & {
  /** Ranges changed while a package-lock.json is left as it was: the repository's CI must refresh it (`npm install`). */
  lockfileRefresh: boolean;
};

/** package.json's ranges on the train's packages, applied on top of its version bump in `changes`. */
function dependencyUpdate(
  files: Record<string, string | null>,
  changes: FileChange[],
  packages: Readonly<Record<string, string>>,
): DependencyUpdate | { ok: false; message: string } | undefined {
  const bumped = changes.find((c) => c.path === "package.json");
  const manifest = bumped?.contents ?? files["package.json"];
  if (manifest === null || manifest === undefined) return undefined;
  const update = updateDependencies(manifest, packages);
  if (!update.ok) return update;
  if (update.content !== manifest) {
    if (bumped) bumped.contents = update.content;
    else changes.push({ path: "package.json", contents: update.content });
  }
  const locked = ["package-lock.json", "npm-shrinkwrap.json"].some((path) => typeof files[path] === "string");
  return { ...update, lockfileRefresh: update.edits.length > 0 && locked };
}

export interface Phase1Input {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  /** Preconditions done (now or earlier): Phase 1 may write. */
  started: boolean;
  /** May this person exempt a pull request from the freeze with the `hotfix` label (the orchestration team)? */
  mayHotfix: (login: string) => boolean;
}

export interface Phase1Result {
  actions: Action[];
  /** Repositories whose details decide needs and does not have. */
  needsDetails: string[];
  steps: Record<string, Pick<ChecklistItem, "status" | "progress" | "detail">>;
  problems: Record<string, string[]>;
  warnings: Record<string, string[]>;
  preparations: Record<string, RepoPreparation>;
}

function prBody(
  version: TrainVersion,
  own: TrainVersion,
  repo: PlannedRepo,
  levels: number,
  observation: Observation,
  changelog: string,
  preparation: RepoPreparation,
): string {
  const train = own.tag === version.tag ? "" : ` (release train ${version.tag})`;
  const intro = `Release **${own.tag}** of \`${repo.fullName}\`${train}, level ${repo.level} of ${levels} in the release train ${observation.issue.url}.\n\nThis pull request is managed by release-train: it is merged in release order once the train's gates and deployments are green.${dependencyNotes(preparation)}`;
  const clipped =
    changelog.length > PR_BODY_LIMIT
      ? `${changelog.slice(0, PR_BODY_LIMIT)}\n\n… (truncated; see CHANGELOG.md)`
      : changelog;
  return `${intro}\n\n${clipped}\n\n<!-- release-train:pr ${observation.train.owner}/${observation.train.repo}#${observation.train.issueNumber} -->`;
}

/** The train's packages other than the ones `repo` publishes itself. */
function otherPackages(version: TrainVersion, config: TrainConfig, repo: PlannedRepo): Record<string, string> {
  const own = config.repos[repo.entryIndex]?.publishes?.npm;
  return Object.fromEntries(Object.entries(version.packages ?? {}).filter(([name]) => name !== own));
}

/** The dependency updates of a release commit, for its message and the release PR. */
export function dependencyNotes(preparation: RepoPreparation): string {
  const update = preparation.dependencies;
  if (!update || update.edits.length + update.kept.length === 0) return "";
  const lines = [
    ...update.edits.map(
      (e) =>
        `- \`${e.package}\` ${e.from} → ${e.to}${e.acceptedBefore ? "" : ` (${e.from} would not accept ${e.version})`}`,
    ),
    ...update.kept.map(
      (k) =>
        `- \`${k.package}\` ${k.from} left as written: ${k.why}${k.acceptedBefore ? "" : ` — ⚠️ it does not accept ${k.version}`}`,
    ),
    ...(update.lockfileRefresh ? ["- package-lock.json is left as it was: CI must refresh it (`npm install`)"] : []),
  ];
  return `\n\nDependency updates:\n${lines.join("\n")}`;
}

/** Is the freeze on? It starts with Phase 1 (or `/freeze`) and lifts with `/unfreeze`. */
export function freezeActive(state: TrainState, started: boolean): boolean {
  if (state.freeze?.mode === "off" || state.aborted || state.finishedAt) return false;
  return started || state.freeze?.mode === "on";
}

export function phase1(input: Phase1Input): Phase1Result {
  const { config, plan, version, observation, started } = input;
  const actions: Action[] = [];
  const needsDetails: string[] = [];
  const problems: Record<string, string[]> = {};
  const warnings: Record<string, string[]> = {};
  const preparations: Record<string, RepoPreparation> = {};
  let branches = 0;
  let prepared = 0;
  let prs = 0;
  let drafted = 0;
  const writes = started && config.dryRun !== true;

  for (const repo of plan.repos) {
    const observed = observation.repos[repo.fullName];
    const point = observed?.found ? branchPoint(observed, version.version, config.versioning === "fixed") : null;
    if (!observed || !point) continue;
    const head = point.from;
    const pr = observed.pullRequest && observed.pullRequest.state !== "CLOSED" ? observed.pullRequest : null;
    if (observed.releaseBranch) branches += 1;

    if (pr) {
      prepared += 1;
      drafted += 1;
      prs += 1;
      if (writes && !pr.labels.includes(config.label))
        actions.push({ kind: "addLabels", repo: repo.fullName, number: pr.number, labels: [config.label] });
      continue;
    }
    if (!observed.details || observed.details.baseOid !== head) {
      needsDetails.push(repo.fullName);
      continue;
    }
    // An independent repository's changelog is titled with its own version, read once that is known.
    const own = versionFor(version, repo.fullName);
    if (version.repos && observed.details.changelogVersion !== own.version) {
      needsDetails.push(repo.fullName);
      continue;
    }
    drafted += 1;
    const preparation = prepareRepo(repo, observed, own, otherPackages(version, config, repo));
    preparations[repo.fullName] = preparation;
    if (preparation.problems.length > 0) problems[repo.fullName] = preparation.problems;
    if (preparation.warnings.length > 0) warnings[repo.fullName] = preparation.warnings;
    if (preparation.changes.length === 0) prepared += 1;
    if (!writes || preparation.problems.length > 0 || version.pending) continue;

    // A patch release merges into its line's maintenance branch, made from the line's newest tag when missing.
    if (point.line.kind === "maintenance" && !observed.maintenanceBranch)
      actions.push({ kind: "createBranch", repo: repo.fullName, branch: point.base, sha: point.line.newest.commitOid });
    if (!observed.releaseBranch)
      actions.push({ kind: "createBranch", repo: repo.fullName, branch: version.branch, sha: head });
    if (preparation.changes.length > 0) {
      actions.push({
        kind: "commitFiles",
        repo: repo.fullName,
        branch: version.branch,
        expectedHeadOid: head,
        headline: bumpHeadline(own),
        body: `Release ${own.tag}: ${preparation.changes.map((c) => c.path).join(", ")}.${dependencyNotes(preparation)}\n\nRelease-Train: ${observation.issue.url}`,
        files: preparation.changes,
      });
    }
    actions.push({
      kind: "openPullRequest",
      repo: repo.fullName,
      head: version.branch,
      base: point.base,
      title: `release: ${version.tag}`,
      body: prBody(version, own, repo, plan.levels.length, observation, observed.details.changelog, preparation),
    });
  }

  actions.push(...freezeActions(input));
  const total = plan.repos.length;
  const status = (done: number) =>
    done === total ? ("done" as const) : done > 0 || (started && writes) ? ("running" as const) : ("pending" as const);
  const frozen = freezeProgress(input);
  return {
    actions,
    needsDetails,
    problems,
    warnings,
    preparations,
    steps: {
      P5: { status: drafted === total ? "done" : "running", progress: { done: drafted, total } },
      "1.1": { status: status(branches), progress: { done: branches, total } },
      "1.2": frozen,
      "1.3": { status: status(prepared), progress: { done: prepared, total } },
      "1.4": { status: status(prepared), progress: { done: prepared, total } },
      "1.5": { status: status(prs), progress: { done: prs, total } },
    },
  };
}

/**
 * Open PRs to a constellation repo's default branch, and whether the freeze spares them:
 * a `hotfix` label counts only when GitHub says someone allowed to applied it.
 */
function openPulls(input: Phase1Input) {
  const list: Array<{ repo: string; sha: string; state: string | null; target: string | null; exempt: boolean }> = [];
  for (const repo of input.plan.repos) {
    const observed = input.observation.repos[repo.fullName];
    for (const pull of observed?.openPulls ?? []) {
      if (pull.baseRef !== observed?.defaultBranch || pull.headRef === input.version.branch) continue;
      const hotfix =
        pull.labels.some((l) => l.toLowerCase() === "hotfix") &&
        Boolean(pull.hotfixBy) &&
        input.mayHotfix(pull.hotfixBy!);
      list.push({
        repo: repo.fullName,
        sha: pull.headOid,
        state: pull.freeze,
        target: pull.freezeTarget ?? null,
        exempt: hotfix,
      });
    }
  }
  return list;
}

/** Open PRs the freeze applies to. */
const freezable = (input: Phase1Input) => openPulls(input).filter((p) => !p.exempt);

/**
 * Holds every frozen PR while the freeze is on; lifts every status it set when it is off
 * or the PR became a hotfix. A status another train set (it links that train's tracking
 * issue) is that train's to lift: lifting it would have the two trains set it back and
 * forth without end.
 */
function freezeActions(input: Phase1Input): Action[] {
  const active = freezeActive(input.state, input.started);
  const url = input.observation.issue.url;
  return openPulls(input).flatMap((pull): Action[] => {
    if (active && !pull.exempt && pull.state !== "failure") {
      return [
        {
          kind: "setStatus",
          repo: pull.repo,
          sha: pull.sha,
          context: FREEZE_CONTEXT,
          state: "failure",
          description: `Code freeze for ${input.version.tag}: merges wait for the release`,
          targetUrl: url,
        },
      ];
    }
    if ((!active || pull.exempt) && pull.state === "failure" && pull.target === url) {
      return [
        {
          kind: "setStatus",
          repo: pull.repo,
          sha: pull.sha,
          context: FREEZE_CONTEXT,
          state: "success",
          description: `Code freeze for ${input.version.tag} lifted`,
          targetUrl: url,
        },
      ];
    }
    return [];
  });
}

function freezeProgress(input: Phase1Input): Pick<ChecklistItem, "status" | "progress" | "detail"> {
  const { state } = input;
  // A finished train lifted the freeze because the release is out: 1.2 did its job.
  if (state.finishedAt) return { status: "done", detail: `lifted: ${input.version.tag} released` };
  const active = freezeActive(state, input.started);
  if (!active)
    return {
      status: state.freeze?.mode === "off" ? "skipped" : "pending",
      ...(state.freeze?.mode === "off" ? { detail: `lifted by @${state.freeze.by}` } : {}),
    };
  const pulls = freezable(input);
  if (pulls.length === 0)
    return { status: "done", detail: "on: no open pull requests to hold (`hotfix` label exempts)" };
  const frozen = pulls.filter((p) => p.state === "failure").length;
  return {
    status: frozen === pulls.length ? "done" : "running",
    progress: { done: frozen, total: pulls.length },
    detail: `${pulls.length} open pull request${pulls.length === 1 ? "" : "s"} held (\`hotfix\` label exempts)`,
  };
}
