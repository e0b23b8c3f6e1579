// Phase 7, Release Finalization: once production is verified, the release PRs are merged
// in release order (each guarded by the approved head), every repository is tagged with
// the same version at its merge commit (a tag is never moved), then release notes, the
// summary file, the archive, the announcement and the retrospective follow. Pure.
import type { TrainConfig } from "../config/schema.js";
import { mergeReadiness } from "./branch-rules.js";
import { summarizeChecks } from "./checks.js";
import { walkRepos } from "./levels.js";
import type { Observation } from "./model/observation.js";
import type { PullRequestObservation } from "./model/repo-observation.js";
import type { TrainState } from "./model/train-state.js";
import type { ChecklistItem } from "./model/train-view.js";
import type { Action } from "./model/actions.js";
import type { PlannedRepo, ReleasePlan } from "./plan.js";
import type { ComputedSteps } from "./model/train-view.js";
import type { TrainVersion } from "./model/train-version.js";
import { versionFor } from "./repo-versions.js";

export interface FinalizeInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  /** Phase 6 is done: production verified, the bake window passed, 6.3 and 6.4 checked. */
  verified: boolean;
}

export interface FinalizeResult {
  steps: ComputedSteps;
  actions: Action[];
  /** What holds the train (merge conflicts, a tag at another commit): key -> why. */
  blockers: Record<string, string>;
  /** Every repository merged and tagged: the rest of Phase 7 may run. */
  tagged: boolean;
  /** GitHub is still computing a release PR's mergeability: look again shortly (never a failure). */
  waitingForGitHub: boolean;
}

type StepResult = Pick<ChecklistItem, "status" | "progress" | "detail">;

const short = (oid: string) => oid.slice(0, 7);

export function finalize(input: FinalizeInput): FinalizeResult {
  const { plan, observation, state } = input;
  const result: FinalizeResult = { steps: {}, actions: [], blockers: {}, tagged: false, waitingForGitHub: false };
  const queued: string[] = [];
  const forward = input.verified && !state.hold && !state.aborted && !state.rollback;
  const total = plan.repos.length;
  let merged = 0;
  let tagged = 0;
  // Merged in release order: a level's pull requests merge once every level before it is merged.
  walkRepos(plan, (repo, mayStart) => {
    const pr = observation.repos[repo.fullName]?.pullRequest ?? null;
    if (pr?.state === "MERGED" && pr.mergeCommitOid) {
      merged += 1;
      if (tagOf(input, repo, pr.mergeCommitOid, result, forward)) tagged += 1;
      return true;
    }
    if (pr?.state === "OPEN" && mayStart && forward) mergeOf(input, repo, pr, result, queued);
    return false;
  });
  const step = (done: number, failed: boolean, pendingText: string): StepResult => ({
    status: failed ? "failed" : done === total ? "done" : done > 0 ? "running" : "pending",
    progress: { done, total },
    ...(done === 0 && !failed && !input.verified ? { detail: pendingText } : {}),
  });
  const blockers = Object.entries(result.blockers);
  const mergeDetail = detailOf(blockers, "merge:");
  const queueNote = queued.length > 0 ? `in the merge queue: ${queued.join(", ")}` : "";
  const detail = [mergeDetail.detail ?? "", queueNote].filter(Boolean).join("; ");
  result.steps["7.1"] = {
    ...step(
      merged,
      blockers.some(([k]) => k.startsWith("merge:")),
      "after Phase 6",
    ),
    ...(detail ? { detail } : {}),
  };
  result.steps["7.2"] = {
    ...step(
      tagged,
      blockers.some(([k]) => k.startsWith("tag:")),
      "after the merges",
    ),
    ...detailOf(blockers, "tag:"),
  };
  result.tagged = tagged === total;
  return result;
}

/**
 * 7.2: the repository's version (the train's unless independent), at the merge commit; an
 * existing tag elsewhere stops the train. True when the tag is in place.
 */
function tagOf(
  input: FinalizeInput,
  repo: PlannedRepo,
  mergeCommitOid: string,
  result: FinalizeResult,
  forward: boolean,
): boolean {
  const { tag } = versionFor(input.version, repo.fullName);
  const existing = input.observation.repos[repo.fullName]!.tags.find((t) => t.name === tag);
  if (existing && existing.commitOid === mergeCommitOid) return true;
  if (existing) {
    result.blockers[`tag:${repo.fullName}`] =
      `${tag} already exists in ${repo.name} at ${short(existing.commitOid)}, not at the merge commit ${short(mergeCommitOid)}; release-train never moves a tag — delete or rename it, then \`/retry\``;
  } else if (forward) {
    result.actions.push({
      kind: "createTag",
      repo: repo.fullName,
      tag,
      sha: mergeCommitOid,
      message: `${tag}\n\nReleased by the release train ${input.observation.issue.url}`,
    });
  }
  return false;
}

/** 7.1 for an open release PR whose turn it is: merge or enqueue it, or say what holds it. */
function mergeOf(
  input: FinalizeInput,
  repo: PlannedRepo,
  pr: PullRequestObservation,
  result: FinalizeResult,
  queued: string[],
): void {
  const { config, version, observation, state } = input;
  const approved = state.approval?.heads[repo.fullName];
  const observed = observation.repos[repo.fullName]!;
  const checkState = (name: string) => {
    const summary = summarizeChecks(observed.releaseBranch, [name]);
    return summary.status === "ok"
      ? ("ok" as const)
      : summary.status === "failed"
        ? ("failed" as const)
        : ("waiting" as const);
  };
  const ready = mergeReadiness(observed, pr, checkState);
  const removal = pr.removedFromQueue;
  const block = (why: string) => (result.blockers[`merge:${repo.fullName}`] = why);
  if (pr.mergeable === "CONFLICTING") {
    block(
      `${repo.name}#${pr.number} has merge conflicts with its default branch: resolve them on the release branch, then \`/retry\``,
    );
  } else if (approved && pr.headOid !== approved) {
    block(`${repo.name}#${pr.number} moved after the approval (${short(pr.headOid)}, approved ${short(approved)})`);
  } else if (pr.queue) {
    queued.push(`${repo.name}#${pr.number} (${pr.queue.state.toLowerCase().replace(/_/g, " ")})`);
  } else if (observed.mergeQueue && removal && removal.at > (state.retriedAt ?? state.approval?.at ?? "")) {
    block(`${repo.name}#${pr.number} was removed from the merge queue: ${removal.reason} — fix it, then \`/retry\``);
  } else if (ready.unknown) {
    // GitHub computes mergeability in the background: wait for its answer.
    result.waitingForGitHub = true;
  } else if (!ready.ready) {
    block(`GitHub would not merge ${repo.name}#${pr.number}: it ${ready.missing} — then \`/retry\``);
  } else if (observed.mergeQueue && pr.id) {
    // The branch merges through its merge queue: enqueue in release order, guarded by the approved head.
    result.actions.push({
      kind: "enqueuePullRequest",
      repo: repo.fullName,
      number: pr.number,
      pullRequestId: pr.id,
      sha: pr.headOid,
    });
  } else {
    result.actions.push({
      kind: "mergePullRequest",
      repo: repo.fullName,
      number: pr.number,
      sha: pr.headOid,
      method: config.mergeMethod,
      title: `release: ${version.tag}`,
    });
  }
}

function detailOf(blockers: Array<[string, string]>, prefix: string): { detail?: string } {
  const texts = blockers.filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  return texts.length > 0 ? { detail: texts.join("; ") } : {};
}
