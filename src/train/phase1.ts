// Phase 1, Release Preparation: release branches, changelogs, version bumps, release
// PRs and the code freeze, decided per repository from what GitHub shows. Pure.
import type { TrainConfig } from "../config/schema.js";
import { branchPoint } from "./maintenance.js";
import type { TrainVersion } from "./model/train-version.js";
import type { PlannedRepo } from "./plan.js";
import { freezeActions, freezeProgress } from "./preparation/freeze.js";
import type { Phase1Input, Phase1Result, StepVerdict } from "./preparation/phase1-io.js";
import { prepareRepo } from "./preparation/prepare-repo.js";
import { releaseWrites } from "./preparation/release-writes.js";
import { versionFor } from "./repo-versions.js";

/** Repositories counted per step: branched (1.1), prepared (1.3, 1.4), with a PR (1.5), drafted (P5). */
interface Tally {
  branches: number;
  prepared: number;
  prs: number;
  drafted: number;
}

type Decided = Omit<Phase1Result, "steps">;

export function phase1(input: Phase1Input): Phase1Result {
  const tally: Tally = { branches: 0, prepared: 0, prs: 0, drafted: 0 };
  const decided: Decided = { actions: [], needsDetails: [], problems: {}, warnings: {}, preparations: {} };
  const writes = input.started && input.config.dryRun !== true;
  for (const repo of input.plan.repos) prepareOne(input, repo, writes, tally, decided);
  decided.actions.push(...freezeActions(input));
  return { ...decided, steps: phase1Steps(input, tally, writes) };
}

/** One repository's part of Phase 1: label its open release PR, or prepare it and write what is missing. */
function prepareOne(input: Phase1Input, repo: PlannedRepo, writes: boolean, tally: Tally, decided: Decided): void {
  const { config, version, observation } = input;
  const observed = observation.repos[repo.fullName];
  const point = observed?.found ? branchPoint(observed, version.version, config.versioning === "fixed") : null;
  if (!observed || !point) return;
  const pr = observed.pullRequest && observed.pullRequest.state !== "CLOSED" ? observed.pullRequest : null;
  if (observed.releaseBranch) tally.branches += 1;

  if (pr) {
    tally.prepared += 1;
    tally.drafted += 1;
    tally.prs += 1;
    if (writes && !pr.labels.includes(config.label))
      decided.actions.push({ kind: "addLabels", repo: repo.fullName, number: pr.number, labels: [config.label] });
    return;
  }
  if (!observed.details || observed.details.baseOid !== point.from) {
    decided.needsDetails.push(repo.fullName);
    return;
  }
  // An independent repository's changelog is titled with its own version, read once that is known.
  const own = versionFor(version, repo.fullName);
  if (version.repos && observed.details.changelogVersion !== own.version) {
    decided.needsDetails.push(repo.fullName);
    return;
  }
  tally.drafted += 1;
  const preparation = prepareRepo(repo, observed, own, otherPackages(version, config, repo));
  decided.preparations[repo.fullName] = preparation;
  if (preparation.problems.length > 0) decided.problems[repo.fullName] = preparation.problems;
  if (preparation.warnings.length > 0) decided.warnings[repo.fullName] = preparation.warnings;
  if (preparation.changes.length === 0) tally.prepared += 1;
  if (!writes || preparation.problems.length > 0 || version.pending) return;
  decided.actions.push(
    ...releaseWrites({ plan: input.plan, observation, version, own, repo, observed, point, preparation }),
  );
}

/** The train's packages other than the ones `repo` publishes itself. */
function otherPackages(version: TrainVersion, config: TrainConfig, repo: PlannedRepo): Record<string, string> {
  const own = config.repos[repo.entryIndex]?.publishes?.npm;
  return Object.fromEntries(Object.entries(version.packages ?? {}).filter(([name]) => name !== own));
}

function phase1Steps(input: Phase1Input, tally: Tally, writes: boolean): Record<string, StepVerdict> {
  const total = input.plan.repos.length;
  const status = (done: number) =>
    done === total
      ? ("done" as const)
      : done > 0 || (input.started && writes)
        ? ("running" as const)
        : ("pending" as const);
  const { branches, prepared, prs, drafted } = tally;
  return {
    P5: { status: drafted === total ? "done" : "running", progress: { done: drafted, total } },
    "1.1": { status: status(branches), progress: { done: branches, total } },
    "1.2": freezeProgress(input),
    "1.3": { status: status(prepared), progress: { done: prepared, total } },
    "1.4": { status: status(prepared), progress: { done: prepared, total } },
    "1.5": { status: status(prs), progress: { done: prs, total } },
  };
}
