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

/** A request GitHub keeps waiting for, until the test lets it through. */
export interface HeldRequest {
  /** Resolves when the first matching request arrives (and is being held). */
  reached: Promise<FaultRequest>;
  /** Lets the held request through and ends the hold. */
  release(): void;
}

interface Hold {
  match: (req: FaultRequest) => boolean;
  arrived: (req: FaultRequest) => void;
  released: Promise<void>;
  taken: boolean;
}

/** Registered fault-injection hooks; the first one that answers wins. */
export class FaultRegistry {
  private hooks: FaultHook[] = [];
  private holds: Hold[] = [];

  /**
   * Holds the first request that matches until `release()`: a GitHub that is slow to
   * answer, on cue, so a test can act while the app provably waits for that request.
   * A request whose client gives up (closes the connection) while held never arrives.
   */
  hold(match: (req: FaultRequest) => boolean): HeldRequest {
    let arrived!: (req: FaultRequest) => void;
    let release!: () => void;
    const reached = new Promise<FaultRequest>((resolve) => (arrived = resolve));
    const hold: Hold = { match, arrived, released: new Promise<void>((resolve) => (release = resolve)), taken: false };
    this.holds.push(hold);
    return {
      reached,
      release: () => {
        this.holds = this.holds.filter((h) => h !== hold);
        release();
      },
    };
  }

  /** When a hold keeps this request back: a promise of its release; otherwise undefined (the request goes on at once). */
  heldBack(req: FaultRequest): Promise<void> | undefined {
    const hold = this.holds.find((h) => !h.taken && h.match(req));
    if (!hold) return undefined;
    hold.taken = true;
    hold.arrived(req);
    return hold.released;
  }

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

  /**
   * Test hook: runs `act` (say, a person's edit) once, when the first request matching
   * `match` has arrived and before GitHub handles it: the moment between an app's last
   * read and its write. Resolves with that request.
   */
  justBefore(match: (req: FaultRequest) => boolean, act: () => void): Promise<FaultRequest> {
    return new Promise((resolve) => {
      const remove = this.add((req) => {
        if (!match(req)) return undefined;
        remove();
        act();
        resolve(req);
        return undefined;
      });
    });
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
