import { notFound } from "../errors.js";
import { created, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createDeployment, createDeploymentStatus } from "../ops/deployments.js";
import * as S from "../serialize/index.js";
import type { Deployment, Repo } from "../store/types.js";
import { registerReleaseRoutes } from "./releases.js";

function requireDeployment(ctx: RouteContext, repo: Repo): Deployment {
  const d = repo.deployments.find((x) => x.id === ctx.intParam("deployment_id"));
  if (!d) throw notFound();
  return d;
}

/** Deployments: creating, listing (filtered) and reading one. */
function registerDeploymentRoutes(r: Router): void {
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
}

/** The statuses of a deployment. */
function registerDeploymentStatusRoutes(r: Router): void {
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
}

/** Deployments, deployment statuses and releases. */
export function registerDeployments(r: Router): void {
  registerDeploymentRoutes(r);
  registerDeploymentStatusRoutes(r);
  registerReleaseRoutes(r);
}
