// The Octokit the shell uses: Probot's, authenticated as an installation.
import type { ProbotOctokit } from "probot";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** GitHub answered with an HTTP status (RequestError) — as opposed to a network failure. */
export function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}
