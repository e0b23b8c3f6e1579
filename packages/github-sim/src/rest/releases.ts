import { notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createRelease, latestRelease, updateRelease } from "../ops/deployments.js";
import * as S from "../serialize/index.js";
import type { Release, Repo } from "../store/types.js";

function requireRelease(ctx: RouteContext, repo: Repo): Release {
  const r = repo.releases.find((x) => x.id === ctx.intParam("release_id"));
  if (!r) throw notFound();
  return r;
}

/** Releases: by id, by tag and the latest; deleting one emits `release.deleted`. */
export function registerReleaseRoutes(r: Router): void {
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
