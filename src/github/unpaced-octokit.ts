// Octokit for the simulated GitHub and tests: no write pacing, no automatic retries.
// Probot passes its own throttle options per instance, so they are overridden here
// per instance too (a plain `.defaults({ throttle })` would be replaced by Probot's).
import { ProbotOctokit } from "probot";

export const UnpacedOctokit: typeof ProbotOctokit = ProbotOctokit.defaults((options: Record<string, any>) => ({
  ...options,
  throttle: { ...options.throttle, enabled: false },
  retry: { ...options.retry, enabled: false },
}));
