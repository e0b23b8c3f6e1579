// The view's per-repository matrix: branch, release PR, checks, sign-off, what runs where,
// the rollback and Phase 7, as the phases and GitHub show them.
import { summarizeChecks } from "../checks.js";
import { trainId } from "../model/observation.js";
import type { RepoObservation } from "../model/repo-observation.js";
import type { CellStatus, RepoRow } from "../model/train-view.js";
import { releaseCheckNames } from "../validation/check-gates.js";
import { repoVersionProblems } from "../phases/preconditions.js";
import type { PlannedRepo } from "../plan.js";
import { versionFor } from "../repo-versions.js";
import { previousTag } from "../tags.js";
import type { ViewInput } from "./view-input.js";

const NO_DEPLOYMENT: RepoRow["environments"] = {
  staging: { status: "none", text: "" },
  canary: { status: "none", text: "" },
  production: { status: "none", text: "" },
};

/** One repository's row: its problems (the phases' and its version's), cells and warnings. */
export function repoRow(planned: PlannedRepo, repo: RepoObservation | undefined, input: ViewInput): RepoRow {
  const version = versionFor(input.version, planned.fullName);
  const problems = [
    ...(input.repoProblems[planned.fullName] ?? []),
    ...repoVersionProblems(planned.fullName, repo, input),
  ];
  const warnings = input.repoWarnings[planned.fullName] ?? [];
  // Before the release branch, the default branch's checks (P3); on it, the release checks (2.1, 2.2).
  const commit = repo?.releaseBranch ?? repo?.defaultHead ?? null;
  const checks = summarizeChecks(commit, repo?.releaseBranch ? releaseCheckNames(input.config, repo) : undefined);
  const started = checks.passed + checks.failing.length + checks.pending.length > 0;
  const pr = repo?.pullRequest ?? null;
  return {
    fullName: planned.fullName,
    name: planned.name,
    url: repo?.url ?? `https://github.com/${planned.fullName}`,
    level: planned.level,
    team: planned.team,
    dependsOn: planned.dependsOn,
    previousTag: previousTag(repo, version.version)?.name ?? null,
    branch: { status: repo?.releaseBranch ? "ok" : "none", oid: repo?.releaseBranch?.oid ?? null },
    pr: {
      status: pr ? (pr.state === "CLOSED" ? "failed" : "ok") : "none",
      number: pr?.number ?? null,
      url: pr?.url ?? null,
    },
    checks: {
      status: checks.status === "running" && !started ? "pending" : checks.status,
      passed: checks.passed,
      total: checks.total,
    },
    signoff: input.state.signoffs[planned.team]
      ? "ok"
      : input.gates.required.some((r) => r.team === planned.team)
        ? "pending"
        : "none",
    environments: rolledBack(input, planned.fullName, input.cells[planned.fullName] ?? NO_DEPLOYMENT),
    rolledBack: input.state.rollback?.repos.includes(planned.fullName)
      ? rollbackStatus(input, planned.fullName)
      : "none",
    final: finalCells(input, planned.fullName, repo),
    problems,
    warnings,
  };
}

/** The state of the train's rollback deployment of a repository to production. */
function rollbackStatus(input: ViewInput, repo: string): CellStatus {
  const id = trainId(input.observation.train);
  const ours = input.observation.repos[repo]?.deployments.find(
    (d) => d.train === id && d.purpose === "rollback" && d.environment === input.config.environments.production,
  );
  return !ours
    ? "pending"
    : ours.state === "success"
      ? "ok"
      : ours.state === "failure" || ours.state === "error"
        ? "failed"
        : "running";
}

/** After a verified rollback step, production shows the previous release. */
function rolledBack(input: ViewInput, repo: string, cells: RepoRow["environments"]): RepoRow["environments"] {
  if (!input.state.rollback?.repos.includes(repo)) return cells;
  const tag = previousTag(input.observation.repos[repo], input.version.version)?.name ?? "previous release";
  const status = rollbackStatus(input, repo);
  return {
    ...cells,
    production: { status, text: status === "ok" ? `↩ ${tag}` : `↩ ${tag} ${status === "failed" ? "failed" : "…"}` },
  };
}

/** Phase 7 per repository, from GitHub: the merged release PR, the train's tag at its merge commit, the published release. */
function finalCells(input: ViewInput, repo: string, observed: RepoObservation | undefined): RepoRow["final"] {
  const pr = observed?.pullRequest;
  const merged = pr?.state === "MERGED";
  const tag = versionFor(input.version, repo).tag;
  const tagged = merged && observed!.tags.some((t) => t.name === tag && t.commitOid === pr.mergeCommitOid);
  const release = input.observation.final?.repos[repo]?.release;
  // Once 7.3 is done the final observation is no longer read: every release was published.
  const released: CellStatus =
    input.state.reached["7.3"] || (release && !release.isDraft) ? "ok" : release ? "running" : "none";
  return { merged: merged ? "ok" : "none", tagged: tagged ? "ok" : "none", released };
}
