import { missingField, notFound, unprocessable } from "../../errors.js";
import { created, ok } from "../../http/context.js";
import type { Router } from "../../http/router.js";
import * as S from "../../serialize/index.js";
import { personInput } from "./person.js";

/** Annotated tag objects (the refs under refs/tags are plain refs). */
export function registerTagObjectRoutes(r: Router): void {
  r.post("/repos/{owner}/{repo}/git/tags", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const b = ctx.body;
    for (const f of ["tag", "message", "object", "type"]) if (b[f] === undefined) throw missingField(f);
    if (!repo.git.get(String(b["object"]))) throw unprocessable("Object does not exist");
    const tagger = personInput(ctx, b["tagger"]) ?? ctx.core.store.person(ctx.actor, ctx.core.now());
    const t = repo.git.createTag({
      tag: String(b["tag"]),
      message: String(b["message"]),
      object: String(b["object"]),
      tagger,
    });
    return created(S.gitTag(ctx.core, repo, t));
  });

  r.get("/repos/{owner}/{repo}/git/tags/{tag_sha}", (ctx) => {
    const repo = ctx.repo();
    const t = repo.git.get(ctx.param("tag_sha"));
    if (t?.type !== "tag") throw notFound();
    return ok(S.gitTag(ctx.core, repo, t));
  });
}
