// REST: deployment environments and their protection rules, and the pending deployments
// (jobs waiting on those rules) of a workflow run, with a reviewer's decision on them.
import { notFound, validationFailed } from "../errors.js";
import { ok, type RouteContext } from "../http/context.js";
import type { Router } from "../http/router.js";
import { canReview, environmentById, pendingOf, putEnvironment, reviewPending } from "../ops/environments.js";
import * as S from "../serialize/index.js";
import { environmentNamed, type Environment, type EnvironmentReviewer } from "../store/environments.js";
import type { Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";

function reviewerJson(ctx: RouteContext, repo: Repo, r: EnvironmentReviewer): Record<string, unknown> {
  if (r.type === "User") return { type: "User", reviewer: S.user(ctx.core, r.name) };
  const team = ctx.core.store.team(repo.owner, r.name)!;
  return { type: "Team", reviewer: { id: team.id, node_id: team.nodeId, slug: team.slug, name: team.name } };
}

function environmentRef(ctx: RouteContext, repo: Repo, e: Environment): Record<string, unknown> {
  return {
    id: e.id,
    node_id: e.nodeId,
    name: e.name,
    url: `${ctx.core.urls.api}/repos/${repo.fullName}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${ctx.core.urls.html}/${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
  };
}

function environmentJson(ctx: RouteContext, repo: Repo, e: Environment): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  if (e.reviewers.length > 0) {
    rules.push({
      id: e.id * 10 + 1,
      node_id: nodeId("GA", e.id * 10 + 1),
      type: "required_reviewers",
      prevent_self_review: e.preventSelfReview,
      reviewers: e.reviewers.map((r) => reviewerJson(ctx, repo, r)),
    });
  }
  if (e.waitTimer > 0)
    rules.push({
      id: e.id * 10 + 2,
      node_id: nodeId("GA", e.id * 10 + 2),
      type: "wait_timer",
      wait_timer: e.waitTimer,
    });
  return {
    ...environmentRef(ctx, repo, e),
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    protection_rules: rules,
    deployment_branch_policy: null,
  };
}

/** REST takes reviewers by id: a user's account id or a team's id. */
function reviewersFromBody(ctx: RouteContext, repo: Repo, body: unknown): EnvironmentReviewer[] | null {
  if (body === undefined || body === null) return null;
  if (!Array.isArray(body)) throw validationFailed([{ resource: "Environment", field: "reviewers", code: "invalid" }]);
  return body.map((r: { type?: string; id?: number }) => {
    if (r.type === "User") {
      const account = [...ctx.core.store.accounts.values()].find((a) => a.id === r.id);
      if (account) return { type: "User" as const, name: account.login };
    } else if (r.type === "Team") {
      const team = [...ctx.core.store.teams.values()].find(
        (t) => t.id === r.id && t.org.toLowerCase() === repo.owner.toLowerCase(),
      );
      if (team) return { type: "Team" as const, name: team.slug };
    }
    throw validationFailed([{ resource: "Environment", field: "reviewers", code: "invalid" }]);
  });
}

export function registerEnvironments(r: Router): void {
  r.get("/repos/{owner}/{repo}/environments", (ctx) => {
    const repo = ctx.repo();
    const list = [...repo.environments.byName.values()].sort((a, b) => a.id - b.id);
    return ok({ total_count: list.length, environments: list.map((e) => environmentJson(ctx, repo, e)) });
  });

  r.get("/repos/{owner}/{repo}/environments/{environment_name}", (ctx) => {
    const repo = ctx.repo();
    const env = environmentNamed(repo.environments, ctx.param("environment_name"));
    if (!env) throw notFound();
    return ok(environmentJson(ctx, repo, env));
  });

  r.put("/repos/{owner}/{repo}/environments/{environment_name}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    const env = putEnvironment(ctx.core, repo, ctx.param("environment_name"), {
      ...(typeof body["wait_timer"] === "number"
        ? { wait_timer: body["wait_timer"] }
        : body["wait_timer"] !== undefined
          ? { wait_timer: Number.NaN }
          : {}),
      ...(typeof body["prevent_self_review"] === "boolean" ? { prevent_self_review: body["prevent_self_review"] } : {}),
      reviewers: reviewersFromBody(ctx, repo, body["reviewers"]),
    });
    return ok(environmentJson(ctx, repo, env));
  });

  r.get("/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", (ctx) => {
    const repo = ctx.repo();
    const runId = ctx.intParam("run_id");
    if (!repo.environments.pending.some((p) => p.runId === runId)) throw notFound();
    return ok(
      pendingOf(repo, runId).map((p) => {
        const env = environmentById(repo, p.environmentId)!;
        return {
          environment: environmentRef(ctx, repo, env),
          wait_timer: env.waitTimer,
          wait_timer_started_at: env.waitTimer > 0 ? p.waitingSince : null,
          current_user_can_approve: !p.review && canReview(ctx.core, repo, env, ctx.actor),
          reviewers: env.reviewers.map((r) => reviewerJson(ctx, repo, r)),
        };
      }),
    );
  });

  r.post("/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const reviewed = reviewPending(ctx.core, repo, ctx.intParam("run_id"), ctx.actor, ctx.body ?? {});
    const deployments = reviewed.flatMap((p) => repo.deployments.filter((d) => d.id === p.deploymentId));
    return ok(deployments.map((d) => S.deployment(ctx.core, repo, d)));
  });
}
