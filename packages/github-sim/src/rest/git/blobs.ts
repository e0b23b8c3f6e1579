import { missingField, notFound } from "../../errors.js";
import { created, ok } from "../../http/context.js";
import type { Router } from "../../http/router.js";

/** Git blobs. */
export function registerBlobRoutes(r: Router): void {
  r.post("/repos/{owner}/{repo}/git/blobs", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const b = ctx.body;
    if (typeof b["content"] !== "string") throw missingField("content");
    const buf = b["encoding"] === "base64" ? Buffer.from(b["content"], "base64") : Buffer.from(b["content"], "utf8");
    const sha = repo.git.putBlob(buf);
    return created({ url: `${ctx.core.urls.api}/repos/${repo.fullName}/git/blobs/${sha}`, sha });
  });

  r.get("/repos/{owner}/{repo}/git/blobs/{file_sha}", (ctx) => {
    const repo = ctx.repo();
    const blob = repo.git.get(ctx.param("file_sha"));
    if (blob?.type !== "blob") throw notFound();
    return ok({
      sha: blob.sha,
      node_id: `B_${blob.sha}`,
      size: blob.content.length,
      url: `${ctx.core.urls.api}/repos/${repo.fullName}/git/blobs/${blob.sha}`,
      content: blob.content.toString("base64"),
      encoding: "base64",
    });
  });
}
