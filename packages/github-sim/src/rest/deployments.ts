import { notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import {
  createDeployment,
  createDeploymentStatus,
  createRelease,
  latestRelease,
  updateRelease,
} from "../ops/deployments.js";
import * as S from "../serialize/index.js";
import type { Deployment, Release, Repo } from "../store/types.js";

function requireDeployment(ctx: RouteContext, repo: Repo): Deployment {
  const d = repo.deployments.find((x) => x.id === ctx.intParam("deployment_id"));
  if (!d) throw notFound();
  return d;
}

function requireRelease(ctx: RouteContext, repo: Repo): Release {
  const r = repo.releases.find((x) => x.id === ctx.intParam("release_id"));
  if (!r) throw notFound();
  return r;
}

/** Deployments, deployment statuses and releases. */
export function registerDeployments(r: Router): void {
  r.post("/repos/{owner}/{repo}/deployments", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const d = createDeployment(ctx.core, repo, ctx.actor, ctx.body);
    return created(S.deployment(ctx.core, repo, d));
  });

  r.get("/repos/{owner}/{repo}/deployments", (ctx) => {
    const repo = ctx.repo();
    const q = ctx.query;
    const list = repo.deployments
      .filter(
        (d) =>
          (!q.get("sha") || d.sha === q.get("sha")) &&
          (!q.get("ref") || d.ref === q.get("ref")) &&
          (!q.get("task") || d.task === q.get("task")) &&
          (!q.get("environment") || d.environment === q.get("environment")),
      )
      .sort((a, b) => b.id - a.id);
    const page = paginate(ctx, list);
    return ok(
      page.items.map((d) => S.deployment(ctx.core, repo, d)),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/deployments/{deployment_id}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.deployment(ctx.core, repo, requireDeployment(ctx, repo)));
  });

  r.post("/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const d = requireDeployment(ctx, repo);
    const s = createDeploymentStatus(ctx.core, repo, d, ctx.actor, ctx.body);
    return created(S.deploymentStatus(ctx.core, repo, d, s));
  });

  r.get("/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", (ctx) => {
    const repo = ctx.repo();
    const d = requireDeployment(ctx, repo);
    const page = paginate(ctx, [...d.statuses].reverse());
    return ok(
      page.items.map((s) => S.deploymentStatus(ctx.core, repo, d, s)),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}", (ctx) => {
    const repo = ctx.repo();
    const d = requireDeployment(ctx, repo);
    const s = d.statuses.find((x) => x.id === ctx.intParam("status_id"));
    if (!s) throw notFound();
    return ok(S.deploymentStatus(ctx.core, repo, d, s));
  });

  r.post("/repos/{owner}/{repo}/releases", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    return created(S.release(ctx.core, repo, createRelease(ctx.core, repo, ctx.actor, ctx.body)));
  });

  r.get("/repos/{owner}/{repo}/releases", (ctx) => {
    const repo = ctx.repo();
    const list = [...repo.releases].sort((a, b) =>
      a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1,
    );
    const page = paginate(ctx, list);
    return ok(
      page.items.map((x) => S.release(ctx.core, repo, x)),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/releases/latest", (ctx) => {
    const repo = ctx.repo();
    const latest = latestRelease(repo);
    if (!latest) throw notFound();
    return ok(S.release(ctx.core, repo, latest));
  });

  r.get("/repos/{owner}/{repo}/releases/tags/{tag*}", (ctx) => {
    const repo = ctx.repo();
    const rel = repo.releases.find((x) => x.tagName === ctx.param("tag") && !x.draft);
    if (!rel) throw notFound();
    return ok(S.release(ctx.core, repo, rel));
  });

  r.get("/repos/{owner}/{repo}/releases/{release_id}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.release(ctx.core, repo, requireRelease(ctx, repo)));
  });

  r.patch("/repos/{owner}/{repo}/releases/{release_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    return ok(S.release(ctx.core, repo, updateRelease(ctx.core, repo, requireRelease(ctx, repo), ctx.actor, ctx.body)));
  });

  r.delete("/repos/{owner}/{repo}/releases/{release_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const rel = requireRelease(ctx, repo);
    repo.releases = repo.releases.filter((x) => x !== rel);
    ctx.core.emit("release", repo, ctx.actor, { action: "deleted", release: S.release(ctx.core, repo, rel) });
    return noContent();
  });
}
