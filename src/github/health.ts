// Health checks: an HTTP GET that must answer 2xx within a timeout, retried a few times
// before it counts as failing. Answers are cached briefly (on the train's clock) so a
// burst of reconciles probes each URL once.
import type { HealthObservation } from "../train/model/observation.js";

export interface HealthOptions {
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
  cacheMs: number;
}

export const DEFAULT_HEALTH: HealthOptions = { timeoutMs: 5_000, attempts: 3, retryDelayMs: 2_000, cacheMs: 15_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HealthProber {
  private readonly cache = new Map<string, HealthObservation>();
  /** How many probes (HTTP requests) were made, for tests and benchmarks. */
  requests = 0;

  constructor(
    private readonly options: HealthOptions,
    private readonly now: () => Date,
  ) {}

  async probe(urls: string[]): Promise<Record<string, HealthObservation>> {
    const answers = await Promise.all([...new Set(urls)].map(async (url) => [url, await this.cached(url)] as const));
    return Object.fromEntries(answers);
  }

  private async cached(url: string): Promise<HealthObservation> {
    const hit = this.cache.get(url);
    if (hit && this.now().getTime() - Date.parse(hit.at) < this.options.cacheMs) return hit;
    const answer = await this.check(url);
    this.cache.set(url, answer);
    return answer;
  }

  private async check(url: string): Promise<HealthObservation> {
    let detail = "not probed";
    for (let attempt = 1; attempt <= this.options.attempts; attempt += 1) {
      if (attempt > 1) await sleep(this.options.retryDelayMs);
      this.requests += 1;
      try {
        // Redirects are not followed: a health endpoint answers for itself.
        const response = await fetch(url, {
          method: "GET",
          redirect: "manual",
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await response.body?.cancel();
        detail = `HTTP ${response.status}`;
        if (response.status >= 200 && response.status < 300)
          return { url, ok: true, detail, at: this.now().toISOString() };
      } catch (error) {
        detail =
          (error as Error).name === "TimeoutError"
            ? `no answer within ${this.options.timeoutMs} ms`
            : `unreachable (${(error as Error).message})`;
      }
    }
    return {
      url,
      ok: false,
      detail: this.options.attempts > 1 ? `${detail} after ${this.options.attempts} attempts` : detail,
      at: this.now().toISOString(),
    };
  }
}
