// Repository fields for its refs and git objects (defaultBranchRef, mergeQueue, ref, refs, object).
import type { SimCore } from "../../../core.js";
import type { Repo } from "../../../store/types.js";
import { connection, type ConnectionArgs } from "../../connection.js";
import { GqlError } from "../../errors.js";
import type { View } from "../actors.js";
import { views } from "../table.js";
import type { Order } from "./order.js";

type RefsArgs = ConnectionArgs & { refPrefix: string; query?: string; direction?: "ASC" | "DESC"; orderBy?: Order };

export function refFields(core: SimCore, repo: Repo): View {
  return {
    defaultBranchRef: () => views.refView(core, repo, `refs/heads/${repo.defaultBranch}`),
    mergeQueue: (args: { branch?: string | null }) =>
      views.mergeQueueView(core, repo, args.branch ?? repo.defaultBranch),
    ref: (args: { qualifiedName: string }) => {
      const q = views.qualify(repo, args.qualifiedName);
      return q ? views.refView(core, repo, q) : null;
    },
    refs: (args: RefsArgs) => {
      if (!args.refPrefix.endsWith("/")) throw new GqlError("INVALID_ARGUMENTS", "refPrefix must end with '/'");
      return connection(refNames(repo, args), args, (n) => views.refView(core, repo, n));
    },
    object: (args: { expression?: string; oid?: string }) => {
      if (args.oid) return views.objectView(core, repo, args.oid);
      if (!args.expression) return null;
      const r = resolveExpression(repo, args.expression);
      return r ? views.objectView(core, repo, r.sha, r.path) : null;
    },
  };
}

/** The refs under `refPrefix`, by name or by their commit's date (TAG_COMMIT_DATE). */
function refNames(repo: Repo, args: RefsArgs): string[] {
  let names = [...repo.git.refs.keys()].filter((r) => r.startsWith(args.refPrefix));
  if (args.query) names = names.filter((r) => r.slice(args.refPrefix.length).includes(args.query!));
  const dir = (args.orderBy?.direction ?? args.direction) === "DESC" ? -1 : 1;
  if (args.orderBy?.field === "TAG_COMMIT_DATE") {
    const date = (r: string) => {
      const sha = repo.git.peel(repo.git.refs.get(r)!);
      const c = repo.git.commit(sha);
      return c ? `${c.committer.date}#${String(c.seq).padStart(9, "0")}` : "";
    };
    names.sort((a, b) => (date(a) === date(b) ? (a < b ? -1 : 1) : date(a) < date(b) ? -dir : dir));
  } else {
    names.sort((a, b) => (a < b ? -dir : a > b ? dir : 0));
  }
  return names;
}

/** Resolves `object(expression:)`: "rev", "rev:path" (HEAD = default branch) or an object id. */
function resolveExpression(repo: Repo, expression: string): { sha: string; path: string } | null {
  const colon = expression.indexOf(":");
  const rev = colon === -1 ? expression : expression.slice(0, colon) || "HEAD";
  const path = colon === -1 ? null : expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
  if (path === null) {
    const q = rev === "HEAD" ? `refs/heads/${repo.defaultBranch}` : views.qualify(repo, rev);
    const sha = q ? repo.git.refs.get(q) : repo.git.expandSha(rev);
    return sha ? { sha, path: "" } : null;
  }
  const commit = repo.git.resolveCommit(rev, `refs/heads/${repo.defaultBranch}`);
  if (!commit) return null;
  const c = repo.git.commit(commit)!;
  if (path === "") return { sha: c.tree, path: "" };
  const blob = c.files.get(path);
  if (blob) return { sha: blob, path };
  const tree = repo.git.treeAt(commit, path);
  return tree ? { sha: tree.sha, path } : null;
}
