import type { CheckRun, CheckSuite, CommitStatus, PullRequest, Repo, StatusState } from "./types.js";

/** Latest status per context for a commit, newest first (as GitHub's combined status). */
export function latestStatuses(repo: Repo, sha: string): CommitStatus[] {
  const byContext = new Map<string, CommitStatus>();
  for (const s of repo.statuses) {
    if (s.sha !== sha) continue;
    const prev = byContext.get(s.context);
    if (!prev || s.id > prev.id) byContext.set(s.context, s);
  }
  return [...byContext.values()].sort((a, b) => b.id - a.id);
}

export function combinedState(statuses: CommitStatus[]): StatusState {
  if (statuses.length === 0) return "pending";
  if (statuses.some((s) => s.state === "error" || s.state === "failure")) return "failure";
  if (statuses.some((s) => s.state === "pending")) return "pending";
  return "success";
}

export function suitesFor(repo: Repo, sha: string): CheckSuite[] {
  return repo.checkSuites.filter((s) => s.headSha === sha).sort((a, b) => a.id - b.id);
}

export function runsFor(repo: Repo, sha: string): CheckRun[] {
  return repo.checkRuns.filter((r) => r.headSha === sha).sort((a, b) => b.id - a.id);
}

/** Latest run per (app, name), as GitHub shows in the checks rollup. */
export function latestRuns(repo: Repo, sha: string): CheckRun[] {
  const seen = new Map<string, CheckRun>();
  for (const r of runsFor(repo, sha)) {
    const key = `${r.appId}:${r.name}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

export type RollupState = "ERROR" | "EXPECTED" | "FAILURE" | "PENDING" | "SUCCESS";

/** statusCheckRollup state over check runs and commit statuses. */
export function rollupState(repo: Repo, sha: string): RollupState | null {
  const statuses = latestStatuses(repo, sha);
  const runs = latestRuns(repo, sha);
  if (statuses.length === 0 && runs.length === 0) return null;
  const states: RollupState[] = [];
  for (const s of statuses)
    states.push(
      s.state === "success" ? "SUCCESS" : s.state === "pending" ? "PENDING" : s.state === "error" ? "ERROR" : "FAILURE",
    );
  for (const r of runs) {
    if (r.status !== "completed") states.push("PENDING");
    else if (r.conclusion === "success" || r.conclusion === "neutral" || r.conclusion === "skipped")
      states.push("SUCCESS");
    else states.push("FAILURE");
  }
  if (states.includes("ERROR")) return "ERROR";
  if (states.includes("FAILURE")) return "FAILURE";
  if (states.includes("PENDING")) return "PENDING";
  return "SUCCESS";
}

const prCommitCache = new WeakMap<Repo, Map<string, Set<string>>>();

/** Shas of the commits a pull request contains (plus its merge or squash commit). Cached: commits never change. */
export function pullCommitShas(repo: Repo, pr: PullRequest): Set<string> {
  let base = pr.baseSha;
  if (pr.merged && pr.mergeCommitSha) base = repo.git.commit(pr.mergeCommitSha)?.parents[0] ?? base;
  const key = `${pr.number}:${pr.headSha}:${base}:${pr.mergeCommitSha ?? ""}`;
  let perRepo = prCommitCache.get(repo);
  if (!perRepo) {
    perRepo = new Map();
    prCommitCache.set(repo, perRepo);
  }
  let set = perRepo.get(key);
  if (!set) {
    set = new Set(repo.git.log(pr.headSha, base).map((c) => c.sha));
    set.add(pr.headSha);
    if (pr.mergeCommitSha) set.add(pr.mergeCommitSha);
    perRepo.set(key, set);
  }
  return set;
}

/** Pull requests associated with a commit (as GitHub's associatedPullRequests / commits/{sha}/pulls). */
export function pullsForCommit(repo: Repo, sha: string): PullRequest[] {
  return [...repo.pulls.values()].filter((pr) => pullCommitShas(repo, pr).has(sha)).sort((a, b) => a.number - b.number);
}

export interface Mergeability {
  mergeable: boolean;
  /** "clean" | "dirty" | "unstable" | "blocked" | "behind" | "unknown" */
  mergeableState: string;
  conflicts: string[];
}

export function mergeability(repo: Repo, pr: PullRequest): Mergeability {
  const base = repo.git.refs.get(`refs/heads/${pr.baseRef}`) ?? pr.baseSha;
  let conflicts: string[] = [];
  if (pr.mergeableOverride === false) conflicts = ["(marked conflicting)"];
  else if (pr.mergeableOverride !== true) {
    const m = repo.git.merge(base, pr.headSha);
    if ("conflicts" in m) conflicts = m.conflicts;
  }
  if (conflicts.length) return { mergeable: false, mergeableState: "dirty", conflicts };
  const rollup = rollupState(repo, pr.headSha);
  const state =
    rollup === "FAILURE" || rollup === "ERROR" || rollup === "PENDING"
      ? "unstable"
      : repo.git.isAncestor(base, pr.headSha)
        ? "clean"
        : "behind";
  return { mergeable: true, mergeableState: state, conflicts };
}
