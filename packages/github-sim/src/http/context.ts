import type { SimCore } from "../core.js";
import { ApiError, notFound } from "../errors.js";
import type { GraphqlRecord } from "../recorder.js";
import type { Installation, Repo, SimApp } from "../store/types.js";

export interface SimResponse {
  status: number;
  body?: unknown;
  /** Raw body (e.g. file contents); sent as-is with `contentType`. */
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface AuthInfo {
  app?: SimApp;
  installation?: Installation;
  token?: string;
}

export interface GraphqlBudget {
  /** "installation ID 77", as GitHub names the payer in its rate-limit messages. */
  payer: string;
  /** Takes `cost` points; `exceeded` (nothing taken) when the budget cannot pay them. */
  charge(cost: number): { headers: Record<string, string>; exceeded: boolean };
}

export interface RequestMeta {
  graphql?: GraphqlRecord;
}

/** Everything a route handler needs for one request. */
export class RouteContext {
  readonly meta: RequestMeta = {};
  /** The caller's GraphQL points budget (charged by the GraphQL route once the query's cost is known). */
  budget: GraphqlBudget = { payer: "this app", charge: () => ({ headers: {}, exceeded: false }) };

  constructor(
    readonly core: SimCore,
    readonly method: string,
    readonly url: URL,
    readonly headers: Record<string, string | string[] | undefined>,
    readonly params: Record<string, string>,
    /** Parsed JSON body (undefined when empty). */
    readonly json: unknown,
    readonly auth: AuthInfo,
    /** The body as received (release asset uploads). */
    readonly raw: Buffer = Buffer.alloc(0),
  ) {}

  get query(): URLSearchParams {
    return this.url.searchParams;
  }

  /** The JSON body as an object ({} when absent or not an object). */
  get body(): Record<string, any> {
    return this.json && typeof this.json === "object" && !Array.isArray(this.json)
      ? (this.json as Record<string, any>)
      : {};
  }

  param(name: string): string {
    const v = this.params[name];
    if (v === undefined) throw new Error(`[sim] route has no param ${name}`);
    return v;
  }

  /** Integer path parameter; 404 when not a number (as GitHub's router does). */
  intParam(name: string): number {
    const v = Number(this.param(name));
    if (!Number.isInteger(v)) throw notFound();
    return v;
  }

  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** Login of the caller: the app's bot user for installation tokens. */
  get actor(): string {
    const app = this.auth.installation ? this.core.store.app(this.auth.installation.appId) : this.auth.app;
    if (!app) throw new ApiError(401, "Bad credentials");
    this.core.store.ensureAccount(app.botLogin, "Bot");
    return app.botLogin;
  }

  get appId(): number {
    const id = this.auth.installation?.appId ?? this.auth.app?.id;
    if (id === undefined) throw new ApiError(401, "Bad credentials");
    return id;
  }

  /** The repository named by {owner}/{repo}, if the installation can see it (404 otherwise, like GitHub). */
  repo(): Repo {
    const repo = this.core.store.repo(`${this.param("owner")}/${this.param("repo")}`);
    if (!repo || !this.canSee(repo.owner)) throw notFound();
    return repo;
  }

  canSee(owner: string): boolean {
    const inst = this.auth.installation;
    if (!inst) return false;
    return inst.account.toLowerCase() === owner.toLowerCase();
  }

  /** Answers 403 when a repository is archived and the request writes to it. */
  writable(repo: Repo): Repo {
    if (repo.archived) throw new ApiError(403, "Repository was archived so is read-only.");
    return repo;
  }
}

export function ok(body: unknown, headers?: Record<string, string>): SimResponse {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

export function created(body: unknown): SimResponse {
  return { status: 201, body };
}

export function noContent(): SimResponse {
  return { status: 204 };
}
