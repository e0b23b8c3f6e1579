import { notFound } from "../errors.js";
import { noContent, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import * as S from "../serialize/index.js";
import type { Team } from "../store/types.js";

function requireOrg(ctx: RouteContext): string {
  const org = ctx.param("org");
  const a = ctx.core.store.account(org);
  if (a?.type !== "Organization" || !ctx.canSee(org)) throw notFound();
  return a.login;
}

function requireTeam(ctx: RouteContext): Team {
  const t = ctx.core.store.team(requireOrg(ctx), ctx.param("team_slug"));
  if (!t) throw notFound();
  return t;
}

function teamJson(ctx: RouteContext, t: Team): Record<string, unknown> {
  const api = `${ctx.core.urls.api}/orgs/${t.org}/teams/${t.slug}`;
  return {
    id: t.id,
    node_id: t.nodeId,
    url: api,
    html_url: `${ctx.core.urls.html}/orgs/${t.org}/teams/${t.slug}`,
    name: t.name,
    slug: t.slug,
    description: t.description,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    parent: null,
  };
}

const has = (set: Set<string>, login: string) => [...set].some((x) => x.toLowerCase() === login.toLowerCase());

/** Organisation teams and memberships. */
export function registerTeams(r: Router): void {
  r.get("/orgs/{org}/teams", (ctx) => {
    const org = requireOrg(ctx);
    const teams = [...ctx.core.store.teams.values()].filter((t) => t.org.toLowerCase() === org.toLowerCase());
    const page = paginate(ctx, teams);
    return ok(
      page.items.map((t) => teamJson(ctx, t)),
      page.headers,
    );
  });

  r.get("/orgs/{org}/teams/{team_slug}", (ctx) => ok(teamJson(ctx, requireTeam(ctx))));

  r.get("/orgs/{org}/teams/{team_slug}/memberships/{username}", (ctx) => {
    const t = requireTeam(ctx);
    const login = ctx.param("username");
    const role = has(t.maintainers, login) ? "maintainer" : has(t.members, login) ? "member" : null;
    if (!role) throw notFound();
    return ok({ url: `${ctx.core.urls.api}/teams/${t.id}/memberships/${login}`, role, state: "active" });
  });

  r.get("/orgs/{org}/teams/{team_slug}/members", (ctx) => {
    const t = requireTeam(ctx);
    const role = ctx.query.get("role") ?? "all";
    const logins =
      role === "maintainer"
        ? [...t.maintainers]
        : role === "member"
          ? [...t.members].filter((m) => !has(t.maintainers, m))
          : [...new Set([...t.maintainers, ...t.members])];
    const page = paginate(ctx, logins);
    return ok(
      page.items.map((l) => S.user(ctx.core, l)),
      page.headers,
    );
  });

  r.get("/orgs/{org}/members/{username}", (ctx) => {
    const org = requireOrg(ctx);
    const login = ctx.param("username");
    const member = [...ctx.core.store.teams.values()].some(
      (t) => t.org.toLowerCase() === org.toLowerCase() && (has(t.members, login) || has(t.maintainers, login)),
    );
    if (!member) throw notFound("User does not exist or is not a member of the organization");
    return noContent();
  });
}
