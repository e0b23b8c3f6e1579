import { notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { direction, paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createMilestone, updateMilestone } from "../ops/issues.js";
import * as S from "../serialize/index.js";
import type { Milestone, Repo } from "../store/types.js";

function requireMilestone(ctx: RouteContext, repo: Repo): Milestone {
  const m = repo.milestones.get(ctx.intParam("milestone_number"));
  if (!m) throw notFound();
  return m;
}

/** Milestones; deleting one clears it from its issues. */
export function registerMilestoneRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/milestones", (ctx) => {
    const repo = ctx.repo();
    const state = ctx.query.get("state") ?? "open";
    const sort = ctx.query.get("sort") ?? "due_on";
    const dir = direction(ctx, "asc");
    const list = [...repo.milestones.values()]
      .filter((m) => state === "all" || m.state === state)
      .sort((a, b) => {
        if (sort === "completeness") return (a.number - b.number) * dir;
        const ka = a.dueOn ?? "9999";
        const kb = b.dueOn ?? "9999";
        return ka === kb ? (a.number - b.number) * dir : ka < kb ? -dir : dir;
      });
    const page = paginate(ctx, list);
    return ok(
      page.items.map((m) => S.milestone(ctx.core, repo, m)),
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/milestones", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const m = createMilestone(ctx.core, repo, ctx.actor, ctx.body as { title: string });
    return created(S.milestone(ctx.core, repo, m));
  });

  r.get("/repos/{owner}/{repo}/milestones/{milestone_number}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.milestone(ctx.core, repo, requireMilestone(ctx, repo)));
  });

  r.patch("/repos/{owner}/{repo}/milestones/{milestone_number}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const m = updateMilestone(ctx.core, repo, requireMilestone(ctx, repo), ctx.actor, ctx.body);
    return ok(S.milestone(ctx.core, repo, m));
  });

  r.delete("/repos/{owner}/{repo}/milestones/{milestone_number}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const m = requireMilestone(ctx, repo);
    repo.milestones.delete(m.number);
    for (const i of repo.issues.values()) if (i.milestone === m.number) i.milestone = null;
    ctx.core.emit("milestone", repo, ctx.actor, { action: "deleted", milestone: S.milestone(ctx.core, repo, m) });
    return noContent();
  });
}
