import { missingField, notFound, unprocessable } from "../../errors.js";
import { created, ok, type RouteContext, type SimResponse } from "../../http/context.js";
import type { Router } from "../../http/router.js";
import { flatten } from "./tree-files.js";

function getTree(ctx: RouteContext): SimResponse {
  const repo = ctx.repo();
  let sha = ctx.param("tree_sha");
  const c = repo.git.resolveCommit(sha);
  if (c) sha = repo.git.commit(c)!.tree;
  const t = repo.git.get(sha);
  if (t?.type !== "tree") throw notFound();
  const api = `${ctx.core.urls.api}/repos/${repo.fullName}`;
  const recursive = ["1", "true"].includes(ctx.query.get("recursive") ?? "");
  const out: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string) => {
    const tree = repo.git.get(treeSha);
    if (tree?.type !== "tree") return;
    for (const e of tree.entries) {
      const obj = repo.git.get(e.sha);
      out.push({
        path: `${prefix}${e.name}`,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(obj?.type === "blob" ? { size: obj.content.length } : {}),
        url: `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
      });
      if (recursive && e.type === "tree") walk(e.sha, `${prefix}${e.name}/`);
    }
  };
  walk(sha, "");
  return ok({ sha, url: `${api}/git/trees/${sha}`, tree: out, truncated: false });
}

function createTree(ctx: RouteContext): SimResponse {
  const repo = ctx.writable(ctx.repo());
  const b = ctx.body;
  if (!Array.isArray(b["tree"])) throw missingField("tree");
  const files = typeof b["base_tree"] === "string" ? flatten(repo, b["base_tree"]) : new Map<string, string>();
  for (const raw of b["tree"] as Record<string, unknown>[]) {
    const path = String(raw["path"] ?? "");
    if (!path) throw unprocessable("Invalid tree info: path is required");
    if (raw["type"] === "tree" || raw["mode"] === "040000") {
      for (const k of [...files.keys()]) if (k.startsWith(`${path}/`)) files.delete(k);
      if (typeof raw["sha"] === "string") for (const [p, s] of flatten(repo, raw["sha"])) files.set(`${path}/${p}`, s);
      continue;
    }
    if (raw["sha"] === null) files.delete(path);
    else if (typeof raw["content"] === "string") files.set(path, repo.git.putBlob(raw["content"]));
    else if (typeof raw["sha"] === "string") {
      if (repo.git.get(raw["sha"])?.type !== "blob")
        throw unprocessable(`Invalid tree info: ${raw["sha"]} is not a blob`);
      files.set(path, raw["sha"]);
    } else throw unprocessable("Invalid tree info: sha or content is required");
  }
  const sha = repo.git.buildTree(files);
  const t = repo.git.get(sha);
  const api = `${ctx.core.urls.api}/repos/${repo.fullName}`;
  return created({
    sha,
    url: `${api}/git/trees/${sha}`,
    tree:
      t?.type === "tree"
        ? t.entries.map((e) => ({
            path: e.name,
            mode: e.mode,
            type: e.type,
            sha: e.sha,
            url: `${api}/git/${e.type}s/${e.sha}`,
          }))
        : [],
    truncated: false,
  });
}

/** Git trees. */
export function registerTreeRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/git/trees/{tree_sha*}", getTree);
  r.post("/repos/{owner}/{repo}/git/trees", createTree);
}
