// An Octokit plugin that counts GitHub requests by kind and status and records the
// rate-limit budget GitHub reports. Applied to the Octokit class the server gives
// Probot, so every installation client, GraphQL included, is counted.
import type { ProbotOctokit } from "probot";
import type { AppMetrics } from "./metrics.js";

type OctokitClass = typeof ProbotOctokit;

export type RequestKind = "read" | "write" | "auth";

/** GitHub's own distinction: GET/HEAD and GraphQL queries read, everything else writes; installation tokens are "auth". */
export function requestKind(options: { method?: string; url?: string; query?: unknown }): RequestKind {
  const method = (options.method ?? "GET").toUpperCase();
  if (/\/graphql$/.test(options.url ?? "")) {
    const query = typeof options.query === "string" ? options.query.replace(/^\s*#.*$/gm, "") : "";
    return /^\s*mutation\b/.test(query) ? "write" : "read";
  }
  // Creating an installation token is authentication, not a content write.
  if (method === "POST" && /\/app\/installations\/[^/]+\/access_tokens$/.test(options.url ?? "")) return "auth";
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/** `Base` with the metrics plugin; wrapped last, so it sees each request once, after retries. */
export function withMetrics(Base: OctokitClass, metrics: AppMetrics): OctokitClass {
  return Base.plugin((octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const kind = requestKind(options as { method?: string; url?: string; query?: unknown });
      try {
        const response = await request(options);
        metrics.githubRequest(kind, response.status, response.headers);
        return response;
      } catch (error) {
        const failed = error as { status?: unknown; response?: { headers?: Record<string, unknown> } };
        metrics.githubRequest(
          kind,
          typeof failed.status === "number" ? failed.status : "error",
          failed.response?.headers,
        );
        throw error;
      }
    });
  }) as OctokitClass;
}
