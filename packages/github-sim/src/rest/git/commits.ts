import { missingField, notFound, unprocessable } from "../../errors.js";
import { created, ok, type RouteContext, type SimResponse } from "../../http/context.js";
import type { Router } from "../../http/router.js";
import * as S from "../../serialize/index.js";
import { personInput } from "./person.js";
import { flatten } from "./tree-files.js";

function createCommit(ctx: RouteContext): SimResponse {
  const repo = ctx.writable(ctx.repo());
  const b = ctx.body;
  if (typeof b["message"] !== "string") throw missingField("message");
  if (typeof b["tree"] !== "string") throw missingField("tree");
  const parents: string[] = Array.isArray(b["parents"]) ? b["parents"].map(String) : [];
  for (const p of parents)
    if (!repo.git.commit(p)) throw unprocessable("Parent SHA does not exist or is not a commit object");
  const files = flatten(repo, b["tree"]);
  const author = personInput(ctx, b["author"]) ?? ctx.core.store.person(ctx.actor, ctx.core.now());
  const committer = personInput(ctx, b["committer"]) ?? author;
  // GitHub signs a commit it builds for a GitHub App that sets no author, committer or signature of its own.
  const signedByGitHub =
    Boolean(ctx.auth.installation) && b["signature"] === undefined && !b["author"] && !b["committer"];
  const c = repo.git.createCommit({
    files,
    parents,
    message: b["message"],
    author,
    committer,
    verified: signedByGitHub,
  });
  return created(S.gitCommit(ctx.core, repo, c));
}

/** Git commit objects. */
export function registerGitCommitRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/git/commits/{commit_sha}", (ctx) => {
    const repo = ctx.repo();
    const c = repo.git.commit(ctx.param("commit_sha"));
    if (!c) throw notFound();
    return ok(S.gitCommit(ctx.core, repo, c));
  });

  r.post("/repos/{owner}/{repo}/git/commits", createCommit);
}
