// A repository's git data: the object database, its refs, and how names resolve to commits.
import { ancestorsOf, commitLog, mergeBaseOf } from "./git-history.js";
import {
  commitBody,
  hashObject,
  tagBody,
  treeBody,
  type CommitObject,
  type GitObject,
  type GitPerson,
  type TagObject,
  type TreeEntry,
  type TreeObject,
} from "./git-objects.js";
import { diffSnapshots, mergeSnapshots, type FileDiff } from "./git-snapshots.js";

export {
  ZERO_SHA,
  type BlobObject,
  type CommitObject,
  type GitObject,
  type GitPerson,
  type TagObject,
  type TreeEntry,
  type TreeObject,
} from "./git-objects.js";
export { compareCommitsNewestFirst } from "./git-history.js";
export type { FileDiff } from "./git-snapshots.js";

/** The object database and refs of one repository. Object ids are real git ids. */
export class GitDb {
  readonly objects = new Map<string, GitObject>();
  /** Fully-qualified ref name ("refs/heads/main") -> object sha */
  readonly refs = new Map<string, string>();
  private seq = 0;

  putBlob(content: Buffer | string): string {
    const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const sha = hashObject("blob", buf);
    if (!this.objects.has(sha)) this.objects.set(sha, { type: "blob", sha, content: buf });
    return sha;
  }

