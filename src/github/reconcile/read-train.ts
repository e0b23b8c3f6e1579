// The first look at a train: the issue, its config and (when already known) the
// constellation in one go: in full what may have changed, by fingerprint on a resync,
// the rest from the cache.
import { stateBlockOf } from "../../train/state.js";
import type { ObservationCache } from "../observation-cache.js";
import { observeRepos, observeTrain, type RawTrainObservation } from "../observe.js";
import type { BranchTarget, RepoTarget } from "../queries.js";
import type { ReconcileContext } from "./connect.js";

/** What the first look read, and what it guessed the train's branch to be from the last one. */
export interface FirstRead {
  raw: RawTrainObservation;
  guess: BranchTarget;
  /** The repositories read in full (not taken from the cache). */
  readInFull: Set<string>;
  /** The repositories taken from the cache unread (neither in full nor by fingerprint). */
  fromCache: string[];
}

export const targetOf = (fullName: string): RepoTarget => {
  const [owner, name] = fullName.split("/") as [string, string];
  return { owner, name };
};

export async function readTrain(
  ctx: ReconcileContext,
  cache: ObservationCache,
  lastTag: string | undefined,
  scope: { named: string[]; resync: boolean },
): Promise<FirstRead> {
  const { ref, id, graphql } = ctx;
  const known = ctx.deps.registry.get(id);
  const branchGuess = known?.branch ?? "release/unknown";
  const guess: BranchTarget = {
    releaseBranch: branchGuess,
    tag: lastTag ?? branchGuess.replace(/^release\//, ""),
    environments: known?.environments ?? ["staging", "production", "maintenance"],
  };
  const reads = cache.plan(id, guess, [...(known?.repos ?? [])], scope);
  const raw = await observeTrain(graphql, {
    owner: ref.owner,
    repo: ref.repo,
    issue: ref.issueNumber,
    configPath: ctx.configPath,
    ...guess,
    repos: reads.full.map(targetOf),
    fingerprintOnly: reads.fingerprint.map(targetOf),
    botLogin: ctx.botLogin,
  });
  let again: string[] = [];
  let fromCache: string[] = [];
  if (raw.issue) {
    // Another writer (a replica) left the body: nothing cached can be trusted. Else only what moved is read.
    const trusted = cache.trusts(id, stateBlockOf(raw.issue.body));
    const fingerprinted = Object.fromEntries(reads.fingerprint.map((name) => [name, raw.fingerprints[name]!]));
    again = trusted ? cache.moved(id, fingerprinted) : [...reads.fingerprint, ...reads.cached];
    const more = await observeRepos(graphql, guess, again.map(targetOf));
    Object.assign(raw.repos, more.repos);
    Object.assign(raw.fingerprints, more.fingerprints);
    for (const name of [...reads.fingerprint, ...reads.cached]) raw.repos[name] ??= cache.get(id, name)!;
    fromCache = reads.cached.filter((name) => !again.includes(name));
  }
  return { raw, guess, readInFull: new Set([...reads.full, ...again]), fromCache };
}
