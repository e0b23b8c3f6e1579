// Flattened snapshots (path -> blob sha) compared: the file-level diff between two, and
// the three-way merge of two against their merge base.

export interface FileDiff {
  filename: string;
  status: "added" | "removed" | "modified";
  sha: string | null;
  previousSha: string | null;
}

export function diffSnapshots(from: Map<string, string> | undefined, to: Map<string, string>): FileDiff[] {
  const out: FileDiff[] = [];
  const before = from ?? new Map<string, string>();
  for (const [path, sha] of to) {
    const prev = before.get(path);
    if (prev === undefined) out.push({ filename: path, status: "added", sha, previousSha: null });
    else if (prev !== sha) out.push({ filename: path, status: "modified", sha, previousSha: prev });
  }
  for (const [path, sha] of before) {
    if (!to.has(path)) out.push({ filename: path, status: "removed", sha: null, previousSha: sha });
  }
  return out.sort((a, b) => (a.filename < b.filename ? -1 : 1));
}

/** File-level three-way merge: a path changed on both sides, differently, is a conflict. */
export function mergeSnapshots(
  base: Map<string, string>,
  ours: Map<string, string>,
  theirs: Map<string, string>,
): { files: Map<string, string> } | { conflicts: string[] } {
  const result = new Map<string, string>();
  const conflicts: string[] = [];
  const paths = new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]);
  for (const path of paths) {
    const bv = base.get(path);
    const ov = ours.get(path);
    const tv = theirs.get(path);
    let v: string | undefined;
    if (ov === tv) v = ov;
    else if (ov === bv) v = tv;
    else if (tv === bv) v = ov;
    else {
      conflicts.push(path);
      continue;
    }
    if (v !== undefined) result.set(path, v);
  }
  return conflicts.length ? { conflicts: conflicts.sort() } : { files: result };
}