  /** Builds (and stores) the tree objects for a flattened snapshot; returns the root tree sha. */
  buildTree(files: Map<string, string>, prefix = ""): string {
    const blobs = new Map<string, string>();
    const dirs = new Map<string, Map<string, string>>();
    for (const [path, sha] of files) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash === -1) blobs.set(rest, sha);
      else {
        const dir = rest.slice(0, slash);
        let sub = dirs.get(dir);
        if (!sub) {
          sub = new Map();
          dirs.set(dir, sub);
        }
        sub.set(path, sha);
      }
    }
    const entries: TreeEntry[] = [];
    for (const [name, sha] of blobs) entries.push({ name, mode: "100644", type: "blob", sha });
    for (const [name, sub] of dirs) {
      entries.push({ name, mode: "040000", type: "tree", sha: this.buildTree(sub, `${prefix}${name}/`) });
    }
    const key = (e: TreeEntry) => (e.type === "tree" ? `${e.name}/` : e.name);
    entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const sha = hashObject("tree", treeBody(entries));
    if (!this.objects.has(sha)) this.objects.set(sha, { type: "tree", sha, entries });
    return sha;
  }

  createCommit(input: {
    files: Map<string, string>;
    parents: string[];
    message: string;
    author: GitPerson;
    committer?: GitPerson;
    verified?: boolean;
  }): CommitObject {
    const tree = this.buildTree(input.files);
    const committer = input.committer ?? input.author;
    const body = commitBody({ tree, parents: input.parents, author: input.author, committer, message: input.message });
    const sha = hashObject("commit", body);
    const existing = this.objects.get(sha);
    if (existing?.type === "commit") return existing;
    const commit: CommitObject = {
      type: "commit",
      sha,
      tree,
      files: new Map(input.files),
      parents: [...input.parents],
      message: input.message,
      author: input.author,
      committer,
      verified: input.verified ?? false,
      seq: ++this.seq,
    };
    this.objects.set(sha, commit);
    return commit;
  }

  createTag(input: { tag: string; message: string; object: string; tagger: GitPerson }): TagObject {
    const target = this.objects.get(input.object);
    const objectType = target?.type ?? "commit";
    const body = tagBody({ ...input, objectType });
    const sha = hashObject("tag", body);
    const tag: TagObject = {
      type: "tag",
      sha,
      tag: input.tag,
      message: input.message,
      object: input.object,
      objectType,
      tagger: input.tagger,
    };
    this.objects.set(sha, tag);
    return tag;
  }

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  commit(sha: string): CommitObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === "commit" ? o : undefined;
  }

  /** Follows annotated tags down to the object they point at. */
  peel(sha: string): string {
    let current = sha;
    for (let i = 0; i < 10; i++) {
      const o = this.objects.get(current);
      if (o?.type !== "tag") return current;
      current = o.object;
    }
    return current;
  }

  /** Expands an abbreviated object id (>= 4 hex chars) when unambiguous. */
  expandSha(prefix: string): string | undefined {
    if (!/^[0-9a-f]{4,40}$/i.test(prefix)) return undefined;
    const lower = prefix.toLowerCase();
    if (lower.length === 40) return this.objects.has(lower) ? lower : undefined;
    let found: string | undefined;
    for (const sha of this.objects.keys()) {
      if (sha.startsWith(lower)) {
        if (found) return undefined;
        found = sha;
      }
    }
    return found;
  }

  /** Resolves a full ref, branch, tag or (abbreviated) sha to the fully qualified ref, if any. */
  qualifyRef(name: string): string | undefined {
    if (name.startsWith("refs/")) return this.refs.has(name) ? name : undefined;
    for (const candidate of [`refs/heads/${name}`, `refs/tags/${name}`]) {
      if (this.refs.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** Resolves a commit-ish (ref, branch, tag, sha, HEAD of default branch via `head`) to a commit sha. */
  resolveCommit(refish: string, headRef?: string): string | undefined {
    let name = refish;
    if (name === "HEAD" && headRef) name = headRef;
    const qualified = this.qualifyRef(name);
    let sha: string | undefined = qualified ? this.refs.get(qualified) : this.expandSha(name);
    if (!sha) return undefined;
    sha = this.peel(sha);
    return this.commit(sha) ? sha : undefined;
  }

  /** All commits reachable from `sha` (inclusive). */
  ancestors(sha: string): Set<string> {
    return ancestorsOf(this, sha);
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).has(ancestor);
  }

  /** Commits reachable from `head` in `git log` order (newest first), minus those reachable from `exclude`. */
  log(head: string, exclude?: string): CommitObject[] {
    return commitLog(this, head, exclude);
  }

  /** Best common ancestor of two commits (newest common commit). */
  mergeBase(a: string, b: string): string | undefined {
    return mergeBaseOf(this, a, b);
  }

  readFile(commitSha: string, path: string): Buffer | undefined {
    const c = this.commit(commitSha);
    const blobSha = c?.files.get(path);
    if (!blobSha) return undefined;
    const blob = this.objects.get(blobSha);
    return blob?.type === "blob" ? blob.content : undefined;
  }

  /** Tree object of a directory inside a commit ("" for the root). */
  treeAt(commitSha: string, dir: string): TreeObject | undefined {
    const c = this.commit(commitSha);
    if (!c) return undefined;
    let tree = this.objects.get(c.tree);
    const parts = dir.split("/").filter(Boolean);
    for (const part of parts) {
      if (tree?.type !== "tree") return undefined;
      const entry = tree.entries.find((e) => e.name === part && e.type === "tree");
      if (!entry) return undefined;
      tree = this.objects.get(entry.sha);
    }
    return tree?.type === "tree" ? tree : undefined;
  }

  diff(from: Map<string, string> | undefined, to: Map<string, string>): FileDiff[] {
    return diffSnapshots(from, to);
  }

  /** File-level three-way merge of two commits. */
  merge(ours: string, theirs: string): { files: Map<string, string> } | { conflicts: string[] } {
    const base = this.mergeBase(ours, theirs);
    const b = base ? this.commit(base)!.files : new Map<string, string>();
    const o = this.commit(ours)!.files;
    const t = this.commit(theirs)!.files;
    return mergeSnapshots(b, o, t);
  }

  /** Line counts of a blob (for additions/deletions stats). */
  lineCount(blobSha: string | null): number {
    if (!blobSha) return 0;
    const b = this.objects.get(blobSha);
    if (b?.type !== "blob" || b.content.length === 0) return 0;
    const text = b.content.toString("utf8");
    return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  }
}
