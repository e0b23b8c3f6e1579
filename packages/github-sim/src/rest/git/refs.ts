import { missingField, notFound, unprocessable } from "../../errors.js";
import { created, noContent, ok, type RouteContext, type SimResponse } from "../../http/context.js";
import type { Router } from "../../http/router.js";
import { refChange, requireQualifiedRef, setRef } from "../../ops/git.js";
import { assertPushAllowed } from "../../ops/protection.js";
import * as S from "../../serialize/index.js";
import type { Repo } from "../../store/types.js";

function refsMatching(repo: Repo, prefix: string): [string, string][] {
  return [...repo.git.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** One ref by its exact name, or every ref under it when it names a namespace ("heads", "tags/v1"). */
function getRefs(ctx: RouteContext): SimResponse {
  const repo = ctx.repo();
  const name = `refs/${ctx.param("ref")}`;
  const exact = repo.git.refs.get(name);
  if (exact) return ok(S.ref(ctx.core, repo, name, exact));
  const matches = refsMatching(repo, `${name}/`);
  if (!matches.length) throw notFound();
  return ok(matches.map(([n, s]) => S.ref(ctx.core, repo, n, s)));
}

function createRef(ctx: RouteContext): SimResponse {
  const repo = ctx.writable(ctx.repo());
  if (ctx.body["ref"] === undefined) throw missingField("ref");
  if (ctx.body["sha"] === undefined) throw missingField("sha");
  const ref = requireQualifiedRef(ctx.body["ref"]);
  const sha = String(ctx.body["sha"]);
  if (!repo.git.get(sha)) throw unprocessable("Object does not exist");
  if (repo.git.refs.has(ref)) throw unprocessable("Reference already exists");
  assertPushAllowed(ctx.core, repo, ref, ctx.actor, ctx.appId, "create", sha);
  setRef(ctx.core, repo, ref, sha, ctx.actor);
  return created(S.ref(ctx.core, repo, ref, sha));
}

function updateRef(ctx: RouteContext): SimResponse {
  const repo = ctx.writable(ctx.repo());
  const ref = `refs/${ctx.param("ref").replace(/^refs\//, "")}`;
  if (ctx.body["sha"] === undefined) throw missingField("sha");
  const sha = String(ctx.body["sha"]);
  const current = repo.git.refs.get(ref);
  if (!current) throw unprocessable("Reference does not exist");
  if (!repo.git.get(sha)) throw unprocessable("Object does not exist");
  const force = ctx.body["force"] === true;
  if (!force && current !== sha) {
    const target = repo.git.peel(sha);
    if (!repo.git.commit(target) || !repo.git.isAncestor(repo.git.peel(current), target))
      throw unprocessable("Update is not a fast forward");
  }
  if (current !== sha) assertPushAllowed(ctx.core, repo, ref, ctx.actor, ctx.appId, refChange(repo, current, sha), sha);
  setRef(ctx.core, repo, ref, sha, ctx.actor);
  return ok(S.ref(ctx.core, repo, ref, sha));
}

function deleteRef(ctx: RouteContext): SimResponse {
  const repo = ctx.writable(ctx.repo());
  const ref = `refs/${ctx.param("ref").replace(/^refs\//, "")}`;
  if (!repo.git.refs.has(ref)) throw unprocessable("Reference does not exist");
  assertPushAllowed(ctx.core, repo, ref, ctx.actor, ctx.appId, "delete", null);
  setRef(ctx.core, repo, ref, null, ctx.actor);
  return noContent();
}

/** Git references: reads, then creating, moving and deleting (each push checked against protection). */
export function registerRefRoutes(r: Router): void {
  r.get("/repos/{owner}/{repo}/git/ref/{ref*}", (ctx) => {
    const repo = ctx.repo();
    const name = `refs/${ctx.param("ref")}`;
    const sha = repo.git.refs.get(name);
    if (!sha) throw notFound();
    return ok(S.ref(ctx.core, repo, name, sha));
  });

  r.get("/repos/{owner}/{repo}/git/matching-refs/{ref*}", (ctx) => {
    const repo = ctx.repo();
    return ok(refsMatching(repo, `refs/${ctx.param("ref")}`).map(([n, s]) => S.ref(ctx.core, repo, n, s)));
  });

  r.get("/repos/{owner}/{repo}/git/refs", (ctx) => {
    const repo = ctx.repo();
    return ok(refsMatching(repo, "refs/").map(([n, s]) => S.ref(ctx.core, repo, n, s)));
  });

  r.get("/repos/{owner}/{repo}/git/refs/{ref*}", getRefs);
  r.post("/repos/{owner}/{repo}/git/refs", createRef);
  r.patch("/repos/{owner}/{repo}/git/refs/{ref*}", updateRef);
  r.delete("/repos/{owner}/{repo}/git/refs/{ref*}", deleteRef);
}
