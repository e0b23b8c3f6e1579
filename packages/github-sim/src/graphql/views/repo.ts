import { mergeQueueView } from "./protection.js";
import type { SimCore } from "../../core.js";
import { latestRelease } from "../../ops/deployments.js";
import type { Issue, Repo } from "../../store/types.js";
import { connection, type ConnectionArgs } from "../connection.js";
import { GqlError } from "../errors.js";
import { actorView, type View } from "./actors.js";
import { deploymentView, discussionCategoryView, discussionView, releaseView } from "./deployments.js";
import { objectView, qualify, refView } from "./git.js";
import { issueView, labelView, milestoneView, pullView } from "./issues.js";

type Order = { field: string; direction: "ASC" | "DESC" } | null | undefined;

function sortIssues(core: SimCore, repo: Repo, list: Issue[], order: Order): Issue[] {
  const field = order?.field ?? "CREATED_AT";
  const dir = order?.direction === "DESC" ? -1 : 1;
  const key = (i: Issue): string | number =>
    field === "UPDATED_AT"
      ? i.updatedAt
      : field === "COMMENTS"
        ? core.store.commentsOf(repo, i.number).length
        : i.createdAt;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? (a.number - b.number) * dir : ka < kb ? -dir : dir;
  });
}

/** Resolves `object(expression:)`: "rev", "rev:path" (HEAD = default branch) or an object id. */
function resolveExpression(repo: Repo, expression: string): { sha: string; path: string } | null {
  const colon = expression.indexOf(":");
  const rev = colon === -1 ? expression : expression.slice(0, colon) || "HEAD";
  const path = colon === -1 ? null : expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
  if (path === null) {
    const q = rev === "HEAD" ? `refs/heads/${repo.defaultBranch}` : qualify(repo, rev);
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

export function repoView(core: SimCore, repo: Repo): View {
  return {
    __typename: "Repository",
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: () => actorView(core, repo.owner),
    description: repo.description,
    url: `${core.urls.html}/${repo.fullName}`,
    resourcePath: `/${repo.fullName}`,
    isArchived: repo.archived,
    isPrivate: repo.private,
    createdAt: repo.createdAt,
    updatedAt: repo.updatedAt,
    pushedAt: repo.pushedAt,
    defaultBranchRef: () => refView(core, repo, `refs/heads/${repo.defaultBranch}`),
    mergeQueue: (args: { branch?: string | null }) => mergeQueueView(core, repo, args.branch ?? repo.defaultBranch),
    ref: (args: { qualifiedName: string }) => {
      const q = qualify(repo, args.qualifiedName);
      return q ? refView(core, repo, q) : null;
    },
    refs: (
      args: ConnectionArgs & { refPrefix: string; query?: string; direction?: "ASC" | "DESC"; orderBy?: Order },
    ) => {
      if (!args.refPrefix.endsWith("/")) throw new GqlError("INVALID_ARGUMENTS", "refPrefix must end with '/'");
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
      return connection(names, args, (n) => refView(core, repo, n));
    },
    object: (args: { expression?: string; oid?: string }) => {
      if (args.oid) return objectView(core, repo, args.oid);
      if (!args.expression) return null;
      const r = resolveExpression(repo, args.expression);
      return r ? objectView(core, repo, r.sha, r.path) : null;
    },
    issue: (args: { number: number }) => {
      const i = repo.issues.get(args.number);
      if (!i || i.isPull)
        throw new GqlError("NOT_FOUND", `Could not resolve to an Issue with the number of ${args.number}.`);
      return issueView(core, repo, i);
    },
    issues: (
      args: ConnectionArgs & {
        states?: string[];
        labels?: string[];
        orderBy?: Order;
        filterBy?: {
          createdBy?: string;
          labels?: string[];
          milestoneNumber?: string;
          since?: string;
          states?: string[];
        };
      },
    ) => {
      const f = args.filterBy ?? {};
      const states = args.states ?? f.states;
      const labels = args.labels ?? f.labels;
      const list = [...repo.issues.values()].filter(
        (i) =>
          !i.isPull &&
          (!states?.length || states.includes(i.state.toUpperCase())) &&
          (!labels?.length || labels.some((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase()))) &&
          (!f.createdBy || i.user.toLowerCase() === f.createdBy.toLowerCase()) &&
          (!f.since || new Date(i.updatedAt) >= new Date(f.since)) &&
          (f.milestoneNumber === undefined ||
            f.milestoneNumber === null ||
            (f.milestoneNumber === "*"
              ? i.milestone !== null
              : f.milestoneNumber === "none"
                ? i.milestone === null
                : i.milestone === Number(f.milestoneNumber))),
      );
      return connection(sortIssues(core, repo, list, args.orderBy), args, (i) => issueView(core, repo, i));
    },
    issueOrPullRequest: (args: { number: number }) => {
      const i = repo.issues.get(args.number);
      if (!i)
        throw new GqlError(
          "NOT_FOUND",
          `Could not resolve to an issue or pull request with the number of ${args.number}.`,
        );
      return i.isPull ? pullView(core, repo, i.number) : issueView(core, repo, i);
    },
    pullRequest: (args: { number: number }) => {
      const v = pullView(core, repo, args.number);
      if (!v) throw new GqlError("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${args.number}.`);
      return v;
    },
    pullRequests: (
      args: ConnectionArgs & {
        headRefName?: string;
        baseRefName?: string;
        states?: string[];
        labels?: string[];
        orderBy?: Order;
      },
    ) => {
      const list = [...repo.issues.values()].filter((i) => {
        if (!i.isPull) return false;
        const pr = repo.pulls.get(i.number)!;
        const st = pr.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED";
        return (
          (!args.headRefName || pr.headRef === args.headRefName) &&
          (!args.baseRefName || pr.baseRef === args.baseRefName) &&
          (!args.states?.length || args.states.includes(st)) &&
          (!args.labels?.length || args.labels.some((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase())))
        );
      });
      return connection(sortIssues(core, repo, list, args.orderBy), args, (i) => pullView(core, repo, i.number));
    },
    deployments: (args: ConnectionArgs & { environments?: string[]; orderBy?: Order }) => {
      // CREATED_AT is the only order field; ids break ties within the same second.
      const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
      const list = repo.deployments
        .filter((d) => !args.environments?.length || args.environments.includes(d.environment))
        .sort((a, b) => (a.createdAt === b.createdAt ? (a.id - b.id) * dir : a.createdAt < b.createdAt ? -dir : dir));
      return connection(list, args, (d) => deploymentView(core, repo, d));
    },
    releases: (args: ConnectionArgs & { orderBy?: Order }) => {
      const dir = args.orderBy?.direction === "ASC" ? 1 : -1;
      const byName = args.orderBy?.field === "NAME";
      const list = [...repo.releases].sort((a, b) => {
        const ka = byName ? (a.name ?? a.tagName) : a.createdAt;
        const kb = byName ? (b.name ?? b.tagName) : b.createdAt;
        return ka === kb ? (a.id - b.id) * dir : ka < kb ? -dir : dir;
      });
      return connection(list, args, (r) => releaseView(core, repo, r));
    },
    release: (args: { tagName: string }) => {
      const r = repo.releases.find((x) => x.tagName === args.tagName);
      return r ? releaseView(core, repo, r) : null;
    },
    latestRelease: () => {
      const r = latestRelease(repo);
      return r ? releaseView(core, repo, r) : null;
    },
    milestone: (args: { number: number }) => {
      const m = repo.milestones.get(args.number);
      return m ? milestoneView(core, repo, m) : null;
    },
    milestones: (args: ConnectionArgs & { states?: string[]; orderBy?: Order; query?: string }) => {
      const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
      const field = args.orderBy?.field ?? "NUMBER";
      const list = [...repo.milestones.values()]
        .filter(
          (m) =>
            (!args.states?.length || args.states.includes(m.state.toUpperCase())) &&
            (!args.query || m.title.toLowerCase().includes(args.query.toLowerCase())),
        )
        .sort((a, b) => {
          const k = (m: typeof a) =>
            field === "DUE_DATE"
              ? (m.dueOn ?? "9999")
              : field === "CREATED_AT"
                ? m.createdAt
                : field === "UPDATED_AT"
                  ? m.updatedAt
                  : String(m.number).padStart(9, "0");
          return k(a) === k(b) ? (a.number - b.number) * dir : k(a) < k(b) ? -dir : dir;
        });
      return connection(list, args, (m) => milestoneView(core, repo, m));
    },
    label: (args: { name: string }) => {
      const l = repo.labels.get(args.name.toLowerCase());
      return l ? labelView(core, repo, l) : null;
    },
    labels: (args: ConnectionArgs & { query?: string; orderBy?: Order }) => {
      const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
      const byCreated = args.orderBy?.field === "CREATED_AT";
      const list = [...repo.labels.values()]
        .filter((l) => !args.query || l.name.toLowerCase().includes(args.query.toLowerCase()))
        .sort((a, b) => (byCreated ? (a.id - b.id) * dir : a.name.toLowerCase() < b.name.toLowerCase() ? -dir : dir));
      return connection(list, args, (l) => labelView(core, repo, l));
    },
    discussionCategories: (args: ConnectionArgs) => connection(repo.discussionCategories, args, discussionCategoryView),
    discussions: (args: ConnectionArgs & { categoryId?: string; orderBy?: Order }) => {
      // Discussions are never edited here, so CREATED_AT and UPDATED_AT order alike.
      const desc = (args.orderBy?.direction ?? "DESC") === "DESC";
      const list = repo.discussions
        .filter((d) => !args.categoryId || d.categoryId === args.categoryId)
        .sort((a, b) => (desc ? b.number - a.number : a.number - b.number));
      return connection(list, args, (d) => discussionView(core, repo, d));
    },
    discussion: (args: { number: number }) => {
      const d = repo.discussions.find((x) => x.number === args.number);
      if (!d) throw new GqlError("NOT_FOUND", `Could not resolve to a Discussion with the number of ${args.number}.`);
      return discussionView(core, repo, d);
    },
  };
}
