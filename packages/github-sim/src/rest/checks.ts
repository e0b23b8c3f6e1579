import { ApiError, notFound } from "../errors.js";
import { created, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createCheckRun, rerequestRun, rerequestSuite, updateCheckRun } from "../ops/checks.js";
import { resolveOr404 } from "../ops/git.js";
import * as S from "../serialize/index.js";
import { latestRuns } from "../store/queries.js";
import type { CheckRun, Repo } from "../store/types.js";
import { registerStatusRoutes } from "./statuses.js";

function requireRun(ctx: RouteContext, repo: Repo): CheckRun {
  const run = repo.checkRuns.find((r) => r.id === ctx.intParam("check_run_id"));
  if (!run) throw notFound();
  return run;
}

function filterRuns(ctx: RouteContext, runs: CheckRun[]): CheckRun[] {
  const name = ctx.query.get("check_name");
  const status = ctx.query.get("status");
  const appId = ctx.query.get("app_id");
  return runs.filter(
    (r) => (!name || r.name === name) && (!status || r.status === status) && (!appId || r.appId === Number(appId)),
  );
}
/** Check runs: created and updated by the app that owns them, listed per ref. */
function registerCheckRunRoutes(r: Router): void {
  r.post("/repos/{owner}/{repo}/check-runs", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const run = createCheckRun(ctx.core, repo, ctx.appId, ctx.actor, ctx.body);
    return created(S.checkRun(ctx.core, repo, run));
  });

  r.get("/repos/{owner}/{repo}/check-runs/{check_run_id}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.checkRun(ctx.core, repo, requireRun(ctx, repo)));
  });

  r.patch("/repos/{owner}/{repo}/check-runs/{check_run_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const run = requireRun(ctx, repo);
    if (run.appId !== ctx.appId) {
      throw new ApiError(
        403,
        `Invalid app_id \`${ctx.appId}\` - check run can only be modified by the GitHub App that created it.`,
      );
    }
    updateCheckRun(ctx.core, repo, run, ctx.actor, ctx.body);
    return ok(S.checkRun(ctx.core, repo, run));
  });

  r.post("/repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    rerequestRun(ctx.core, repo, requireRun(ctx, repo), ctx.actor);
    return created({});
  });

  r.get("/repos/{owner}/{repo}/commits/{ref*}/check-runs", (ctx) => {
    const repo = ctx.repo();
    const c = resolveOr404(repo, ctx.param("ref"));
    const all =
      ctx.query.get("filter") === "all"
        ? repo.checkRuns.filter((x) => x.headSha === c.sha).sort((a, b) => b.id - a.id)
        : latestRuns(repo, c.sha);
    const runs = filterRuns(ctx, all);
    const page = paginate(ctx, runs);
    return ok(
      { total_count: runs.length, check_runs: page.items.map((x) => S.checkRun(ctx.core, repo, x)) },
      page.headers,
    );
  });
}

/** Check suites: listed per ref, read, and re-requested. */
function registerCheckSuiteRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/commits/{ref*}/check-suites", (ctx) => {
    const repo = ctx.repo();
    const c = resolveOr404(repo, ctx.param("ref"));
    const appId = ctx.query.get("app_id");
    const name = ctx.query.get("check_name");
    const suites = repo.checkSuites.filter(
      (s) =>
        s.headSha === c.sha &&
        (!appId || s.appId === Number(appId)) &&
        (!name || repo.checkRuns.some((x) => x.suiteId === s.id && x.name === name)),
    );
    const page = paginate(ctx, suites);
    return ok(
      {
        total_count: suites.length,
        check_suites: page.items.map((s) => S.checkSuite(ctx.core, repo, s, { withRepository: true })),
      },
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/check-suites/{check_suite_id}", (ctx) => {
    const repo = ctx.repo();
    const suite = repo.checkSuites.find((s) => s.id === ctx.intParam("check_suite_id"));
    if (!suite) throw notFound();
    return ok(S.checkSuite(ctx.core, repo, suite, { withRepository: true }));
  });

  r.get("/repos/{owner}/{repo}/check-suites/{check_suite_id}/check-runs", (ctx) => {
    const repo = ctx.repo();
    const id = ctx.intParam("check_suite_id");
    if (!repo.checkSuites.some((s) => s.id === id)) throw notFound();
    const runs = filterRuns(
      ctx,
      repo.checkRuns.filter((x) => x.suiteId === id).sort((a, b) => b.id - a.id),
    );
    const page = paginate(ctx, runs);
    return ok(
      { total_count: runs.length, check_runs: page.items.map((x) => S.checkRun(ctx.core, repo, x)) },
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const suite = repo.checkSuites.find((s) => s.id === ctx.intParam("check_suite_id"));
    if (!suite) throw notFound();
    rerequestSuite(ctx.core, repo, suite, ctx.actor);
    return created({});
  });
}

/** Commit statuses and the Checks API. */
export function registerChecks(r: Router): void {
  registerStatusRoutes(r);
  registerCheckRunRoutes(r);
  registerCheckSuiteRoutes(r);
}
