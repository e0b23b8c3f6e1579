import { missingField, notFound, unprocessable } from "../errors.js";
import { created, noContent, ok, type RouteContext } from "../http/context.js";
import type { Router } from "../http/router.js";
import { refChange, requireQualifiedRef, setRef } from "../ops/git.js";
import { assertPushAllowed } from "../ops/protection.js";
import * as S from "../serialize/index.js";
import type { GitPerson } from "../store/git.js";
import type { Repo } from "../store/types.js";

function refsMatching(repo: Repo, prefix: string): [string, string][] {
  return [...repo.git.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function personInput(ctx: RouteContext, v: unknown): GitPerson | undefined {
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o["name"] !== "string" || typeof o["email"] !== "string")
    throw unprocessable("Invalid request.\n\nAuthor and committer need name and email.");
  return {
    name: o["name"],
    email: o["email"],
    date: typeof o["date"] === "string" ? new Date(o["date"]).toISOString().replace(".000Z", "Z") : ctx.core.now(),
  };
}

/** Flattens a stored tree into path -> blob sha. */
function flatten(repo: Repo, treeSha: string, prefix = "", out = new Map<string, string>()): Map<string, string> {
  const t = repo.git.get(treeSha);
  if (t?.type !== "tree") throw unprocessable("Tree SHA does not exist");
  for (const e of t.entries) {
    if (e.type === "tree") flatten(repo, e.sha, `${prefix}${e.name}/`, out);
    else out.set(`${prefix}${e.name}`, e.sha);
  }
  return out;
}

/** Git database API: refs, commits, trees, blobs and annotated tags. */
export function registerGit(r: Router): void {
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

  r.get("/repos/{owner}/{repo}/git/refs/{ref*}", (ctx) => {
    const repo = ctx.repo();
    const name = `refs/${ctx.param("ref")}`;
    const exact = repo.git.refs.get(name);
    if (exact) return ok(S.ref(ctx.core, repo, name, exact));
    const matches = refsMatching(repo, `${name}/`);
    if (!matches.length) throw notFound();
    return ok(matches.map(([n, s]) => S.ref(ctx.core, repo, n, s)));
  });

  r.post("/repos/{owner}/{repo}/git/refs", (ctx) => {
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
  });

  r.patch("/repos/{owner}/{repo}/git/refs/{ref*}", (ctx) => {
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
    if (current !== sha)
      assertPushAllowed(ctx.core, repo, ref, ctx.actor, ctx.appId, refChange(repo, current, sha), sha);
    setRef(ctx.core, repo, ref, sha, ctx.actor);
    return ok(S.ref(ctx.core, repo, ref, sha));
  });

  r.delete("/repos/{owner}/{repo}/git/refs/{ref*}", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const ref = `refs/${ctx.param("ref").replace(/^refs\//, "")}`;
    if (!repo.git.refs.has(ref)) throw unprocessable("Reference does not exist");
    assertPushAllowed(ctx.core, repo, ref, ctx.actor, ctx.appId, "delete", null);
    setRef(ctx.core, repo, ref, null, ctx.actor);
    return noContent();
  });

  r.get("/repos/{owner}/{repo}/git/commits/{commit_sha}", (ctx) => {
    const repo = ctx.repo();
    const c = repo.git.commit(ctx.param("commit_sha"));
    if (!c) throw notFound();
    return ok(S.gitCommit(ctx.core, repo, c));
  });

  r.post("/repos/{owner}/{repo}/git/commits", (ctx) => {
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
  });

  r.get("/repos/{owner}/{repo}/git/trees/{tree_sha*}", (ctx) => {
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
  });

  r.post("/repos/{owner}/{repo}/git/trees", (ctx) => {
    const repo = ctx.writable(ctx.repo());
    const b = ctx.body;
    if (!Array.isArray(b["tree"])) throw missingField("tree");
    const files = typeof b["base_tree"] === "string" ? flatten(repo, b["base_tree"]) : new Map<string, string>();
    for (const raw of b["tree"] as Record<string, unknown>[]) {
      const path = String(raw["path"] ?? "");
      if (!path) throw unprocessable("Invalid tree info: path is required");
      if (raw["type"] === "tree" || raw["mode"] === "040000") {
        for (const k of [...files.keys()]) if (k.startsWith(`${path}/`)) files.delete(k);
        if (typeof raw["sha"] === "string")
          for (const [p, s] of flatten(repo, raw["sha"])) files.set(`${path}/${p}`, s);
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
  });

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
