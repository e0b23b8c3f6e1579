// Walks over a repository's commit graph: reachability, `git log` order and merge bases.
import type { GitDb } from "./git.js";
import type { CommitObject } from "./git-objects.js";

/** All commits reachable from `sha` (inclusive). */
export function ancestorsOf(db: GitDb, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    const c = db.commit(s);
    if (!c) continue;
    seen.add(s);
    stack.push(...c.parents);
  }
  return seen;
}

/** Commits reachable from `head` in `git log` order (newest first), minus those reachable from `exclude`. */
export function commitLog(db: GitDb, head: string, exclude?: string): CommitObject[] {
  const excluded = exclude ? ancestorsOf(db, exclude) : new Set<string>();
  const out: CommitObject[] = [];
  const seen = new Set<string>();
  const queue: CommitObject[] = [];
  const push = (sha: string) => {
    if (seen.has(sha) || excluded.has(sha)) return;
    const c = db.commit(sha);
    if (!c) return;
    seen.add(sha);
    queue.push(c);
  };
  push(head);
  while (queue.length) {
    queue.sort(compareCommitsNewestFirst);
    const c = queue.shift()!;
    out.push(c);
    for (const p of c.parents) push(p);
  }
  return out;
}

/** Best common ancestor of two commits (newest common commit). */
export function mergeBaseOf(db: GitDb, a: string, b: string): string | undefined {
  const ancestorsOfA = ancestorsOf(db, a);
  for (const c of commitLog(db, b)) if (ancestorsOfA.has(c.sha)) return c.sha;
  return undefined;
}

export function compareCommitsNewestFirst(a: CommitObject, b: CommitObject): number {
  const d = new Date(b.committer.date).getTime() - new Date(a.committer.date).getTime();
  return d !== 0 ? d : b.seq - a.seq;
}
