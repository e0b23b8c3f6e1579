import type { SimCore } from "../../core.js";
import type { CommitObject, GitPerson } from "../../store/git.js";
import { combinedState, latestRuns, latestStatuses, pullsForCommit, rollupState } from "../../store/queries.js";
import type { Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { connection, type ConnectionArgs } from "../connection.js";
import { userView, type View } from "./actors.js";
import { checkRunView, checkSuiteView, statusContextView } from "./checks.js";
import { pullView } from "./issues.js";
import { repoView } from "./repo.js";
import type { GqlContext } from "../root.js";
import { refUpdateRuleView } from "./protection.js";

function gitActor(core: SimCore, p: GitPerson): View {
  const a = p.login ? core.store.account(p.login) : undefined;
  return {
    name: p.name,
    email: p.email,
    date: p.date,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${a?.id ?? 0}?v=4`,
    user: () => userView(core, p.login),
  };
}

function base(core: SimCore, repo: Repo, typename: string, sha: string, prefix: string): View {
  return {
    __typename: typename,
    id: nodeId(prefix, `${repo.id}:${sha}`),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    commitUrl: `${core.urls.html}/${repo.fullName}/commit/${sha}`,
    commitResourcePath: `/${repo.fullName}/commit/${sha}`,
    repository: () => repoView(core, repo),
  };
}

/** Any git object by id: Commit, Tag, Tree or Blob. `path` names trees and blobs found by path. */
export function objectView(core: SimCore, repo: Repo, sha: string, path = ""): View | null {
  const o = repo.git.get(sha);
  if (!o) return null;
  switch (o.type) {
    case "commit":
      return commitView(core, repo, o);
    case "tag":
      return {
        ...base(core, repo, "Tag", o.sha, "TAG"),
        name: o.tag,
        message: o.message,
        target: () => objectView(core, repo, o.object),
        tagger: gitActor(core, o.tagger),
      };
    case "blob": {
      const isBinary = o.content.includes(0);
      return {
        ...base(core, repo, "Blob", o.sha, "B"),
        text: isBinary ? null : o.content.toString("utf8"),
        byteSize: o.content.length,
        isBinary,
        isTruncated: false,
      };
    }
    case "tree":
      return {
        ...base(core, repo, "Tree", o.sha, "T"),
        entries: () =>
          o.entries.map((e) => {
            const p = path ? `${path}/${e.name}` : e.name;
            const obj = repo.git.get(e.sha);
            const dot = e.name.lastIndexOf(".");
            return {
              name: e.name,
              path: p,
              type: e.type,
              mode: parseInt(e.mode, 8),
              oid: e.sha,
              extension: e.type === "blob" && dot > 0 ? e.name.slice(dot) : null,
              size: obj?.type === "blob" ? obj.content.length : 0,
              object: () => objectView(core, repo, e.sha, p),
            };
          }),
      };
  }
}

export function commitView(core: SimCore, repo: Repo, c: CommitObject): View {
  const [headline = "", ...rest] = c.message.split("\n");
  const url = `${core.urls.html}/${repo.fullName}/commit/${c.sha}`;
  return {
    ...base(core, repo, "Commit", c.sha, "C"),
    url,
    resourcePath: `/${repo.fullName}/commit/${c.sha}`,
    message: c.message,
    messageHeadline: headline,
    messageBody: rest.join("\n").replace(/^\n+/, ""),
    committedDate: c.committer.date,
    authoredDate: c.author.date,
    pushedDate: null,
    author: gitActor(core, c.author),
    committer: gitActor(core, c.committer),
    signature: c.verified
      ? {
          __typename: "GpgSignature",
          isValid: true,
          state: "VALID",
          email: c.committer.email,
          signer: null,
          wasSignedByGitHub: true,
          keyId: "B5690EEEBB952194",
        }
      : null,
    tree: () => objectView(core, repo, c.tree),
    changedFilesIfAvailable: () => {
      const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
      return repo.git.diff(parent?.files, c.files).length;
    },
    parents: (args: ConnectionArgs) =>
      connection(c.parents.map((p) => repo.git.commit(p)!).filter(Boolean), args, (p) => commitView(core, repo, p)),
    history: (
      args: ConnectionArgs & { since?: string; until?: string; path?: string; author?: { emails?: string[] } },
    ) => {
      let list = repo.git.log(c.sha);
      if (args.since) list = list.filter((x) => new Date(x.committer.date) >= new Date(args.since!));
      if (args.until) list = list.filter((x) => new Date(x.committer.date) <= new Date(args.until!));
      if (args.author?.emails?.length) list = list.filter((x) => args.author!.emails!.includes(x.author.email));
      if (args.path) {
        const p = args.path.replace(/\/$/, "");
        list = list.filter((x) => {
          const parent = x.parents[0] ? repo.git.commit(x.parents[0]) : undefined;
          return repo.git.diff(parent?.files, x.files).some((d) => d.filename === p || d.filename.startsWith(`${p}/`));
        });
      }
      return connection(list, args, (x) => commitView(core, repo, x));
    },
    checkSuites: (args: ConnectionArgs & { filterBy?: { appId?: number; checkName?: string } }) => {
      const suites = repo.checkSuites
        .filter((s) => s.headSha === c.sha)
        .filter((s) => !args.filterBy?.appId || s.appId === args.filterBy.appId)
        .filter(
          (s) =>
            !args.filterBy?.checkName ||
            repo.checkRuns.some((r) => r.suiteId === s.id && r.name === args.filterBy!.checkName),
        )
        .sort((a, b) => a.id - b.id);
      return connection(suites, args, (s) => checkSuiteView(core, repo, s));
    },
    status: () => {
      const statuses = latestStatuses(repo, c.sha);
      if (!statuses.length) return null;
      const contexts = statuses.map((s) => statusContextView(core, repo, s));
      return {
        id: nodeId("S", `${repo.id}:${c.sha}`),
        state: combinedState(statuses).toUpperCase(),
        contexts,
        context: (args: { name: string }) => contexts.find((x) => x["context"] === args.name) ?? null,
        commit: () => commitView(core, repo, c),
      };
    },
    statusCheckRollup: () => {
      const state = rollupState(repo, c.sha);
      if (!state) return null;
      const items: View[] = [
        ...latestRuns(repo, c.sha).map((r) => checkRunView(core, repo, r)),
        ...latestStatuses(repo, c.sha).map((s) => statusContextView(core, repo, s)),
      ];
      return {
        id: nodeId("SCR", `${repo.id}:${c.sha}`),
        state,
        commit: () => commitView(core, repo, c),
        contexts: (args: ConnectionArgs) => connection(items, args, (x) => x),
      };
    },
    associatedPullRequests: (args: ConnectionArgs) => {
      return connection(pullsForCommit(repo, c.sha), args, (pr) => pullView(core, repo, pr.number));
    },
  };
}

const PREFIXES = ["refs/heads/", "refs/tags/", "refs/remotes/", "refs/pull/"];

/** Ref view for a fully-qualified ref name, or null when it does not exist. */
export function refView(core: SimCore, repo: Repo, qualified: string): View | null {
  const sha = repo.git.refs.get(qualified);
  if (!sha) return null;
  const prefix = PREFIXES.find((p) => qualified.startsWith(p)) ?? "refs/";
  const name = qualified.slice(prefix.length);
  return {
    __typename: "Ref",
    id: nodeId("REF", `${repo.id}:${qualified}`),
    name,
    prefix,
    target: () => objectView(core, repo, sha),
    repository: () => repoView(core, repo),
    associatedPullRequests: (
      args: ConnectionArgs & { states?: string[]; baseRefName?: string; headRefName?: string },
    ) => {
      const prs = [...repo.pulls.values()]
        .filter((pr) => prefix === "refs/heads/" && (pr.headRef === name || false))
        .filter((pr) => !args.baseRefName || pr.baseRef === args.baseRefName)
        .filter((pr) => {
          if (!args.states?.length) return true;
          const i = repo.issues.get(pr.number)!;
          const st = pr.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED";
          return args.states.includes(st);
        })
        .sort((a, b) => a.number - b.number);
      return connection(prs, args, (pr) => pullView(core, repo, pr.number));
    },
    refUpdateRule: (_args: unknown, ctx: GqlContext) =>
      prefix === "refs/heads/" ? refUpdateRuleView(core, repo, name, ctx) : null,
  };
}

/** Resolves `ref(qualifiedName:)`: "refs/heads/x", "refs/tags/x" or a short name (branches first). */
export function qualify(repo: Repo, name: string): string | undefined {
  if (name.startsWith("refs/")) return repo.git.refs.has(name) ? name : undefined;
  return repo.git.qualifyRef(name);
}
