// A reconcile's writes are checked against its lane (across replicas: the train's
// lease) at the moment each leaves the client, after the client's pacing and rate-limit
// waits, which can hold a write for seconds. A write still unanswered when the lease may
// have run out is abandoned: its connection is closed, so it cannot land after another
// replica has taken the train over and read GitHub.
import { requestKind } from "./request-kind.js";
import { WriteAborted, writeAborted, type BeforeWrite } from "./lanes.js";
import type { Octokit } from "./octokit.js";

type Fetch = typeof globalThis.fetch;

/** Guards every write `octokit` sends from now on with `beforeWrite` (and its signal). */
export function guardWrites(octokit: Octokit, beforeWrite: BeforeWrite): void {
  octokit.hook.before("request", (options) => {
    if (requestKind(options as { method?: string; url?: string; query?: unknown }) !== "write") return;
    const send: Fetch = (options.request as { fetch?: Fetch } | undefined)?.fetch ?? globalThis.fetch;
    const guarded: Fetch = async (url, init) => {
      await beforeWrite();
      const lost = beforeWrite.signal;
      if (!lost) return send(url, init);
      try {
        return await send(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, lost]) : lost });
      } catch (error) {
        if (!lost.aborted) throw error;
        // Abandoned: the lane's reason says why (naming the train and the lease's token).
        throw new WriteAborted(
          `${(lost.reason as Error).message}; ${init?.method ?? "POST"} ${String(url)} was abandoned before GitHub answered`,
        );
      }
    };
    options.request = { ...options.request, fetch: guarded };
  });
  // The client wraps what its fetch threw; callers see the WriteAborted itself.
  octokit.hook.error("request", (error) => {
    throw writeAborted(error) ?? error;
  });
}
