// REST: classic branch protection, repository rulesets, the rules that apply to a branch,
// and review requests on pull requests.
import { ApiError, notFound, validationFailed } from "../errors.js";
import { created, noContent, ok, type RouteContext, type SimResponse } from "../http/context.js";
import type { Router } from "../http/router.js";
import { requestReviews, removeReviewRequests } from "../ops/review-requests.js";
import { bypassesRuleset } from "../ops/protection.js";
import { requirePull } from "../ops/require-pull.js";
import * as S from "../serialize/index.js";
import {
  rulesFor,
  type BypassActor,
  type ClassicProtection,
  type Ruleset,
  type RulesetRule,
} from "../store/protection.js";
import type { Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";

const RULE_TYPES = new Set([
  "creation",
  "update",
  "deletion",
  "non_fast_forward",
  "required_linear_history",
  "required_signatures",
  "pull_request",
  "required_status_checks",
  "merge_queue",
]);

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

function rulesetJson(ctx: RouteContext, repo: Repo, r: Ruleset, detail: boolean): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    target: r.target,
    source_type: "Repository",
    source: repo.fullName,
    enforcement: r.enforcement,
    node_id: nodeId("RRS", r.id),
    _links: {
      self: { href: `${ctx.core.urls.api}/repos/${repo.fullName}/rulesets/${r.id}` },
      html: { href: `${ctx.core.urls.html}/${repo.fullName}/rules/${r.id}` },
    },
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    ...(detail
      ? {
          bypass_actors: r.bypassActors.map((a) => ({
            actor_id: a.actorId,
            actor_type: a.actorType,
            bypass_mode: a.bypassMode,
          })),
          current_user_can_bypass: canBypass(ctx, repo, r),
          conditions: { ref_name: { include: r.include, exclude: r.exclude } },
          rules: r.rules,
        }
      : {}),
  };
}

function canBypass(ctx: RouteContext, repo: Repo, r: Ruleset): "always" | "pull_requests_only" | "never" {
  const actor = { login: ctx.actor, appId: ctx.appId };
  if (bypassesRuleset(ctx.core, repo, r, actor, false)) return "always";
  return bypassesRuleset(ctx.core, repo, r, actor, true) ? "pull_requests_only" : "never";
}

const BYPASS_ACTOR_TYPES = new Set<BypassActor["actorType"]>([
  "Integration",
  "Team",
  "RepositoryRole",
  "OrganizationAdmin",
  "DeployKey",
]);

function parseBypassActors(list: unknown): BypassActor[] {
  if (!Array.isArray(list)) throw validationFailed([{ resource: "Ruleset", field: "bypass_actors", code: "invalid" }]);
  return list.map((a: Record<string, unknown>) => {
    const actorType = a["actor_type"] as BypassActor["actorType"];
    if (!BYPASS_ACTOR_TYPES.has(actorType))
      throw validationFailed([
        {
          resource: "Ruleset",
          field: "bypass_actors",
          code: "invalid",
          message: `Invalid actor_type '${String(actorType)}'`,
        },
      ]);
    return {
      actorId: a["actor_id"] === null || a["actor_id"] === undefined ? null : Number(a["actor_id"]),
      actorType,
      bypassMode: a["bypass_mode"] === "pull_request" ? "pull_request" : "always",
    };
  });
}

