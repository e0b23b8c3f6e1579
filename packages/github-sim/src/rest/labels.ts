import { notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { addLabels, createLabel, removeLabel, requireIssue, setLabels } from "../ops/issues.js";
import * as S from "../serialize/index.js";
import type { Label, Repo } from "../store/types.js";
import { registerMilestoneRoutes } from "./milestones.js";

/** Label names from `{labels: [...]}`, a bare array, or `[{name}]`. */
function labelNames(json: unknown): string[] {
  const list = Array.isArray(json)
    ? json
    : json && typeof json === "object"
      ? (json as { labels?: unknown }).labels
      : undefined;
  if (!Array.isArray(list)) return [];
  return list.map((l: unknown) => (typeof l === "string" ? l : String((l as { name?: unknown }).name)));
}

function issueLabels(ctx: RouteContext, repo: Repo, names: string[]): unknown[] {
  return names
    .map((n) => repo.labels.get(n.toLowerCase()))
    .filter((l): l is Label => !!l)
    .map((l) => S.label(ctx.core, repo, l));
}

function requireLabel(ctx: RouteContext, repo: Repo): Label {
  const l = repo.labels.get(ctx.param("name").toLowerCase());
  if (!l) throw notFound();
  return l;
}

/** A repository's labels; renaming or deleting one updates the issues that carry it. */
function registerRepoLabelRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/labels", (ctx) => {
    const repo = ctx.repo();
    const page = paginate(
      ctx,
      [...repo.labels.values()].sort((a, b) => a.id - b.id),
    );
    return ok(
      page.items.map((l) => S.label(ctx.core, repo, l)),
      page.headers,
    );
  });

  r.post("/repos/{owner}/{repo}/labels", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const l = createLabel(ctx.core, repo, ctx.actor, {
      name: ctx.body["name"],
      color: ctx.body["color"],
      description: ctx.body["description"],
    });
    return created(S.label(ctx.core, repo, l));
  });

  r.get("/repos/{owner}/{repo}/labels/{name}", (ctx) => {
    const repo = ctx.repo();
    return ok(S.label(ctx.core, repo, requireLabel(ctx, repo)));
  });

  r.patch("/repos/{owner}/{repo}/labels/{name}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const l = requireLabel(ctx, repo);
    const b = ctx.body;
    if (typeof b["new_name"] === "string" && b["new_name"] !== l.name) {
      repo.labels.delete(l.name.toLowerCase());
      for (const i of repo.issues.values())
        i.labels = i.labels.map((n) => (n.toLowerCase() === l.name.toLowerCase() ? b["new_name"] : n));
      l.name = b["new_name"];
      repo.labels.set(l.name.toLowerCase(), l);
    }
    if (typeof b["color"] === "string") l.color = b["color"].replace(/^#/, "");
    if (b["description"] !== undefined) l.description = b["description"];
    ctx.core.emit("label", repo, ctx.actor, { action: "edited", label: S.label(ctx.core, repo, l), changes: {} });
    return ok(S.label(ctx.core, repo, l));
  });

  r.delete("/repos/{owner}/{repo}/labels/{name}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const l = requireLabel(ctx, repo);
    repo.labels.delete(l.name.toLowerCase());
    for (const i of repo.issues.values()) i.labels = i.labels.filter((n) => n.toLowerCase() !== l.name.toLowerCase());
    ctx.core.emit("label", repo, ctx.actor, { action: "deleted", label: S.label(ctx.core, repo, l) });
    return noContent();
  });
}

/** The labels of one issue. */
function registerIssueLabelRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/issues/{issue_number}/labels", (ctx) => {
    const repo = ctx.repo();
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    const page = paginate(ctx, issueLabels(ctx, repo, issue.labels));
    return ok(page.items, page.headers);
  });

  r.post("/repos/{owner}/{repo}/issues/{issue_number}/labels", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    addLabels(ctx.core, repo, issue, ctx.actor, labelNames(ctx.json));
    return ok(issueLabels(ctx, repo, issue.labels));
  });

  r.put("/repos/{owner}/{repo}/issues/{issue_number}/labels", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    setLabels(ctx.core, repo, issue, ctx.actor, labelNames(ctx.json));
    return ok(issueLabels(ctx, repo, issue.labels));
  });

  r.delete("/repos/{owner}/{repo}/issues/{issue_number}/labels", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    setLabels(ctx.core, repo, issue, ctx.actor, []);
    return noContent();
  });

  r.delete("/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const issue = requireIssue(repo, ctx.intParam("issue_number"));
    removeLabel(ctx.core, repo, issue, ctx.actor, ctx.param("name"));
    return ok(issueLabels(ctx, repo, issue.labels));
  });
}

/** Labels (repository and issue) and milestones. */
export function registerLabels(r: Router): void {
  registerRepoLabelRoutes(r);
  registerIssueLabelRoutes(r);
  registerMilestoneRoutes(r);
}
