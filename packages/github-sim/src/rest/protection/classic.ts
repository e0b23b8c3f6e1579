import { ApiError, validationFailed } from "../../errors.js";
import { noContent, ok, type RouteContext, type SimResponse } from "../../http/context.js";
import type { Router } from "../../http/router.js";
import * as S from "../../serialize/index.js";
import type { ClassicProtection } from "../../store/protection.js";
import type { Repo } from "../../store/types.js";

function protectionJson(ctx: RouteContext, repo: Repo, p: ClassicProtection): Record<string, unknown> {
  const url = `${ctx.core.urls.api}/repos/${repo.fullName}/branches/${encodeURIComponent(p.branch)}/protection`;
  const flag = (enabled: boolean) => ({ enabled });
  return {
    url,
    ...(p.requiredStatusChecks
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: p.requiredStatusChecks.strict,
            contexts: p.requiredStatusChecks.contexts,
            checks: p.requiredStatusChecks.contexts.map((context) => ({ context, app_id: null })),
            contexts_url: `${url}/required_status_checks/contexts`,
          },
        }
      : {}),
    ...(p.requiredPullRequestReviews
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: p.requiredPullRequestReviews.dismissStaleReviews,
            require_code_owner_reviews: p.requiredPullRequestReviews.requireCodeOwnerReviews,
            required_approving_review_count: p.requiredPullRequestReviews.requiredApprovingReviewCount,
            require_last_push_approval: p.requiredPullRequestReviews.requireLastPushApproval,
          },
        }
      : {}),
    ...(p.restrictions
      ? {
          restrictions: {
            url: `${url}/restrictions`,
            users_url: `${url}/restrictions/users`,
            teams_url: `${url}/restrictions/teams`,
            apps_url: `${url}/restrictions/apps`,
            users: p.restrictions.users.map((u) => S.user(ctx.core, u)),
            teams: p.restrictions.teams.map((slug) => ({ slug, name: slug })),
            apps: p.restrictions.apps.map((slug) => ({ slug })),
          },
        }
      : {}),
    required_signatures: { url: `${url}/required_signatures`, enabled: p.requiredSignatures },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
    required_linear_history: flag(p.requiredLinearHistory),
    allow_force_pushes: flag(p.allowForcePushes),
    allow_deletions: flag(p.allowDeletions),
    block_creations: flag(p.blockCreations),
    required_conversation_resolution: flag(false),
    lock_branch: flag(false),
    allow_fork_syncing: flag(false),
  };
}

/** Parses `PUT …/protection`; the four nullable keys are required, as on GitHub. */
export function parseProtection(branch: string, b: Record<string, any>): ClassicProtection {
  const missing = ["required_status_checks", "enforce_admins", "required_pull_request_reviews", "restrictions"].filter(
    (k) => !(k in b),
  );
  if (missing.length > 0)
    throw new ApiError(
      422,
      `Invalid request.\n\n${missing.map((k) => `"${k}"`).join(", ")} ${missing.length === 1 ? "wasn't" : "weren't"} supplied.`,
    );
  const checks = b["required_status_checks"];
  const reviews = b["required_pull_request_reviews"];
  const restrictions = b["restrictions"];
  const count = reviews ? Number(reviews["required_approving_review_count"] ?? 1) : 0;
  if (reviews && (!Number.isInteger(count) || count < 0 || count > 6))
    throw validationFailed([
      { resource: "ProtectedBranch", field: "required_approving_review_count", code: "invalid" },
    ]);
  return {
    branch,
    requiredStatusChecks: checks
      ? {
          strict: Boolean(checks["strict"]),
          contexts: [
            ...(checks["contexts"] ?? []),
            ...((checks["checks"] ?? []) as Array<{ context: string }>).map((c) => c.context),
          ].map(String),
        }
      : null,
    enforceAdmins: Boolean(b["enforce_admins"]),
    requiredPullRequestReviews: reviews
      ? {
          requiredApprovingReviewCount: count,
          requireCodeOwnerReviews: Boolean(reviews["require_code_owner_reviews"]),
          dismissStaleReviews: Boolean(reviews["dismiss_stale_reviews"]),
          requireLastPushApproval: Boolean(reviews["require_last_push_approval"]),
        }
      : null,
    restrictions: restrictions
      ? {
          users: (restrictions["users"] ?? []).map(String),
          teams: (restrictions["teams"] ?? []).map(String),
          apps: (restrictions["apps"] ?? []).map(String),
        }
      : null,
    requiredLinearHistory: Boolean(b["required_linear_history"]),
    requiredSignatures: false,
    allowForcePushes: Boolean(b["allow_force_pushes"]),
    allowDeletions: Boolean(b["allow_deletions"]),
    blockCreations: Boolean(b["block_creations"]),
  };
}

// Commit signature protection is switched on and off on its own endpoint, as on GitHub.
function requiredSignatures(ctx: RouteContext, enabled?: boolean): SimResponse {
  const repo = enabled === undefined ? ctx.repo() : ctx.writable(ctx.repo());
  const p = repo.protection.classic.get(ctx.param("branch"));
  if (!p) throw new ApiError(404, "Branch not protected");
  if (enabled === false) {
    p.requiredSignatures = false;
    return noContent();
  }
  if (enabled) p.requiredSignatures = true;
  return ok({
    url: `${ctx.core.urls.api}/repos/${repo.fullName}/branches/${encodeURIComponent(p.branch)}/protection/required_signatures`,
    enabled: p.requiredSignatures,
  });
}

/** Classic branch protection of one branch, and its commit signature switch. */
export function registerClassicProtectionRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/branches/{branch}/protection", (ctx) => {
    const repo = ctx.repo();
    const branch = ctx.param("branch");
    if (!repo.git.refs.has(`refs/heads/${branch}`)) throw new ApiError(404, "Branch not found");
    const p = repo.protection.classic.get(branch);
    if (!p) throw new ApiError(404, "Branch not protected");
    return ok(protectionJson(ctx, repo, p));
  });

  r.put("/repos/{owner}/{repo}/branches/{branch}/protection", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const branch = ctx.param("branch");
    if (!repo.git.refs.has(`refs/heads/${branch}`)) throw new ApiError(404, "Branch not found");
    const p = parseProtection(branch, ctx.body);
    repo.protection.classic.set(branch, p);
    return ok(protectionJson(ctx, repo, p));
  });

  r.delete("/repos/{owner}/{repo}/branches/{branch}/protection", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    if (!repo.protection.classic.delete(ctx.param("branch"))) throw new ApiError(404, "Branch not protected");
    return noContent();
  });

  r.get("/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", (ctx) => requiredSignatures(ctx));
  r.post("/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", (ctx) =>
    requiredSignatures(ctx, true),
  );
  r.delete("/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", (ctx) =>
    requiredSignatures(ctx, false),
  );
}
