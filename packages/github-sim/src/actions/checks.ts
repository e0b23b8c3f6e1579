// What CI does on a person's behalf: check runs by a CI app, and commit statuses.
import type { SimCore } from "../core.js";
import { createCheckRun, createStatus, updateCheckRun } from "../ops/checks.js";
import type { CheckConclusion, CheckStatus, Repo, SimApp, StatusState } from "../store/types.js";

export function startCheckRun(
  core: SimCore,
  repo: Repo,
  app: SimApp,
  login: string,
  run: { sha: string; name: string },
  opts: { status?: CheckStatus; conclusion?: CheckConclusion; detailsUrl?: string },
): number {
  return createCheckRun(core, repo, app.id, login, {
    name: run.name,
    head_sha: run.sha,
    status: opts.status ?? "in_progress",
    ...(opts.conclusion ? { conclusion: opts.conclusion } : {}),
    ...(opts.detailsUrl ? { details_url: opts.detailsUrl } : {}),
  }).id;
}

/** Completes the app's latest check run with that name on the commit, or creates it completed. */
export function completeCheckRun(
  core: SimCore,
  repo: Repo,
  app: SimApp,
  login: string,
  run: { sha: string; name: string },
  conclusion: CheckConclusion,
): number {
  const full = repo.git.resolveCommit(run.sha) ?? run.sha;
  const latest = [...repo.checkRuns]
    .reverse()
    .find((r) => r.appId === app.id && r.headSha === full && r.name === run.name);
  if (!latest)
    return createCheckRun(core, repo, app.id, login, {
      name: run.name,
      head_sha: full,
      status: "completed",
      conclusion,
    }).id;
  updateCheckRun(core, repo, latest, login, { status: "completed", conclusion });
  return latest.id;
}

export function setStatus(
  core: SimCore,
  repo: Repo,
  login: string,
  status: { sha: string; context: string; state: StatusState },
  opts: { description?: string; targetUrl?: string },
): number {
  return createStatus(core, repo, status.sha, login, {
    state: status.state,
    context: status.context,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.targetUrl !== undefined ? { target_url: opts.targetUrl } : {}),
  }).id;
}
