// What this process last read of each train's repositories, keyed by each repository's
// fingerprint, so a reconcile reads in full only what changed: the repositories a
// webhook named, those it wrote to itself, and (on a resync) those whose fingerprint moved.
// Bounded: a few trains, each holding at most its own constellation.
import type { RepoObservation } from "../train/model/repo-observation.js";
import type { BranchTarget } from "./queries.js";

/** Trains whose repositories are kept; the least recently reconciled is dropped first. */
export const CACHED_TRAINS = 16;

interface Entry {
  fingerprint: string;
  repo: RepoObservation;
}

interface TrainCache {
  /** Branch, tag and environments the fingerprints were read with. */
  target: string;
  /** The state block of the tracking issue as this process left it: another writer (a replica) makes the cache worthless. */
  block: string | null;
  repos: Map<string, Entry>;
  /** Repositories that changed since they were read (written to, or named by a webhook): read in full next time. */
  dirty: Set<string>;
}

/** Which repositories one reconcile reads, and how. */
export interface ReadPlan {
  /** Read in full. */
  full: string[];
  /** Read by fingerprint only; read in full afterwards when it moved. */
  fingerprint: string[];
  /** Taken from the cache as they are. */
  cached: string[];
}

const targetKey = (t: BranchTarget) => JSON.stringify([t.releaseBranch, t.tag, [...t.environments].sort()]);
/** Mergeability GitHub is still computing is not kept: it is read again until it is known. */
const settled = (repo: RepoObservation) =>
  (repo.releasePulls ?? []).every((p) => p.mergeable !== "UNKNOWN") && repo.pullRequest?.mergeable !== "UNKNOWN";

export class ObservationCache {
  private readonly trains = new Map<string, TrainCache>();

  /**
   * The reads for `repos` (lower-case full names): `named` are what webhooks reported
   * changed, `resync` asks every other repository for its fingerprint. Without a
   * usable cache (none, or read for another branch, tag or environments) all are read in full.
   */
  plan(train: string, target: BranchTarget, repos: string[], scope: { named: string[]; resync: boolean }): ReadPlan {
    const cache = this.trains.get(train);
    if (!cache || cache.target !== targetKey(target)) {
      this.trains.delete(train);
      return { full: repos, fingerprint: [], cached: [] };
    }
    const named = new Set(scope.named.map((n) => n.toLowerCase()));
    const plan: ReadPlan = { full: [], fingerprint: [], cached: [] };
    for (const name of repos) {
      const key = name.toLowerCase();
      if (!cache.repos.has(key) || cache.dirty.has(key) || named.has(key)) plan.full.push(name);
      else if (scope.resync) plan.fingerprint.push(name);
      else plan.cached.push(name);
    }
    return plan;
  }

  /** Whether the tracking issue's state block is the one this process left; when not, the train's cache is dropped. */
  trusts(train: string, block: string | null): boolean {
    const cache = this.trains.get(train);
    if (cache && cache.block === block) return true;
    this.trains.delete(train);
    return false;
  }

  /** The fingerprinted repositories whose fingerprint is not the one cached. */
  moved(train: string, fingerprints: Record<string, string>): string[] {
    const cache = this.trains.get(train);
    return Object.entries(fingerprints)
      .filter(([name, fp]) => cache?.repos.get(name.toLowerCase())?.fingerprint !== fp)
      .map(([name]) => name);
  }

  /** A copy of the cached observation (the reconcile adds details to what it is given). */
  get(train: string, name: string): RepoObservation | undefined {
    const entry = this.trains.get(train)?.repos.get(name.toLowerCase());
    return entry ? structuredClone(entry.repo) : undefined;
  }

  /**
   * Keeps what was read in full with its fingerprint (before the reconcile adds details).
   * `fresh` false: the fingerprints were read for another tag, so nothing is kept.
   */
  store(
    train: string,
    target: BranchTarget,
    block: string | null,
    observed: Record<string, RepoObservation>,
    fingerprints: Record<string, string>,
    fresh = true,
  ): void {
    let cache = this.trains.get(train);
    if (!cache || cache.target !== targetKey(target))
      cache = { target: targetKey(target), block, repos: new Map(), dirty: new Set() };
    this.trains.delete(train);
    this.trains.set(train, cache);
    while (this.trains.size > CACHED_TRAINS) this.trains.delete(this.trains.keys().next().value!);
    cache.block = block;
    for (const [name, repo] of Object.entries(observed)) {
      const key = name.toLowerCase();
      const fingerprint = fingerprints[name];
      if (!fresh || fingerprint === undefined || !settled(repo)) {
        cache.repos.delete(key);
        continue;
      }
      cache.repos.set(key, { fingerprint, repo: structuredClone(repo) });
      cache.dirty.delete(key);
    }
  }

  /** Keeps only the constellation's repositories (the config may have dropped some). */
  retain(train: string, repos: string[]): void {
    const cache = this.trains.get(train);
    if (!cache) return;
    const keep = new Set(repos.map((r) => r.toLowerCase()));
    for (const key of cache.repos.keys()) if (!keep.has(key)) cache.repos.delete(key);
  }

  /** A write is about to change this repository (marked before it is sent: its answer may be lost). */
  markDirty(train: string, name: string): void {
    this.trains.get(train)?.dirty.add(name.toLowerCase());
  }

  /** The tracking issue's state block as this reconcile left it. */
  setBlock(train: string, block: string | null): void {
    const cache = this.trains.get(train);
    if (cache) cache.block = block;
  }

  forget(train: string): void {
    this.trains.delete(train);
  }
}
