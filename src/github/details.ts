// Reads what Phase 1 needs from repositories without a release PR: the files to bump
// and the commits since the previous release, batched across repositories with
// GraphQL aliases, then turned into a changelog section. History at an oid never
// changes, so results are cached by (repository, oid, previous tag).
import { parseCommits, suggestBump, type RawCommit } from "../changelog/commits.js";
import { renderChangelog, summarizeChangelog } from "../changelog/render.js";
import type { RepoDetails } from "../train/model/repo-observation.js";
import type { GraphQL } from "./observe.js";
import { RATE_LIMIT, REPOS_PER_QUERY } from "./queries.js";

export interface DetailsRequest {
  owner: string;
  name: string;
  fullName: string;
  url: string;
  oid: string;
  previousTag: { name: string; commitOid: string } | null;
  paths: string[];
  /** Our own release commits (this version's and its pre-releases' bumps), left out of the changelog. */
  isOwnCommit: (headline: string) => boolean;
  /** The version the changelog section is titled with, when not the train's (independent versioning). */
  version?: string;
}

const PAGE = 100;
const CACHE_LIMIT = 2000;
/** A train reads at most this many commits per repository since its previous release. */
export const HISTORY_LIMIT = 1000;

interface GqlHistory {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{
    oid: string;
    message: string;
    committedDate: string;
    author: { user: { login: string } | null } | null;
    associatedPullRequests: { nodes: Array<{ number: number; labels: { nodes: Array<{ name: string }> } }> };
  }>;
}

const HISTORY_FIELDS = `pageInfo { hasNextPage endCursor } nodes { oid message committedDate author { user { login } } associatedPullRequests(first: 1) { nodes { number labels(first: 20) { nodes { name } } } } }`;

function firstPageQuery(requests: DetailsRequest[]): { query: string; variables: Record<string, unknown> } {
  const decls: string[] = [];
  const parts: string[] = [];
  const variables: Record<string, unknown> = {};
  requests.forEach((req, i) => {
    decls.push(`$o${i}: String!`, `$n${i}: String!`, `$h${i}: GitObjectID!`);
    Object.assign(variables, { [`o${i}`]: req.owner, [`n${i}`]: req.name, [`h${i}`]: req.oid });
    const files = req.paths.map((path, j) => {
      decls.push(`$f${i}_${j}: String!`);
      variables[`f${i}_${j}`] = `${req.oid}:${path}`;
      return `f${j}: object(expression: $f${i}_${j}) { ... on Blob { text } }`;
    });
    parts.push(`r${i}: repository(owner: $o${i}, name: $n${i}) {
    head: object(oid: $h${i}) { ... on Commit { history(first: ${PAGE}) { ${HISTORY_FIELDS} } } }
    ${files.join("\n    ")}
  }`);
  });
  return {
    query: `query ReleaseDetails(${decls.join(", ")}) {\n  ${RATE_LIMIT}\n  ${parts.join("\n  ")}\n}`,
    variables,
  };
}

function nextPageQuery(pending: Array<{ req: DetailsRequest; cursor: string }>): {
  query: string;
  variables: Record<string, unknown>;
} {
  const decls: string[] = [];
  const parts: string[] = [];
  const variables: Record<string, unknown> = {};
  pending.forEach(({ req, cursor }, i) => {
    decls.push(`$o${i}: String!`, `$n${i}: String!`, `$h${i}: GitObjectID!`, `$c${i}: String!`);
    Object.assign(variables, { [`o${i}`]: req.owner, [`n${i}`]: req.name, [`h${i}`]: req.oid, [`c${i}`]: cursor });
    parts.push(
      `r${i}: repository(owner: $o${i}, name: $n${i}) { head: object(oid: $h${i}) { ... on Commit { history(first: ${PAGE}, after: $c${i}) { ${HISTORY_FIELDS} } } } }`,
    );
  });
  return {
    query: `query ReleaseHistory(${decls.join(", ")}) {\n  ${RATE_LIMIT}\n  ${parts.join("\n  ")}\n}`,
    variables,
  };
}

