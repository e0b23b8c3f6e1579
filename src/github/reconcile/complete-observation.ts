// The rest of the look at the train, once its plan is known: the repositories the first
// read did not cover, remembered for the next look, and everything decide is given.
import type { Observation } from "../../train/model/observation.js";
import type { IssueObservation } from "../../train/model/issue-observation.js";
import { stateBlockOf, withStateBlock } from "../../train/state.js";
import type { BodyTrust } from "../../train/trust.js";
import type { TrainVersion } from "../../train/model/train-version.js";
import type { ObservationCache } from "../observation-cache.js";
import { notFoundRepo, observeRepos } from "../observe.js";
import type { BranchTarget } from "../queries.js";
import type { ReconcileContext } from "./connect.js";
import type { PlannedTrain } from "./plan-train.js";
import type { FirstRead } from "./read-train.js";
import type { ResumedState } from "./resume-state.js";

/** Reads what the first read missed into `first.raw` and stores what was read in full in the cache. */
export async function readTheRest(
  ctx: ReconcileContext,
  cache: ObservationCache,
  { raw, guess, readInFull }: FirstRead,
  issue: IssueObservation,
  version: TrainVersion,
  { plan, unseen, environments }: PlannedTrain,
): Promise<void> {
  const { id } = ctx;
  // Repositories not covered by the first request (new train, changed config or branch).
  // Deployments read for other environments than the config's would hide ours: read again.
  const stale = version.branch !== guess.releaseBranch || environments.join() !== [...guess.environments].sort().join();
  // Mid-train, repositories the installation cannot see are not asked for: GitHub would answer "not found".
  const hidden = new Set(unseen);
  for (const name of hidden) raw.repos[name] = notFoundRepo(name);
  const missing = plan.repos.filter((r) => !hidden.has(r.fullName) && (!raw.repos[r.fullName] || stale));
  const target: BranchTarget = { releaseBranch: version.branch, tag: version.tag, environments };
  // Fingerprints read for another tag say nothing: only those read for this train's are kept.
  const fresh = guess.tag === version.tag ? { ...raw.fingerprints } : {};
  if (missing.length > 0) {
    const read = await observeRepos(
      ctx.graphql,
      target,
      missing.map((r) => ({ owner: r.owner, name: r.name })),
    );
    Object.assign(raw.repos, read.repos);
    Object.assign(fresh, read.fingerprints);
    for (const name of Object.keys(read.repos)) readInFull.add(name);
  }
  cache.store(
    id,
    target,
    stateBlockOf(issue.body),
    Object.fromEntries([...readInFull].filter((n) => raw.repos[n]).map((n) => [n, raw.repos[n]!])),
    fresh,
  );
  cache.retain(
    id,
    plan.repos.filter((r) => !hidden.has(r.fullName)).map((r) => r.fullName),
  );
}

/** What decide is given; what it asks for later (memberships, leads, health, ...) is added as it is read. */
export async function observationOf(
  ctx: ReconcileContext,
  { raw, fromCache, readInFull }: FirstRead,
  issue: IssueObservation,
  trusted: BodyTrust,
  { origin }: ResumedState,
  failures: string[],
): Promise<Observation> {
  return {
    train: ctx.ref,
    botLogin: ctx.botLogin,
    issue: {
      ...issue,
      body: withStateBlock(issue.body, trusted.block),
      edits: trusted.edits,
      ...(origin !== undefined ? { origin } : {}),
    },
    repos: raw.repos,
    memberships: {},
    teamLeads: {},
    failures,
    health: {},
    trainIssues: raw.trainIssues,
    githubWait: (await ctx.deps.githubWait?.(ctx.ref.installationId)) ?? null,
    ...unverifiedOf(fromCache, readInFull, raw.repos),
  };
}

/** The repositories decide is given from the cache, unread by this reconcile. */
function unverifiedOf(fromCache: string[], readInFull: Set<string>, repos: Observation["repos"]) {
  const unverified = fromCache.filter((name) => !readInFull.has(name) && repos[name]);
  return unverified.length > 0 ? { unverified } : {};
}