/** Parses a ruleset body (`POST`/`PUT …/rulesets`). */
export function parseRuleset(b: Record<string, any>, id: number, at: string, previous?: Ruleset): Ruleset {
  const name = b["name"] ?? previous?.name;
  if (typeof name !== "string" || !name) throw new ApiError(422, `Invalid request.\n\n"name" wasn't supplied.`);
  const enforcement = b["enforcement"] ?? previous?.enforcement;
  if (!["active", "evaluate", "disabled"].includes(enforcement))
    throw new ApiError(422, `Invalid request.\n\n"enforcement" wasn't supplied.`);
  const target = b["target"] ?? "branch";
  if (target !== "branch") throw new ApiError(422, "Invalid request.\n\nOnly branch rulesets are supported here.");
  const rules = (b["rules"] ?? previous?.rules ?? []) as RulesetRule[];
  for (const rule of rules)
    if (!RULE_TYPES.has(rule.type))
      throw validationFailed([
        { resource: "Ruleset", field: "rules", code: "invalid", message: `Invalid rule '${String(rule.type)}'` },
      ]);
  const refName = b["conditions"]?.["ref_name"];
  return {
    id,
    name,
    target: "branch",
    enforcement,
    include: refName?.include ?? previous?.include ?? [],
    exclude: refName?.exclude ?? previous?.exclude ?? [],
    rules,
    bypassActors: b["bypass_actors"] ? parseBypassActors(b["bypass_actors"]) : (previous?.bypassActors ?? []),
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
}

function requireRuleset(repo: Repo, id: number): Ruleset {
  const r = repo.protection.rulesets.find((x) => x.id === id);
  if (!r) throw notFound();
  return r;
}

export function registerProtection(r: Router): void {
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

  // Commit signature protection is switched on and off on its own endpoint, as on GitHub.
  const signatures = (ctx: RouteContext, enabled?: boolean): SimResponse => {
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
  };
  r.get("/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", (ctx) => signatures(ctx));
  r.post("/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", (ctx) => signatures(ctx, true));
  r.delete("/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures", (ctx) => signatures(ctx, false));

  // Rules that apply to a branch (which need not exist): needs only metadata read.
  r.get("/repos/{owner}/{repo}/rules/branches/{branch*}", (ctx) => {
    const repo = ctx.repo();
    const rules = rulesFor(repo.protection, ctx.param("branch"), repo.defaultBranch).map(({ rule, ruleset }) => ({
      ...rule,
      ruleset_source_type: "Repository",
      ruleset_source: repo.fullName,
      ruleset_id: ruleset.id,
    }));
    return ok(rules);
  });

  r.get("/repos/{owner}/{repo}/rulesets", (ctx) => {
    const repo = ctx.repo();
    return ok(repo.protection.rulesets.map((x) => rulesetJson(ctx, repo, x, false)));
  });

  r.post("/repos/{owner}/{repo}/rulesets", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const ruleset = parseRuleset(ctx.body, ctx.core.store.ids.take("ruleset"), ctx.core.now());
    repo.protection.rulesets.push(ruleset);
    return created(rulesetJson(ctx, repo, ruleset, true));
  });

  r.get("/repos/{owner}/{repo}/rulesets/{ruleset_id}", (ctx) => {
    const repo = ctx.repo();
    return ok(rulesetJson(ctx, repo, requireRuleset(repo, ctx.intParam("ruleset_id")), true));
  });

  r.put("/repos/{owner}/{repo}/rulesets/{ruleset_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const previous = requireRuleset(repo, ctx.intParam("ruleset_id"));
    const next = parseRuleset(ctx.body, previous.id, ctx.core.now(), previous);
    repo.protection.rulesets = repo.protection.rulesets.map((x) => (x === previous ? next : x));
    return ok(rulesetJson(ctx, repo, next, true));
  });

  r.delete("/repos/{owner}/{repo}/rulesets/{ruleset_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const ruleset = requireRuleset(repo, ctx.intParam("ruleset_id"));
    repo.protection.rulesets = repo.protection.rulesets.filter((x) => x !== ruleset);
    return noContent();
  });

  r.get("/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", (ctx) => {
    const repo = ctx.repo();
    const { pr } = requirePull(repo, ctx.intParam("pull_number"));
    const requests = repo.protection.reviewRequests.filter((x) => x.pullNumber === pr.number);
    return ok({
      users: requests.filter((x) => !x.team).map((x) => S.user(ctx.core, x.reviewer)),
      teams: requests
        .filter((x) => x.team)
        .map((x) => ({ slug: x.reviewer.split("/")[1], name: x.reviewer.split("/")[1] })),
    });
  });

  r.post("/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const number = ctx.intParam("pull_number");
    const users = ((ctx.body["reviewers"] ?? []) as unknown[]).map(String);
    const teams = ((ctx.body["team_reviewers"] ?? []) as unknown[]).map(String);
    const { issue, pr } = requestReviews(ctx.core, repo, number, ctx.actor, users, teams);
    return created(S.pull(ctx.core, repo, issue, pr, { full: true }));
  });

  r.delete("/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const number = ctx.intParam("pull_number");
    const { issue, pr } = removeReviewRequests(
      ctx.core,
      repo,
      number,
      ctx.actor,
      ((ctx.body["reviewers"] ?? []) as unknown[]).map(String),
      ((ctx.body["team_reviewers"] ?? []) as unknown[]).map(String),
    );
    return ok(S.pull(ctx.core, repo, issue, pr));
  });
}
