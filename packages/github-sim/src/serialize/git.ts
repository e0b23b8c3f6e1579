import type { SimCore } from "../core.js";
import type { CommitObject, FileDiff, GitDb, GitPerson, TagObject } from "../store/git.js";
import type { Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";
import { user } from "./accounts.js";

function person(p: GitPerson): Record<string, unknown> {
  return { name: p.name, email: p.email, date: p.date };
}

export function verification(verified: boolean, at: string | null): Record<string, unknown> {
  return verified
    ? {
        verified: true,
        reason: "valid",
        signature: "-----BEGIN PGP SIGNATURE-----\nsim\n-----END PGP SIGNATURE-----",
        payload: "",
        verified_at: at,
      }
    : { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };
}

function parentsOf(core: SimCore, repo: Repo, c: CommitObject): Record<string, unknown>[] {
  return c.parents.map((p) => ({
    sha: p,
    url: `${core.urls.api}/repos/${repo.fullName}/commits/${p}`,
    html_url: `${core.urls.html}/${repo.fullName}/commit/${p}`,
  }));
}

export function ref(core: SimCore, repo: Repo, name: string, sha: string): Record<string, unknown> {
  const obj = repo.git.get(sha);
  const type = obj?.type ?? "commit";
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  return {
    ref: name,
    node_id: nodeId("REF", `${repo.id}:${name}`),
    url: `${api}/git/${name}`,
    object: {
      sha,
      type,
      url: `${api}/git/${type === "tag" ? "tags" : type === "commit" ? "commits" : `${type}s`}/${sha}`,
    },
  };
}

/** `GET /repos/{owner}/{repo}/git/commits/{sha}` */
export function gitCommit(core: SimCore, repo: Repo, c: CommitObject): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  return {
    sha: c.sha,
    node_id: nodeId("C", c.sha),
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${core.urls.html}/${repo.fullName}/commit/${c.sha}`,
    author: person(c.author),
    committer: person(c.committer),
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    message: c.message,
    parents: parentsOf(core, repo, c),
    verification: verification(c.verified, c.committer.date),
  };
}

export function gitTag(core: SimCore, repo: Repo, t: TagObject): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  return {
    node_id: nodeId("TAG", t.sha),
    tag: t.tag,
    sha: t.sha,
    url: `${api}/git/tags/${t.sha}`,
    message: t.message,
    tagger: person(t.tagger),
    object: {
      type: t.objectType,
      sha: t.object,
      url: `${api}/git/${t.objectType === "commit" ? "commits" : `${t.objectType}s`}/${t.object}`,
    },
    verification: verification(false, null),
  };
}

function loginUser(core: SimCore, p: GitPerson): Record<string, unknown> | null {
  return p.login ? user(core, p.login) : null;
}

function lines(git: GitDb, sha: string | null): string[] {
  if (!sha) return [];
  const o = git.get(sha);
  if (o?.type !== "blob") return [];
  const t = o.content.toString("utf8");
  if (t === "") return [];
  return t.replace(/\n$/, "").split("\n");
}

export function fileChange(core: SimCore, repo: Repo, d: FileDiff, headSha: string): Record<string, unknown> {
  const before = lines(repo.git, d.previousSha);
  const after = lines(repo.git, d.sha);
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  const additions = after.filter((l) => !beforeSet.has(l)).length;
  const deletions = before.filter((l) => !afterSet.has(l)).length;
  const patch = [
    `@@ -1,${before.length} +1,${after.length} @@`,
    ...before.filter((l) => !afterSet.has(l)).map((l) => `-${l}`),
    ...after.filter((l) => !beforeSet.has(l)).map((l) => `+${l}`),
  ].join("\n");
  const enc = d.filename.split("/").map(encodeURIComponent).join("/");
  return {
    sha: d.sha ?? d.previousSha,
    filename: d.filename,
    status: d.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${core.urls.html}/${repo.fullName}/blob/${headSha}/${enc}`,
    raw_url: `${core.urls.html}/${repo.fullName}/raw/${headSha}/${enc}`,
    contents_url: `${core.urls.api}/repos/${repo.fullName}/contents/${enc}?ref=${headSha}`,
    patch,
  };
}

/** REST commit object (`GET /repos/{owner}/{repo}/commits/{ref}` and list items). */
export function restCommit(
  core: SimCore,
  repo: Repo,
  c: CommitObject,
  opts: { files?: boolean } = {},
): Record<string, unknown> {
  const api = `${core.urls.api}/repos/${repo.fullName}`;
  const out: Record<string, unknown> = {
    sha: c.sha,
    node_id: nodeId("C", c.sha),
    commit: {
      author: person(c.author),
      committer: person(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      url: `${api}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: verification(c.verified, c.committer.date),
    },
    url: `${api}/commits/${c.sha}`,
    html_url: `${core.urls.html}/${repo.fullName}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    author: loginUser(core, c.author),
    committer: loginUser(core, c.committer),
    parents: parentsOf(core, repo, c),
  };
  if (opts.files) {
    const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
    const files = repo.git.diff(parent?.files, c.files).map((d) => fileChange(core, repo, d, c.sha));
    const additions = files.reduce((n, f) => n + (f["additions"] as number), 0);
    const deletions = files.reduce((n, f) => n + (f["deletions"] as number), 0);
    out["stats"] = { total: additions + deletions, additions, deletions };
    out["files"] = files;
  }
  return out;
}

/** The commit entries of a push webhook. */
export function pushCommit(core: SimCore, repo: Repo, c: CommitObject, distinct = true): Record<string, unknown> {
  const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
  const diff = repo.git.diff(parent?.files, c.files);
  const actor = (p: GitPerson) => ({ name: p.name, email: p.email, ...(p.login ? { username: p.login } : {}) });
  return {
    id: c.sha,
    tree_id: c.tree,
    distinct,
    message: c.message,
    timestamp: c.committer.date,
    url: `${core.urls.html}/${repo.fullName}/commit/${c.sha}`,
    author: actor(c.author),
    committer: actor(c.committer),
    added: diff.filter((d) => d.status === "added").map((d) => d.filename),
    removed: diff.filter((d) => d.status === "removed").map((d) => d.filename),
    modified: diff.filter((d) => d.status === "modified").map((d) => d.filename),
  };
}
