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

/**
 * A commit as a query reads it. A commit is read in lists of up to a hundred, by queries
 * that select a few of its fields: each field is worked out only when selected (GraphQL
 * calls a view's functions with the field's arguments).
 */
class CommitView {
  readonly __typename = "Commit";
  readonly oid: string;
  readonly #core: SimCore;
  readonly #repo: Repo;
  readonly #c: CommitObject;

  constructor(core: SimCore, repo: Repo, c: CommitObject) {
    this.#core = core;
    this.#repo = repo;
    this.#c = c;
    this.oid = c.sha;
  }

  id() {
    return nodeId("C", `${this.#repo.id}:${this.oid}`);
  }
  abbreviatedOid() {
    return this.oid.slice(0, 7);
  }
  commitUrl() {
    return `${this.#core.urls.html}${this.resourcePath()}`;
  }
  url() {
    return this.commitUrl();
  }
  commitResourcePath() {
    return this.resourcePath();
  }
  resourcePath() {
    return `/${this.#repo.fullName}/commit/${this.oid}`;
  }
  repository() {
    return views.repoView(this.#core, this.#repo);
  }
  message() {
    return this.#c.message;
  }
  messageHeadline() {
    return this.#c.message.split("\n", 1)[0] ?? "";
  }
  messageBody() {
    return this.#c.message.split("\n").slice(1).join("\n").replace(/^\n+/, "");
  }
  committedDate() {
    return this.#c.committer.date;
  }
  authoredDate() {
    return this.#c.author.date;
  }
  pushedDate() {
    return null;
  }
  author() {
    return gitActor(this.#core, this.#c.author);
  }
  committer() {
    return gitActor(this.#core, this.#c.committer);
  }
  signature() {
    return signatureOf(this.#c);
  }
  tree() {
    return objectView(this.#core, this.#repo, this.#c.tree);
  }
  changedFilesIfAvailable() {
    const parent = this.#c.parents[0] ? this.#repo.git.commit(this.#c.parents[0]) : undefined;
    return this.#repo.git.diff(parent?.files, this.#c.files).length;
  }
  parents(args: ConnectionArgs) {
    const { git } = this.#repo;
    const parents = this.#c.parents.map((p) => git.commit(p)!).filter(Boolean);
    return connection(parents, args, (p) => commitView(this.#core, this.#repo, p));
  }
  history(args: HistoryArgs) {
    return historyOf(this.#core, this.#repo, this.#c, args);
  }
  checkSuites(args: CheckSuiteArgs) {
    return checkSuitesOf(this.#core, this.#repo, this.#c, args);
  }
  status() {
    return statusOf(this.#core, this.#repo, this.#c);
  }
  statusCheckRollup() {
    return statusCheckRollupOf(this.#core, this.#repo, this.#c);
  }
  associatedPullRequests(args: ConnectionArgs) {
    return connection(pullsForCommit(this.#repo, this.oid), args, (pr) =>
      views.pullView(this.#core, this.#repo, pr.number),
    );
  }
}

export function commitView(core: SimCore, repo: Repo, c: CommitObject): View {
  // A class instance has no index signature; GraphQL reads it by field name like any view.
  return new CommitView(core, repo, c) as unknown as View;
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

type HistoryArgs = ConnectionArgs & { since?: string; until?: string; path?: string; author?: { emails?: string[] } };
type CheckSuiteArgs = ConnectionArgs & { filterBy?: { appId?: number; checkName?: string } };

function historyOf(core: SimCore, repo: Repo, c: CommitObject, args: HistoryArgs) {
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
}

function checkSuitesOf(core: SimCore, repo: Repo, c: CommitObject, args: CheckSuiteArgs) {
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
