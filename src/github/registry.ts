// Which trains are active and which repositories and branches each covers, so a
// webhook can be routed to its trains (or dropped) without an API call. This is a
// cache of what GitHub shows; it is rebuilt from the open tracking issues at start.
import { trainId, type TrainRef } from "../train/model/observation.js";

export interface ActiveTrain {
  ref: TrainRef;
  /** Release branch name, e.g. release/v2.0.0 (null until the version is known). */
  branch: string | null;
  /** Full names ("owner/name") of the constellation, lower-cased. */
  repos: Set<string>;
  /** The train's `resyncMinutes`, in ms (null until its config was read). */
  resyncMs: number | null;
  /** When its last reconcile finished (epoch ms). */
  lastReconciledAt: number;
  /** Environments whose deployments the observation reads (null until its config was read). */
  environments: string[] | null;
  /** The train asked to be looked at again at this time (train clock, epoch ms): canary and bake windows. */
  wakeAt: number | null;
}

export class TrainRegistry {
  private readonly trains = new Map<string, ActiveTrain>();

  upsert(
    ref: TrainRef,
    details: { branch?: string | null; repos?: string[]; resyncMs?: number; environments?: string[] } = {},
  ): ActiveTrain {
    const id = trainId(ref);
    const existing = this.trains.get(id);
    const train: ActiveTrain = {
      ref,
      branch: details.branch !== undefined ? details.branch : (existing?.branch ?? null),
      repos: details.repos ? new Set(details.repos.map((r) => r.toLowerCase())) : (existing?.repos ?? new Set()),
      resyncMs: details.resyncMs ?? existing?.resyncMs ?? null,
      lastReconciledAt: existing?.lastReconciledAt ?? 0,
      environments: details.environments ?? existing?.environments ?? null,
      wakeAt: existing?.wakeAt ?? null,
    };
    this.trains.set(id, train);
    return train;
  }

  markReconciled(id: string, at: number): void {
    const train = this.trains.get(id);
    if (train) train.lastReconciledAt = at;
  }

  setWake(id: string, at: number | null): void {
    const train = this.trains.get(id);
    if (train) train.wakeAt = at;
  }

  /** Trains whose last reconcile is older than their resync interval, or whose wake-up time has come. */
  due(now: number, fallbackMs: number, trainNow: number = now): ActiveTrain[] {
    return this.all().filter(
      (t) => now - t.lastReconciledAt >= (t.resyncMs ?? fallbackMs) || (t.wakeAt !== null && trainNow >= t.wakeAt),
    );
  }

  remove(ref: Pick<TrainRef, "owner" | "repo" | "issueNumber">): void {
    this.trains.delete(trainId(ref));
  }

  get(id: string): ActiveTrain | undefined {
    return this.trains.get(id);
  }

  all(): ActiveTrain[] {
    return [...this.trains.values()];
  }

  /** The tracking issue's own train. */
  byIssue(owner: string, repo: string, issueNumber: number): ActiveTrain | undefined {
    return this.trains.get(trainId({ owner, repo, issueNumber }));
  }

  /** Trains whose constellation includes the repository (the orchestration repo counts too). */
  byRepo(fullName: string): ActiveTrain[] {
    const key = fullName.toLowerCase();
    return this.all().filter((t) => t.repos.has(key) || `${t.ref.owner}/${t.ref.repo}`.toLowerCase() === key);
  }
}
