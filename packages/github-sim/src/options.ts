import type { ClockOptions } from "./clock.js";

export interface SimulatedGitHubOptions {
  /** Where webhooks are POSTed (can be set later with setWebhookTarget). */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Id of the main GitHub App (default 4242). */
  appId?: number;
  /** Slug of the main app (default "release-train"); its bot user is "<slug>[bot]". */
  appSlug?: string;
  appName?: string;
  /** PEM public key for the app's JWTs. Default: a generated key pair, private half in `sim.app.privateKey`. */
  appPublicKey?: string;
  /** Receives diagnostic lines (unknown routes, failed deliveries, internal errors). Default: console.warn. */
  log?: (line: string) => void;
  /** TCP port on 127.0.0.1 (default: random). */
  port?: number;
  /** Base of html_url fields (default "https://github.com"). */
  htmlUrl?: string;
  clock?: ClockOptions;
  /** Hourly request budget per installation (default 15000). */
  rateLimit?: number;
  /**
   * Leniency a test asks for by name; by default the simulator is as strict as GitHub.
   * `secondaryRateLimits: false` accepts content creation beyond 80 a minute / 500 an hour;
   * `mergeabilityInBackground: false` answers a pull request's mergeability on the first read after a push.
   */
  lenient?: { secondaryRateLimits?: boolean; mergeabilityInBackground?: boolean };
  /** Per-delivery timeout in ms (default 10000, as GitHub). */
  webhookTimeoutMs?: number;
}
