import type { RequestKind } from "./http/router.js";

/** What a GraphQL request was: its operation, and for queries what GitHub charged and which repositories it resolved. */
export interface GraphqlRecord {
  operationName: string | null;
  isMutation: boolean;
  /** Points charged (GitHub's `rateLimit.cost`). */
  cost?: number;
  /** "owner/name" of every `repository(owner:, name:)` the request resolved, in order. */
  repositories?: string[];
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path without the query string */
  path: string;
  query: string;
  /** Route template ("POST /repos/{owner}/{repo}/git/refs"), "UNKNOWN", or "user.<action>" for user actions */
  route: string;
  status: number;
  kind: RequestKind;
  graphql?: GraphqlRecord;
  /** Simulated time */
  at: string;
  durationMs: number;
  /** Set when a fault hook answered the request. */
  fault?: boolean;
  /** For user actions: who acted. */
  actor?: string;
}

export interface RequestFilter {
  kind?: RequestKind;
  route?: string;
  method?: string;
  status?: number;
}

/** The log of requests made by the app (and, separately, of simulated user actions). */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private seq = 0;

  add(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const e = { seq: ++this.seq, ...entry };
    this.entries.push(e);
    return e;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.entries.filter(
      (e) =>
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.route === undefined || e.route === filter.route) &&
        (filter.method === undefined || e.method === filter.method) &&
        (filter.status === undefined || e.status === filter.status),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.list(filter).length;
  }

  /** Number of requests per route ("GET /repos/{owner}/{repo}" -> 3; GraphQL counted per operation). */
  summary(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) {
      const key = e.graphql
        ? `${e.route} ${e.graphql.isMutation ? "mutation" : "query"} ${e.graphql.operationName ?? "(anonymous)"}`
        : e.route;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  reset(): void {
    this.entries = [];
  }

  get length(): number {
    return this.entries.length;
  }
}
