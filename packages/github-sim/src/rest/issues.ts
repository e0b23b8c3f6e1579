import { created, ok, type RouteContext } from "../http/context.js";
import { direction, paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { createIssue, requireIssue, updateIssue } from "../ops/issues.js";
import * as S from "../serialize/index.js";
import type { Issue, Repo } from "../store/types.js";
import { registerIssueCommentRoutes, registerRepoCommentRoutes } from "./issue-comments.js";
import { sinceFilter } from "./since.js";

function listIssues(ctx: RouteContext, repo: Repo): Issue[] {
  const q = ctx.query;
  const state = q.get("state") ?? "open";
  const labels = (q.get("labels") ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const milestone = q.get("milestone");
  const creator = q.get("creator")?.toLowerCase();
  const assignee = q.get("assignee")?.toLowerCase();
  const since = sinceFilter(ctx);
  const sort = q.get("sort") ?? "created";
  const dir = direction(ctx, "desc");
  return [...repo.issues.values()]
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
    .filter((i) => {
      if (milestone === null || milestone === undefined) return true;
      if (milestone === "*") return i.milestone !== null;
      if (milestone === "none") return i.milestone === null;
      return i.milestone === Number(milestone);
    })
    .filter((i) => !creator || i.user.toLowerCase() === creator)
    .filter(
      (i) =>
        !assignee ||
        (assignee === "none"
          ? i.assignees.length === 0
          : assignee === "*"
            ? i.assignees.length > 0
            : i.assignees.some((a) => a.toLowerCase() === assignee)),
    )
    .filter((i) => since(i.updatedAt))
    .sort((a, b) => {
      const key = (i: Issue) =>
        sort === "updated"
          ? i.updatedAt
          : sort === "comments"
            ? String(ctx.core.store.commentsOf(repo, i.number).length).padStart(8, "0")
            : i.createdAt;
      const ka = key(a);
      const kb = key(b);
      return ka === kb ? (a.number - b.number) * dir : ka < kb ? -dir : dir;
    });
}
/** Issues: listing (filtered and sorted), opening, reading and editing. */
function registerIssueRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/issues", (ctx) => {
    const repo = ctx.repo();
    const page = paginate(ctx, listIssues(ctx, repo));
    return ok(
      page.items.map((i) => S.issue(ctx.core, repo, i)),
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/issues", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const b = ctx.body;
    const issue = createIssue(ctx.core, repo, ctx.actor, {
      title: b["title"],
      body: b["body"],
      labels: Array.isArray(b["labels"])
        ? b["labels"].map((l: unknown) => (typeof l === "string" ? l : String((l as { name?: unknown }).name)))
        : [],
      milestone: b["milestone"] ?? null,
      assignees: Array.isArray(b["assignees"]) ? b["assignees"] : b["assignee"] ? [b["assignee"]] : [],
    });
    return created(S.issue(ctx.core, repo, issue));
  });

  r.get("/repos/{owner}/{repo}/issues/{issue_number}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.issue(ctx.core, repo, requireIssue(repo, ctx.intParam("issue_number")), { closedBy: true }));
  });

  r.patch("/repos/{owner}/{repo}/issues/{issue_number}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    const b = ctx.body;
    updateIssue(ctx.core, repo, issue, ctx.actor, {
      ...(b["title"] !== undefined ? { title: String(b["title"]) } : {}),
      ...(b["body"] !== undefined ? { body: b["body"] } : {}),
      ...(b["state"] !== undefined ? { state: b["state"] } : {}),
      ...(b["state_reason"] !== undefined ? { state_reason: b["state_reason"] } : {}),
      ...(b["milestone"] !== undefined ? { milestone: b["milestone"] } : {}),
      ...(Array.isArray(b["labels"])
        ? {
            labels: b["labels"].map((l: unknown) =>
              typeof l === "string" ? l : String((l as { name?: unknown }).name),
            ),
          }
        : {}),
      ...(Array.isArray(b["assignees"]) ? { assignees: b["assignees"] } : {}),
    });
    return ok(S.issue(ctx.core, repo, issue, { closedBy: true }));
  });
}

/** Issues and issue comments. */
export function registerIssues(r: Router): void {
  // Repository-wide comment routes first: "/issues/comments" would otherwise match "/issues/{issue_number}".
  registerRepoCommentRoutes(r);
  registerIssueRoutes(r);
  registerIssueCommentRoutes(r);
}
