// An Octokit plugin that counts GitHub requests by kind and status and records the
// rate-limit budget GitHub reports. Applied to the Octokit class the server gives
// Probot, so every installation client, GraphQL included, is counted.
import type { ProbotOctokit } from "probot";
import { requestKind } from "../github/request-kind.js";
import type { AppMetrics } from "./metrics.js";

type OctokitClass = typeof ProbotOctokit;

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
