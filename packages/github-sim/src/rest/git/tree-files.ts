import { unprocessable } from "../../errors.js";
import type { Repo } from "../../store/types.js";

/** Flattens a stored tree into path -> blob sha. */
export function flatten(
  repo: Repo,
  treeSha: string,
  prefix = "",
  out = new Map<string, string>(),
): Map<string, string> {
  const t = repo.git.get(treeSha);
  if (t?.type !== "tree") throw unprocessable("Tree SHA does not exist");
  for (const e of t.entries) {
    if (e.type === "tree") flatten(repo, e.sha, `${prefix}${e.name}/`, out);
    else out.set(`${prefix}${e.name}`, e.sha);
  }
  return out;
}