interface Collected {
  req: DetailsRequest;
  files: Record<string, string | null>;
  commits: RawCommit[];
  pullLabels: Record<number, string[]>;
  done: boolean;
  cursor: string | null;
}

/** Appends a page; stops at the previous tag's commit. */
function absorb(entry: Collected, history: GqlHistory | undefined): void {
  if (!history) {
    entry.done = true;
    return;
  }
  for (const node of history.nodes) {
    if (node.oid === entry.req.previousTag?.commitOid || entry.commits.length >= HISTORY_LIMIT) {
      entry.done = true;
      return;
    }
    entry.commits.push({
      oid: node.oid,
      message: node.message,
      committedDate: node.committedDate,
      ...(node.author?.user?.login ? { authorLogin: node.author.user.login } : {}),
      prNumbers: node.associatedPullRequests.nodes.map((p) => p.number),
    });
    for (const pull of node.associatedPullRequests.nodes)
      entry.pullLabels[pull.number] = pull.labels.nodes.map((l) => l.name);
  }
  entry.cursor = history.pageInfo.endCursor;
  entry.done = !history.pageInfo.hasNextPage;
}

export class DetailsReader {
  private readonly cache = new Map<string, RepoDetails>();

  constructor(private readonly today: () => string) {}

  private key(req: DetailsRequest): string {
    return `${req.fullName}@${req.oid}@${req.previousTag?.name ?? ""}@${req.paths.join(",")}${req.version ? `@${req.version}` : ""}`;
  }

  /** Details for each request, keyed by full name. */
  async read(graphql: GraphQL, requests: DetailsRequest[], version: string): Promise<Record<string, RepoDetails>> {
    const result: Record<string, RepoDetails> = {};
    const missing = requests.filter((req) => {
      const hit = this.cache.get(this.key(req));
      if (hit) result[req.fullName] = hit;
      return !hit;
    });
    for (let start = 0; start < missing.length; start += REPOS_PER_QUERY) {
      const chunk = missing.slice(start, start + REPOS_PER_QUERY);
      const collected: Collected[] = chunk.map((req) => ({
        req,
        files: {},
        commits: [],
        pullLabels: {},
        done: false,
        cursor: null,
      }));
      const first = firstPageQuery(chunk);
      // biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer read by its aliases
      const data = await graphql<Record<string, any>>(first.query, first.variables);
      collected.forEach((entry, i) => {
        const repo = data[`r${i}`];
        for (const [j, path] of entry.req.paths.entries()) entry.files[path] = repo?.[`f${j}`]?.text ?? null;
        absorb(entry, repo?.head?.history);
      });
      for (
        let pending = collected.filter((c) => !c.done && c.cursor);
        pending.length > 0;
        pending = collected.filter((c) => !c.done && c.cursor)
      ) {
        const next = nextPageQuery(pending.map((c) => ({ req: c.req, cursor: c.cursor! })));
        // biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer read by its aliases
        const more = await graphql<Record<string, any>>(next.query, next.variables);
        for (const [i, entry] of pending.entries()) absorb(entry, more[`r${i}`]?.head?.history);
      }
      for (const entry of collected) {
        const details = await this.build(entry, entry.req.version ?? version);
        if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(this.key(entry.req), details);
        result[entry.req.fullName] = details;
      }
    }
    return result;
  }

  private async build(entry: Collected, version: string): Promise<RepoDetails> {
    const { req } = entry;
    const commits = parseCommits(entry.commits).filter((c) => !req.isOwnCommit(c.headline));
    const changelog = await renderChangelog({
      version,
      ...(req.previousTag ? { previousTag: req.previousTag.name } : {}),
      date: this.today(),
      repoUrl: req.url,
      commits,
    });
    return {
      baseOid: req.oid,
      previousTag: req.previousTag?.name ?? null,
      files: entry.files,
      commits,
      pullLabels: entry.pullLabels,
      changelog,
      summary: summarizeChangelog(commits),
      bump: suggestBump(commits),
      truncated: entry.commits.length >= HISTORY_LIMIT,
      ...(req.version ? { changelogVersion: req.version } : {}),
    };
  }
}
