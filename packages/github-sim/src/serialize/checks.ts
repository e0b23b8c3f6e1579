import type { SimCore } from "../core.js";
import { combinedState, latestStatuses } from "../store/queries.js";
import type { CheckRun, CheckSuite, CommitStatus, Repo } from "../store/types.js";
import { app, user } from "./accounts.js";
import { repoRef, repository } from "./repos.js";

function pullRefs(core: SimCore, repo: Repo, sha: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const pr of repo.pulls.values()) {
    const i = repo.issues.get(pr.number);
    if (i?.state !== "open" || pr.headSha !== sha) continue;
    out.push({
      url: `${core.urls.api}/repos/${repo.fullName}/pulls/${pr.number}`,
      id: pr.id,
      number: pr.number,
      head: { ref: pr.headRef, sha: pr.headSha, repo: repoRef(core, repo) },
      base: { ref: pr.baseRef, sha: pr.baseSha, repo: repoRef(core, repo) },
    });
  }
  return out;
}

function appOf(core: SimCore, id: number): Record<string, unknown> | null {
  const a = core.store.app(id);
  return a ? app(core, a) : null;
}

export function checkSuite(
  core: SimCore,
  repo: Repo,
  s: CheckSuite,
  opts: { withRepository?: boolean } = {},
): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const c = repo.git.commit(s.headSha);
  const runs = repo.checkRuns.filter((r) => r.suiteId === s.id);
  const out: Record<string, unknown> = {
    id: s.id,
    node_id: s.nodeId,
    head_branch: s.headBranch,
    head_sha: s.headSha,
    status: s.status,
    conclusion: s.conclusion,
    url: `${api}/check-suites/${s.id}`,
    before: s.before,
    after: s.headSha,
    pull_requests: pullRefs(core, repo, s.headSha),
    app: appOf(core, s.appId),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    rerequestable: true,
    runs_rerequestable: true,
    latest_check_runs_count: runs.length,
    check_runs_url: `${api}/check-suites/${s.id}/check-runs`,
    head_commit: c
      ? {
          id: c.sha,
          tree_id: c.tree,
          message: c.message,
          timestamp: c.committer.date,
          author: { name: c.author.name, email: c.author.email },
          committer: { name: c.committer.name, email: c.committer.email },
        }
      : null,
  };
  if (opts.withRepository) out["repository"] = repository(core, repo);
  return out;
}

export function checkRun(core: SimCore, repo: Repo, r: CheckRun): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const suite = repo.checkSuites.find((s) => s.id === r.suiteId);
  return {
    id: r.id,
    head_sha: r.headSha,
    node_id: r.nodeId,
    external_id: r.externalId ?? "",
    url: `${api}/check-runs/${r.id}`,
    html_url: `${core.urls.html}/${repo.fullName}/runs/${r.id}`,
    details_url: r.detailsUrl ?? `${core.urls.html}/${repo.fullName}/runs/${r.id}`,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    output: {
      title: r.output.title,
      summary: r.output.summary,
      text: r.output.text,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${r.id}/annotations`,
    },
    name: r.name,
    check_suite: suite ? checkSuite(core, repo, suite) : { id: r.suiteId },
    app: appOf(core, r.appId),
    pull_requests: pullRefs(core, repo, r.headSha),
  };
}

export function status(core: SimCore, repo: Repo, s: CommitStatus): Record<string, unknown> {
  const creator = core.store.account(s.creator);
  return {
    url: `${core.urls.api}/repos/${repo.fullName}/statuses/${s.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${creator?.id ?? 0}?v=4`,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator: user(core, s.creator),
  };
}

export function combinedStatus(core: SimCore, repo: Repo, sha: string): Record<string, unknown> {
  const statuses = latestStatuses(repo, sha);
  return {
    state: combinedState(statuses),
    statuses: statuses.map((s) => status(core, repo, s)),
    sha,
    total_count: statuses.length,
    repository: repository(core, repo),
    commit_url: `${core.urls.api}/repos/${repo.fullName}/commits/${sha}`,
    url: `${core.urls.api}/repos/${repo.fullName}/commits/${sha}/status`,
  };
}
