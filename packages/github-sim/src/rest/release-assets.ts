import { notFound } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import { deleteAsset, requireAsset, updateAsset, uploadAsset } from "../ops/release-assets.js";
import * as S from "../serialize/index.js";
import type { Release, Repo } from "../store/types.js";

function requireRelease(ctx: RouteContext, repo: Repo): Release {
  const r = repo.releases.find((x) => x.id === ctx.intParam("release_id"));
  if (!r) throw notFound();
  return r;
}

/**
 * Release assets. GitHub takes uploads on uploads.github.com; here the
 * release's upload_url points at the simulator, and the server hands this
 * route the body unparsed (see server.ts).
 */
export function registerReleaseAssets(r: Router): void {
  r.post("/repos/{owner}/{repo}/releases/{release_id}/assets", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const rel = requireRelease(ctx, repo);
    const asset = uploadAsset(ctx.core, rel, ctx.actor, {
      name: ctx.query.get("name"),
      label: ctx.query.get("label"),
      contentType: ctx.header("content-type"),
      data: ctx.raw,
    });
    return created(S.releaseAsset(ctx.core, repo, rel, asset));
  });

  r.get("/repos/{owner}/{repo}/releases/{release_id}/assets", (ctx) => {
    const repo = ctx.repo();
    const rel = requireRelease(ctx, repo);
    const page = paginate(ctx, rel.assets ?? []);
    return ok(
      page.items.map((a) => S.releaseAsset(ctx.core, repo, rel, a)),
      page.headers,
    );
  });

  // With Accept: application/octet-stream GitHub redirects (302) to the file; the simulator answers it directly.
  r.get("/repos/{owner}/{repo}/releases/assets/{asset_id}", (ctx) => {
    const repo = ctx.repo();
    const { release, asset } = requireAsset(repo, ctx.intParam("asset_id"));
    if (ctx.header("accept")?.includes("application/octet-stream"))
      return { status: 200, raw: asset.data, contentType: asset.contentType };
    return ok(S.releaseAsset(ctx.core, repo, release, asset));
  });

  r.patch("/repos/{owner}/{repo}/releases/assets/{asset_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const { release, asset } = requireAsset(repo, ctx.intParam("asset_id"));
    const b = ctx.body;
    updateAsset(ctx.core, release, asset, {
      ...(typeof b["name"] === "string" ? { name: b["name"] } : {}),
      ...(b["label"] !== undefined ? { label: b["label"] === null ? null : String(b["label"]) } : {}),
    });
    return ok(S.releaseAsset(ctx.core, repo, release, asset));
  });

  r.delete("/repos/{owner}/{repo}/releases/assets/{asset_id}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const { release, asset } = requireAsset(repo, ctx.intParam("asset_id"));
    deleteAsset(release, asset);
    return noContent();
  });
}
