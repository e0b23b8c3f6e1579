/** What a fault hook sees about an incoming request (before routing). */
export interface FaultRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Matched route template ("GET /repos/{owner}/{repo}"), or "UNKNOWN" */
  route: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** GraphQL operation name when the request is a GraphQL call. */
  operationName?: string | null;
}

export type FaultResponse = { status: number; headers?: Record<string, string>; body?: unknown };
/**
 * "drop-connection": the connection closes before GitHub did anything.
 * "drop-response": GitHub does the work (and sends its webhooks), but the response is lost.
 */
export type FaultResult = FaultResponse | "drop-connection" | "drop-response" | undefined;
export type FaultHook = (req: FaultRequest) => FaultResult;

/** Registered fault-injection hooks; the first one that answers wins. */
export class FaultRegistry {
  private hooks: FaultHook[] = [];

  /** Adds a hook; returns a function that removes it. */
  add(hook: FaultHook): () => void {
    this.hooks.push(hook);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== hook);
    };
  }

  /** Adds a hook that answers only the first `times` matching requests. */
  once(hook: FaultHook, times = 1): () => void {
    let left = times;
    const wrapped: FaultHook = (req) => {
      if (left <= 0) return undefined;
      const r = hook(req);
      if (r !== undefined) left--;
      return r;
    };
    return this.add(wrapped);
  }

  clear(): void {
    this.hooks = [];
  }

  apply(req: FaultRequest): FaultResult {
    for (const h of this.hooks) {
      const r = h(req);
      if (r !== undefined) return r;
    }
    return undefined;
  }
}
