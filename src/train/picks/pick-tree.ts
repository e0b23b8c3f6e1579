/**
 * A pick as git makes it: the commit's change (its first parent → the commit) applied to the
 * release branch's tree, when the branch has every file it touches as the commit found it.
 */
import type { TreeEntry } from "../model/actions.js";
import type { PathChange, TreeBlob } from "../model/observation.js";

/** The line `git cherry-pick -x` adds: how a pick is found on the branch again. */
export const pickTrailer = (sha: string): string => `(cherry picked from commit ${sha})`;

/**
 * The pick's message: the fix's, git's cherry-pick line, and the fix's author as a co-author.
 * The commit itself is the app's (GitHub signs only commits an app writes with no author of
 * its own), so a release branch that requires signed commits takes it.
 */
export const pickMessage = (
  message: string,
  sha: string,
  author: { name: string; email: string } | null = null,
): string =>
  `${message.trimEnd()}\n\n${pickTrailer(sha)}${author ? `\nCo-authored-by: ${author.name} <${author.email}>` : ""}`;

export type PickTree = { ok: true; entries: TreeEntry[] } | { ok: false; conflicts: string[] };

const same = (a: TreeBlob | null, b: TreeBlob | null) =>
  a === null || b === null ? a === b : a.sha === b.sha && a.mode === b.mode;

/**
 * The entries that turn the branch's tree into the pick's: each changed path set to the
 * commit's blob (or removed), when the branch has what the parent had there. A path the
 * branch already has as the commit made it needs no entry; any other difference conflicts.
 */
export function pickTree(changes: readonly PathChange[], branch: Readonly<Record<string, TreeBlob | null>>): PickTree {
  const at = (path: string) => branch[path] ?? null;
  const conflicts = changes.filter((c) => !same(at(c.path), c.before) && !same(at(c.path), c.after)).map((c) => c.path);
  if (conflicts.length > 0) return { ok: false, conflicts };
  const entries = changes
    .filter((c) => !same(at(c.path), c.after))
    .map(
      (c): TreeEntry => ({
        path: c.path,
        mode: c.after?.mode ?? c.before!.mode,
        type: "blob",
        sha: c.after?.sha ?? null,
      }),
    );
  return { ok: true, entries };
}
