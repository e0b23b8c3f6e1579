// GitHub's merge queue: an enqueued PR gets a merge group (a temporary
// `gh-readonly-queue/<base>/pr-<n>-<sha>` branch: the base, the entries ahead, and the PR),
// CI reports the required checks on that group (`merge_group` event), and the queue then
// fast-forwards the base branch to it and marks the PR merged — or removes the PR with a
// reason when a required check fails or its head moved.
import type { SimCore } from "../core.js";
import { ApiError } from "../errors.js";
import * as S from "../serialize/index.js";
import type { MergeQueueEntry } from "../store/protection.js";
import type { PullRequest, Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";
import { setRef } from "./git.js";
import { requirements, queueViolations, requiredCheckState } from "./protection.js";
import { buildMergeCommit, markMerged } from "./pulls.js";
import { requirePull } from "./require-pull.js";

export const QUEUE_BOT = "github-merge-queue[bot]";

export function queueEntries(repo: Repo, branch: string): MergeQueueEntry[] {
  return repo.protection.queue.filter((e) => repo.pulls.get(e.pullNumber)?.baseRef === branch);
}

export function entryOf(repo: Repo, pr: PullRequest): MergeQueueEntry | undefined {
  return repo.protection.queue.find((e) => e.pullNumber === pr.number);
}

const methodOf = (repo: Repo, branch: string): "merge" | "squash" | "rebase" =>
  (requirements(repo, branch).mergeQueue?.method.toLowerCase() as "merge" | "squash" | "rebase" | undefined) ?? "merge";

/** Builds the merge group for an entry on top of `tip` and announces it with `merge_group`. */
function buildGroup(core: SimCore, repo: Repo, entry: MergeQueueEntry, tip: string): void {
  const { issue, pr } = requirePull(repo, entry.pullNumber);
  // Each group is a new commit (GitHub's differ by their commit time): a re-queued PR never inherits an earlier group's checks.
  const commit = buildMergeCommit(core, repo, issue, pr, tip, methodOf(repo, pr.baseRef), entry.enqueuer, {
    commit_message: `${issue.title}\n\nMerge queue entry ${entry.id}`,
  });
  if (entry.groupRef) core.silently(() => setRef(core, repo, entry.groupRef, null, QUEUE_BOT));
  entry.groupSha = commit.sha;
  entry.baseSha = tip;
  entry.groupRef = `refs/heads/gh-readonly-queue/${pr.baseRef}/pr-${pr.number}-${pr.headSha}`;
  setRef(core, repo, entry.groupRef, commit.sha, QUEUE_BOT);
  core.emit("merge_group", repo, QUEUE_BOT, {
    action: "checks_requested",
    merge_group: {
      head_sha: commit.sha,
      head_ref: entry.groupRef,
      base_sha: tip,
      base_ref: `refs/heads/${pr.baseRef}`,
      head_commit: S.pushCommit(core, repo, commit),
    },
  });
  core.mergeGroupBuilt(repo, commit.sha);
}

/** `enqueuePullRequest`: adds the PR at the end of its base branch's queue (an already queued PR keeps its entry). */
export function enqueue(
  core: SimCore,
  repo: Repo,
  number: number,
  actor: string,
  expectedHeadOid: string | null,
): MergeQueueEntry {
  const { issue, pr } = requirePull(repo, number);
  core.store.ensureAccount(QUEUE_BOT, "Bot");
  if (issue.state !== "open" || pr.merged) throw new ApiError(422, "Pull request is not open");
  if (!requirements(repo, pr.baseRef).mergeQueue)
    throw new ApiError(422, `Merge queue is not enabled for the ${pr.baseRef} branch`);
  if (expectedHeadOid && expectedHeadOid !== pr.headSha)
    throw new ApiError(409, `Expected head oid ${expectedHeadOid} does not match the pull request head ${pr.headSha}`);
  const existing = entryOf(repo, pr);
  if (existing) return existing;
  if (pr.draft) throw new ApiError(422, "Draft pull requests cannot be added to the merge queue");
  const blocked = queueViolations(core, repo, pr);
  if (blocked.length > 0) throw new ApiError(422, `Pull request is not mergeable: ${blocked.join(" ")}`);
  const id = core.store.ids.take("mergeQueueEntry");
  const entry: MergeQueueEntry = {
    id,
    nodeId: nodeId("MQE", id),
    pullNumber: number,
    headSha: pr.headSha,
    groupSha: "",
    groupRef: "",
    baseSha: "",
    enqueuer: actor,
    enqueuedAt: core.now(),
  };
  const ahead = queueEntries(repo, pr.baseRef);
  const tip = ahead.length > 0 ? ahead[ahead.length - 1]!.groupSha : repo.git.refs.get(`refs/heads/${pr.baseRef}`)!;
  repo.protection.queue.push(entry);
  core.emit("pull_request", repo, actor, {
    action: "enqueued",
    number,
    pull_request: S.pull(core, repo, issue, pr, { full: true }),
  });
  buildGroup(core, repo, entry, tip);
  advanceQueue(core, repo, pr.baseRef);
  return entry;
}

/** Takes a PR out of the queue with a reason (a failed check, a moved head, or a person's `dequeuePullRequest`). */
export function removeFromQueue(core: SimCore, repo: Repo, number: number, actor: string, reason: string): void {
  const entry = repo.protection.queue.find((e) => e.pullNumber === number);
  if (!entry) throw new ApiError(422, "Pull request is not in the merge queue");
  const { issue, pr } = requirePull(repo, number);
  repo.protection.queue = repo.protection.queue.filter((e) => e !== entry);
  const id = core.store.ids.take("mergeQueueRemoval");
  repo.protection.removals.push({
    id,
    nodeId: nodeId("RFMQE", id),
    pullNumber: number,
    reason,
    enqueuer: entry.enqueuer,
    headSha: entry.headSha,
    at: core.now(),
  });
  setRef(core, repo, entry.groupRef, null, QUEUE_BOT);
  core.emit("merge_group", repo, QUEUE_BOT, {
    action: "destroyed",
    reason: "invalidated",
    merge_group: {
      head_sha: entry.groupSha,
      head_ref: entry.groupRef,
      base_sha: entry.baseSha,
      base_ref: `refs/heads/${pr.baseRef}`,
    },
  });
  core.emit("pull_request", repo, actor, {
    action: "dequeued",
    number,
    reason,
    pull_request: S.pull(core, repo, issue, pr, { full: true }),
  });
  // The entries behind it are rebuilt without it.
  let tip = repo.git.refs.get(`refs/heads/${pr.baseRef}`)!;
  for (const next of queueEntries(repo, pr.baseRef)) {
    buildGroup(core, repo, next, tip);
    tip = next.groupSha;
  }
  advanceQueue(core, repo, pr.baseRef);
}

/**
 * Merges the entries at the front whose merge groups passed every required check, and
 * removes those whose checks failed or whose head moved. Runs after enqueues and after
 * every check run or status on a repository with a queue.
 */
export function advanceQueue(core: SimCore, repo: Repo, branch?: string): void {
  const branches = branch
    ? [branch]
    : [
        ...new Set(
          repo.protection.queue.map((e) => repo.pulls.get(e.pullNumber)?.baseRef).filter((b): b is string => !!b),
        ),
      ];
  for (const base of branches) {
    for (;;) {
      const front = queueEntries(repo, base)[0];
      if (!front) break;
      const { issue, pr } = requirePull(repo, front.pullNumber);
      if (pr.headSha !== front.headSha) {
        removeFromQueue(core, repo, pr.number, QUEUE_BOT, "The pull request head was updated after it was queued");
        return;
      }
      const checks = requirements(repo, base).checks;
      const failed = checks.find((c) => requiredCheckState(repo, front.groupSha, c) === "failure");
      if (failed) {
        removeFromQueue(
          core,
          repo,
          pr.number,
          QUEUE_BOT,
          `The required status check "${failed}" failed on the merge group`,
        );
        return;
      }
      if (checks.some((c) => requiredCheckState(repo, front.groupSha, c) !== "success")) break;
      const baseTip = repo.git.refs.get(`refs/heads/${base}`)!;
      if (front.baseSha !== baseTip && !repo.git.isAncestor(baseTip, front.groupSha)) {
        // The base moved outside the queue: rebuild the group on the new tip and wait for its checks.
        buildGroup(core, repo, front, baseTip);
        break;
      }
      repo.protection.queue = repo.protection.queue.filter((e) => e !== front);
      setRef(core, repo, `refs/heads/${base}`, front.groupSha, QUEUE_BOT);
      core.silently(() => setRef(core, repo, front.groupRef, null, QUEUE_BOT));
      markMerged(core, repo, issue, pr, front.groupSha, front.baseSha, front.enqueuer);
    }
  }
}

/** GraphQL `MergeQueueEntry.state`. */
export function entryState(
  repo: Repo,
  entry: MergeQueueEntry,
): "AWAITING_CHECKS" | "QUEUED" | "MERGEABLE" | "UNMERGEABLE" {
  const pr = repo.pulls.get(entry.pullNumber);
  if (!pr) return "UNMERGEABLE";
  const checks = requirements(repo, pr.baseRef).checks;
  const states = checks.map((c) => requiredCheckState(repo, entry.groupSha, c));
  if (states.includes("failure")) return "UNMERGEABLE";
  if (states.includes("missing")) return queueEntries(repo, pr.baseRef)[0] === entry ? "AWAITING_CHECKS" : "QUEUED";
  return "MERGEABLE";
}
