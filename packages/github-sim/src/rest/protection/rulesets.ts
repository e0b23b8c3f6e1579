import { ApiError, notFound, validationFailed } from "../../errors.js";
import { created, noContent, ok, type RouteContext } from "../../http/context.js";
import type { Router } from "../../http/router.js";
import { bypassesRuleset } from "../../ops/protection.js";
import { rulesFor, type BypassActor, type Ruleset, type RulesetRule } from "../../store/protection.js";
import type { Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";

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

/** Repository rulesets, and the rules that apply to a branch. */
export function registerRulesetRoutes(r: Router): void {
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
}
