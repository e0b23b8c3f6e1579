import { ApiError } from "../errors.js";
import { ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { resolveOr404 } from "../ops/git.js";
import * as S from "../serialize/index.js";
import type { Repo } from "../store/types.js";
import { registerAccountRoutes } from "./accounts.js";

function branch(ctx: RouteContext, repo: Repo, name: string): Record<string, unknown> {
  const sha = repo.git.refs.get(`refs/heads/${name}`);
  if (!sha) throw new ApiError(404, "Branch not found");
  const c = repo.git.commit(sha)!;
  return {
    name,
    commit: S.restCommit(ctx.core, repo, c),
    _links: {
      self: `${ctx.core.urls.api}/repos/${repo.fullName}/branches/${name}`,
      html: `${ctx.core.urls.html}/${repo.fullName}/tree/${name}`,
    },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: `${ctx.core.urls.api}/repos/${repo.fullName}/branches/${name}/protection`,
  };
}
/** A repository, with the fields only its own endpoint returns. */
function registerRepositoryRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}", (ctx) => {
    const repo = ctx.repo();
    const owner = ctx.core.store.account(repo.owner);
    return ok({
      ...S.repository(ctx.core, repo),
      ...(owner?.type === "Organization" ? { organization: S.user(ctx.core, owner.login) } : {}),
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      network_count: 0,
      subscribers_count: 0,
    });
  });
}

/** Branches: the list, and one with its head commit. */
function registerBranchRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/branches", (ctx) => {
    const repo = ctx.repo();
    const names = [...repo.git.refs.keys()]
      .filter((k) => k.startsWith("refs/heads/"))
      .map((k) => k.slice(11))
      .sort();
    const page = paginate(ctx, names);
    return ok(
      page.items.map((name) => {
        const sha = repo.git.refs.get(`refs/heads/${name}`)!;
        return {
          name,
          commit: { sha, url: `${ctx.core.urls.api}/repos/${repo.fullName}/commits/${sha}` },
          protected: false,
        };
      }),
      page.headers,
    );
  });

  r.get("/repos/{owner}/{repo}/branches/{branch*}", (ctx) => {
    const repo = ctx.repo();
    return ok(branch(ctx, repo, ctx.param("branch")));
  });
}

/** Tags (refs under refs/tags), in reverse name order. */
function registerTagRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/tags", (ctx) => {
    const repo = ctx.repo();
    const tags = [...repo.git.refs.entries()]
      .filter(([k]) => k.startsWith("refs/tags/"))
      .sort((a, b) => (a[0] < b[0] ? 1 : -1));
    const page = paginate(ctx, tags);
    return ok(
      page.items.map(([ref, sha]) => {
        const name = ref.slice(10);
        const commit = resolveOr404(repo, repo.git.peel(sha));
        return {
          name,
          commit: { sha: commit.sha, url: `${ctx.core.urls.api}/repos/${repo.fullName}/commits/${commit.sha}` },
          zipball_url: `${ctx.core.urls.api}/repos/${repo.fullName}/zipball/refs/tags/${name}`,
          tarball_url: `${ctx.core.urls.api}/repos/${repo.fullName}/tarball/refs/tags/${name}`,
          node_id: S.ref(ctx.core, repo, ref, sha)["node_id"],
        };
      }),
      page.headers,
    );
  });
}

/** Repositories, branches and tags. */
export function registerRepos(r: Router): void {
  registerRepositoryRoutes(r);
  registerAccountRoutes(r);
  registerBranchRoutes(r);
  registerTagRoutes(r);
}
