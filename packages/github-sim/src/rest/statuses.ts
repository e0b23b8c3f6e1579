import { created, ok } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createStatus } from "../ops/checks.js";
import { resolveOr404 } from "../ops/git.js";
import * as S from "../serialize/index.js";

/** Commit statuses: creating one, the combined status of a ref and its list. */
export function registerStatusRoutes(r: Router): void {
  r.post("/repos/{owner}/{repo}/statuses/{sha}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const s = createStatus(ctx.core, repo, ctx.param("sha"), ctx.actor, ctx.body);
    return created(S.status(ctx.core, repo, s));
  });

  r.get("/repos/{owner}/{repo}/commits/{ref*}/status", (ctx) => {
    const repo = ctx.repo();
    const c = resolveOr404(repo, ctx.param("ref"));
    return ok(S.combinedStatus(ctx.core, repo, c.sha));
  });

  r.get("/repos/{owner}/{repo}/commits/{ref*}/statuses", (ctx) => {
    const repo = ctx.repo();
    const c = resolveOr404(repo, ctx.param("ref"));
    const list = repo.statuses.filter((s) => s.sha === c.sha).sort((a, b) => b.id - a.id);
    const page = paginate(ctx, list);
    return ok(
      page.items.map((s) => S.status(ctx.core, repo, s)),
      page.headers,
    );
  });
}
