import { notFound } from "../errors.js";
import { ok } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import * as S from "../serialize/index.js";

/** Users and organizations, and an organization's repositories. */
export function registerAccountRoutes(r: Router): void {
  r.get("/users/{username}", (ctx) => {
    const a = ctx.core.store.account(ctx.param("username"));
    if (!a) throw notFound();
    return ok({
      ...S.user(ctx.core, a.login),
      name: a.name,
      email: a.email,
      created_at: a.createdAt,
      updated_at: a.createdAt,
    });
  });

  r.get("/orgs/{org}", (ctx) => {
    const a = ctx.core.store.account(ctx.param("org"));
    if (a?.type !== "Organization") throw notFound();
    return ok({
      ...S.organization(ctx.core, a.login),
      name: a.name,
      html_url: `${ctx.core.urls.html}/${a.login}`,
      type: "Organization",
      created_at: a.createdAt,
    });
  });

  r.get("/orgs/{org}/repos", (ctx) => {
    const org = ctx.param("org");
    if (!ctx.core.store.account(org)) throw notFound();
    const repos = ctx.core.store.reposOf(org).filter((x) => !x.private || ctx.canSee(x.owner));
    const page = paginate(ctx, repos);
    return ok(
      page.items.map((x) => S.repository(ctx.core, x)),
      page.headers,
    );
  });
}
