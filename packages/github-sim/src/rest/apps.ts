import { issueToken } from "../auth.js";
import { notFound } from "../errors.js";
import { created, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import * as S from "../serialize/index.js";
import type { Installation } from "../store/types.js";

function installationOf(ctx: RouteContext, account: string): Installation {
  const inst = ctx.core.store.installationFor(account, ctx.auth.app?.id);
  if (!inst) throw notFound();
  return inst;
}
/** The app itself and its installations, as the app (JWT). */
function registerAppRoutes(r: Router): void {
  r.get(
    "/app",
    (ctx) =>
      ok({
        ...S.app(ctx.core, ctx.auth.app!),
        installations_count: [...ctx.core.store.installations.values()].filter((i) => i.appId === ctx.auth.app!.id)
          .length,
      }),
    { auth: "jwt" },
  );

  r.get(
    "/app/installations",
    (ctx) => {
      const all = [...ctx.core.store.installations.values()]
        .filter((i) => i.appId === ctx.auth.app!.id)
        .sort((a, b) => a.id - b.id);
      const page = paginate(ctx, all);
      return ok(
        page.items.map((i) => S.installation(ctx.core, i)),
        page.headers,
      );
    },
    { auth: "jwt" },
  );

  r.get(
    "/app/installations/{installation_id}",
    (ctx) => {
      const inst = ctx.core.store.installations.get(ctx.intParam("installation_id"));
      if (!inst || inst.appId !== ctx.auth.app!.id) throw notFound();
      return ok(S.installation(ctx.core, inst));
    },
    { auth: "jwt" },
  );

  r.post(
    "/app/installations/{installation_id}/access_tokens",
    (ctx) => {
      const inst = ctx.core.store.installations.get(ctx.intParam("installation_id"));
      if (!inst || inst.appId !== ctx.auth.app!.id) throw notFound();
      const t = issueToken(ctx.core.store, inst);
      return created({
        token: t.token,
        expires_at: t.expiresAt,
        permissions: ctx.body["permissions"] ?? inst.permissions,
        repository_selection: inst.repositorySelection,
      });
    },
    { auth: "jwt", kind: "auth" },
  );
}

/** The app's installation on a repository, organization or user (JWT). */
function registerInstallationLookupRoutes(r: Router): void {
  r.get(
    "/repos/{owner}/{repo}/installation",
    (ctx) => {
      const repo = ctx.core.store.repo(`${ctx.param("owner")}/${ctx.param("repo")}`);
      if (!repo) throw notFound();
      return ok(S.installation(ctx.core, installationOf(ctx, repo.owner)));
    },
    { auth: "jwt" },
  );

  r.get("/orgs/{org}/installation", (ctx) => ok(S.installation(ctx.core, installationOf(ctx, ctx.param("org")))), {
    auth: "jwt",
  });
  r.get(
    "/users/{username}/installation",
    (ctx) => ok(S.installation(ctx.core, installationOf(ctx, ctx.param("username")))),
    { auth: "jwt" },
  );
}

/** What an installation token sees: its repositories and its rate limit. */
function registerInstallationRoutes(r: Router): void {
  r.get("/installation/repositories", (ctx) => {
    const inst = ctx.auth.installation!;
    const repos = ctx.core.store.reposOf(inst.account);
    const page = paginate(ctx, repos);
    return ok(
      {
        total_count: repos.length,
        repository_selection: inst.repositorySelection,
        repositories: page.items.map((r) => S.repository(ctx.core, r)),
      },
      page.headers,
    );
  });

  r.get("/rate_limit", (ctx) => {
    const core = { limit: 15000, used: 0, remaining: 15000, reset: Math.floor(Date.now() / 1000) + 3600 };
    void ctx;
    return ok({ resources: { core, graphql: core, search: { ...core, limit: 30, remaining: 30 } }, rate: core });
  });
}

/** GitHub App endpoints (JWT) and installation-scoped discovery. */
export function registerApps(r: Router): void {
  registerAppRoutes(r);
  registerInstallationLookupRoutes(r);
  registerInstallationRoutes(r);
}
