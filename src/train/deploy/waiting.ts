// Deployments GitHub holds on their environment's protection rules (required reviewers, a
// wait timer): GitHub reports them `waiting`. The train shows who can approve and since
// when; it is no failure and nothing is stuck. Canary and bake windows count from the
// deployment's success, so they start only once it actually ran. Pure.
import type { DeploymentObservation, RepoObservation } from "../model/repo-observation.js";

const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** "waiting for review by @olga or @org/release-managers since 10:05 UTC" (or the wait timer). */
export function describeWait(observed: RepoObservation | undefined, d: DeploymentObservation): string {
  const since = d.stateAt ?? d.createdAt;
  const rules = observed?.environments?.[d.environment];
  if (rules && rules.reviewers.length === 0 && rules.waitTimer > 0) {
    const until = new Date(Date.parse(since) + rules.waitTimer * 60_000).toISOString();
    return `waiting for the ${rules.waitTimer}-minute wait timer of \`${d.environment}\` until ${clock(until)}`;
  }
  const who = rules ? ` by ${rules.reviewers.join(" or ")}` : "";
  const timer = rules && rules.waitTimer > 0 ? `, then a ${rules.waitTimer}-minute wait timer` : "";
  return `waiting for review${who} (\`${d.environment}\` requires it) since ${clock(since)}${timer}`;
}

/** Environments whose rules the tracking issue needs to name who can approve: those a train deployment waits on. */
export function environmentsToRead(
  repo: string,
  observed: RepoObservation | undefined,
  train: string,
): Array<{ repo: string; environment: string }> {
  const waiting = (observed?.deployments ?? []).filter(
    (d) => d.train === train && d.state === "waiting" && !observed?.environments?.[d.environment],
  );
  return [...new Set(waiting.map((d) => d.environment))].map((environment) => ({ repo, environment }));
}
