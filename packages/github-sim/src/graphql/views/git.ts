import type { SimCore } from "../../core.js";
import type { CommitObject, GitPerson } from "../../store/git.js";
import { combinedState, latestRuns, latestStatuses, pullsForCommit, rollupState } from "../../store/queries.js";
import type { Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { connection, type ConnectionArgs } from "../connection.js";
import type { View } from "./actors.js";
import { views } from "./table.js";

function gitActor(core: SimCore, p: GitPerson): View {
  const a = p.login ? core.store.account(p.login) : undefined;
  return {
    name: p.name,
    email: p.email,
    date: p.date,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${a?.id ?? 0}?v=4`,
    user: () => views.userView(core, p.login),
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
    repository: () => views.repoView(core, repo),
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
    signature: signatureOf(c),
    tree: () => objectView(core, repo, c.tree),
    changedFilesIfAvailable: () => {
      const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
      return repo.git.diff(parent?.files, c.files).length;
    },
    parents: (args: ConnectionArgs) =>
      connection(c.parents.map((p) => repo.git.commit(p)!).filter(Boolean), args, (p) => commitView(core, repo, p)),
    history: historyOf(core, repo, c),
    checkSuites: checkSuitesOf(core, repo, c),
    status: () => statusOf(core, repo, c),
    statusCheckRollup: () => statusCheckRollupOf(core, repo, c),
    associatedPullRequests: (args: ConnectionArgs) => {
      return connection(pullsForCommit(repo, c.sha), args, (pr) => views.pullView(core, repo, pr.number));
    },
  };
}

function signatureOf(c: CommitObject): View | null {
  return c.verified
    ? {
        __typename: "GpgSignature",
        isValid: true,
        state: "VALID",
        email: c.committer.email,
        signer: null,
        wasSignedByGitHub: true,
        keyId: "B5690EEEBB952194",
      }
    : null;
}

function historyOf(core: SimCore, repo: Repo, c: CommitObject) {
  return (args: ConnectionArgs & { since?: string; until?: string; path?: string; author?: { emails?: string[] } }) => {
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
  };
}

function checkSuitesOf(core: SimCore, repo: Repo, c: CommitObject) {
  return (args: ConnectionArgs & { filterBy?: { appId?: number; checkName?: string } }) => {
    const suites = repo.checkSuites
      .filter((s) => s.headSha === c.sha)
      .filter((s) => !args.filterBy?.appId || s.appId === args.filterBy.appId)
      .filter(
        (s) =>
          !args.filterBy?.checkName ||
          repo.checkRuns.some((r) => r.suiteId === s.id && r.name === args.filterBy!.checkName),
      )
      .sort((a, b) => a.id - b.id);
    return connection(suites, args, (s) => views.checkSuiteView(core, repo, s));
  };
}

function statusOf(core: SimCore, repo: Repo, c: CommitObject): View | null {
  const statuses = latestStatuses(repo, c.sha);
  if (!statuses.length) return null;
  const contexts = statuses.map((s) => views.statusContextView(core, repo, s));
  return {
    id: nodeId("S", `${repo.id}:${c.sha}`),
    state: combinedState(statuses).toUpperCase(),
    contexts,
    context: (args: { name: string }) => contexts.find((x) => x["context"] === args.name) ?? null,
    commit: () => commitView(core, repo, c),
  };
}

function statusCheckRollupOf(core: SimCore, repo: Repo, c: CommitObject): View | null {
  const state = rollupState(repo, c.sha);
  if (!state) return null;
  const items: View[] = [
    ...latestRuns(repo, c.sha).map((r) => views.checkRunView(core, repo, r)),
    ...latestStatuses(repo, c.sha).map((s) => views.statusContextView(core, repo, s)),
  ];
  return {
    id: nodeId("SCR", `${repo.id}:${c.sha}`),
    state,
    commit: () => commitView(core, repo, c),
    contexts: (args: ConnectionArgs) => connection(items, args, (x) => x),
  };
}
