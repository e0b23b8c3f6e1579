// GitHub's secondary rate limits on content creation: "no more than 80 content-generating
// requests per minute and no more than 500 content-generating requests per hour" per
// installation. Every request that writes counts (REST POST/PATCH/PUT/DELETE, GraphQL
// mutations); a refused request creates nothing and is not counted. Time is the
// simulated clock's.

export const CONTENT_PER_MINUTE = 80;
export const CONTENT_PER_HOUR = 500;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export function secondaryLimitBody(requestId: string): Record<string, string> {
  return {
    message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    status: "403",
  };
}

export class ContentCreationLimits {
  /** Accepted content-creating requests per installation key, as simulated epoch ms, oldest first. */
  private readonly accepted = new Map<string, number[]>();
  /** Requests refused for a secondary limit (tests and benchmarks count them). */
  hits = 0;

  constructor(
    private readonly now: () => number,
    /** Off only where a test asks for leniency by name. */
    public enabled = true,
  ) {}

  /** Records a content-creating request; returns the seconds to wait when it must be refused. */
  admit(key: string): { retryAfterS: number } | undefined {
    const now = this.now();
    const times = (this.accepted.get(key) ?? []).filter((t) => t > now - HOUR_MS);
    this.accepted.set(key, times);
    if (!this.enabled) return undefined;
    const inMinute = times.filter((t) => t > now - MINUTE_MS);
    let freeAt: number | undefined;
    if (inMinute.length >= CONTENT_PER_MINUTE) freeAt = inMinute[inMinute.length - CONTENT_PER_MINUTE]! + MINUTE_MS;
    if (times.length >= CONTENT_PER_HOUR)
      freeAt = Math.max(freeAt ?? 0, times[times.length - CONTENT_PER_HOUR]! + HOUR_MS);
    if (freeAt !== undefined) {
      this.hits++;
      return { retryAfterS: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
    }
    times.push(now);
    return undefined;
  }

  reset(): void {
    this.accepted.clear();
    this.hits = 0;
  }
}
