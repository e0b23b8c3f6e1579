import { ApiError, missingField, notFound } from "../errors.js";
import { ok, type RouteContext, type SimResponse } from "../http/context.js";
import type { Router } from "../http/router.js";
import { commitOnBranch } from "../ops/git.js";
import * as S from "../serialize/index.js";
import type { Repo } from "../store/types.js";

const RAW_TYPES = ["application/vnd.github.raw", "application/vnd.github.v3.raw", "application/vnd.github.raw+json"];

function wantsRaw(ctx: RouteContext): boolean {
  const accept = (ctx.header("accept") ?? "").toLowerCase();
  return RAW_TYPES.some((t) => accept.includes(t));
}

function entry(
  ctx: RouteContext,
  repo: Repo,
  ref: string,
  path: string,
  type: "file" | "dir",
  sha: string,
  size: number,
): Record<string, unknown> {
  const enc = path.split("/").map(encodeURIComponent).join("/");
  const api = `${ctx.core.urls.api}/repos/${repo.fullName}`;
  const self = `${api}/contents/${enc}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
  const html = `${ctx.core.urls.html}/${repo.fullName}/${type === "file" ? "blob" : "tree"}/${ref}/${enc}`;
  return {
    type,
    size,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `${ctx.core.urls.html}/${repo.fullName}/raw/${ref}/${enc}` : null,
    _links: { self, git, html },
  };
}

function wrapBase64(buf: Buffer): string {
  const b64 = buf.toString("base64");
  return `${(b64.match(/.{1,60}/g) ?? [""]).join("\n")}\n`;
}

function getContents(ctx: RouteContext, path: string): SimResponse {
  const repo = ctx.repo();
  const ref = ctx.query.get("ref") || repo.defaultBranch;
  const sha = repo.git.resolveCommit(ref);
  if (!sha) throw notFound(`No commit found for the ref ${ref}`);
  const commit = repo.git.commit(sha)!;
  const clean = path.replace(/^\/+|\/+$/g, "");
  const blobSha = clean ? commit.files.get(clean) : undefined;
  if (blobSha) {
    const content = repo.git.readFile(sha, clean)!;
    if (wantsRaw(ctx)) return { status: 200, raw: content, contentType: "text/plain; charset=utf-8" };
    return ok({
      ...entry(ctx, repo, ref, clean, "file", blobSha, content.length),
      content: wrapBase64(content),
      encoding: "base64",
    });
  }
  const tree = repo.git.treeAt(sha, clean);
  if (!tree) throw notFound();
  // A directory answers its JSON listing even when raw content was asked for.
  return ok(
    tree.entries.map((e) => {
      const p = clean ? `${clean}/${e.name}` : e.name;
      const obj = repo.git.get(e.sha);
      return entry(
        ctx,
        repo,
        ref,
        p,
        e.type === "tree" ? "dir" : "file",
        e.sha,
        obj?.type === "blob" ? obj.content.length : 0,
      );
    }),
  );
}

/** Repository contents: read, create/update and delete files. */
export function registerContents(r: Router): void {
  r.get("/repos/{owner}/{repo}/contents", (ctx) => getContents(ctx, ""));
  r.get("/repos/{owner}/{repo}/contents/{path*}", (ctx) => getContents(ctx, ctx.param("path")));

  r.put("/repos/{owner}/{repo}/contents/{path*}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const path = ctx.param("path").replace(/^\/+/, "");
    const b = ctx.body;
    if (typeof b["message"] !== "string") throw missingField("message");
    if (typeof b["content"] !== "string") throw missingField("content");
    const branch: string = typeof b["branch"] === "string" ? b["branch"] : repo.defaultBranch;
    const tip = repo.git.refs.get(`refs/heads/${branch}`);
    if (!tip && repo.git.refs.size > 0) throw notFound(`Branch ${branch} not found`);
    const existing = tip ? repo.git.commit(tip)?.files.get(path) : undefined;
    if (existing && b["sha"] === undefined) throw missingField("sha");
    if (existing && b["sha"] !== existing) throw new ApiError(409, `${path} does not match ${String(b["sha"])}`);
    const content = Buffer.from(b["content"], "base64");
    // GitHub signs the commits the contents API makes (the simulator takes no custom author or committer).
    const commit = commitOnBranch(ctx.core, repo, branch, {
      message: b["message"],
      files: { [path]: content },
      actor: ctx.actor,
      verified: true,
      guard: { appId: ctx.appId, file: existing ? "update" : "create" },
    });
    const blobSha = commit.files.get(path)!;
    return {
      status: existing ? 200 : 201,
      body: {
        content: entry(ctx, repo, branch, path, "file", blobSha, content.length),
        commit: S.gitCommit(ctx.core, repo, commit),
      },
    };
  });

  r.delete("/repos/{owner}/{repo}/contents/{path*}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const path = ctx.param("path").replace(/^\/+/, "");
    const b = ctx.body;
    if (typeof b["message"] !== "string") throw missingField("message");
    if (typeof b["sha"] !== "string") throw missingField("sha");
    const branch: string = typeof b["branch"] === "string" ? b["branch"] : repo.defaultBranch;
    const tip = repo.git.refs.get(`refs/heads/${branch}`);
    const existing = tip ? repo.git.commit(tip)?.files.get(path) : undefined;
    if (!existing) throw notFound();
    if (existing !== b["sha"]) throw new ApiError(409, `${path} does not match ${b["sha"]}`);
    const commit = commitOnBranch(ctx.core, repo, branch, {
      message: b["message"],
      files: { [path]: null },
      actor: ctx.actor,
      verified: true,
      guard: { appId: ctx.appId, file: "delete" },
    });
    return ok({ content: null, commit: S.gitCommit(ctx.core, repo, commit) });
  });
}
