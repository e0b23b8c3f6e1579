// Octokit for the simulated GitHub and tests: no write spacing, no automatic retries.
// GitHub's hard limits still hold: every installation request goes through `budgets`
// (content-creation caps, pauses on rate-limit answers) on the given clock.
// Probot passes its own throttle options per instance, so they are overridden here
// per instance too (a plain `.defaults({ throttle })` would be replaced by Probot's).
import { ProbotOctokit } from "probot";
import { budgetPlugin, InstallationBudgets, type ClientClock } from "./budget/scheduler.js";
import { LocalBudgetStore } from "./budget/store.js";

export function unpacedOctokit(budgets: InstallationBudgets): typeof ProbotOctokit {
  // biome-ignore lint/suspicious/noExplicitAny: Octokit's own options type
  return ProbotOctokit.plugin(budgetPlugin(budgets) as never).defaults((options: Record<string, any>) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
    retry: { ...options.retry, enabled: false },
  })) as typeof ProbotOctokit;
}

/** A client without a budget of its own choosing: a fresh in-process one on `clock`. */
export function unpacedOctokitOn(clock?: ClientClock): typeof ProbotOctokit {
  return unpacedOctokit(new InstallationBudgets(new LocalBudgetStore(), clock, false));
}

export const UnpacedOctokit: typeof ProbotOctokit = unpacedOctokitOn();
