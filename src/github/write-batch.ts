// Bounded reconciles: the writes decide derives from GitHub's state alone (Phase 1's
// branch, release commit, PR and label — the train's state records none of them) go out
// in batches. A batch ends after a bounded number of writes, or once GitHub's limits
// would hold the next repository's writes and the tracking issue's next rendering past
// a short window; the rest is decided again by the next reconcile, which renders the
// issue first. So the issue stays close behind what was done, and a hint arriving
// meanwhile is served after the batch, not after the phase.
import type { Action } from "../train/model/actions.js";

/** Writes of a batch, at most (tests set fewer). */
export const BATCH_WRITES = 50;
/** A batch's writes start within this window after its first repository's (simulated ms). */
export const BATCH_WINDOW_MS = 30_000;

const DERIVED = new Set<Action["kind"]>(["createBranch", "commitFiles", "openPullRequest", "addLabels"]);

/** Whether `action` is one decide derives from GitHub alone, in a constellation repository: leaving it for later loses nothing. */
export function derivedFromGitHub(action: Action, orchestrationRepo: string): boolean {
  return DERIVED.has(action.kind) && "repo" in action && action.repo.toLowerCase() !== orchestrationRepo.toLowerCase();
}

/** Consecutive actions of one repository, which go out together (a branch, then its commit and PR). */
export function byRepository(actions: Action[]): Action[][] {
  const groups: Action[][] = [];
  for (const action of actions) {
    const last = groups[groups.length - 1];
    const repo = "repo" in action ? action.repo : null;
    if (last && repo !== null && "repo" in last[0]! && last[0].repo === repo) last.push(action);
    else groups.push([action]);
  }
  return groups;
}

export interface BatchLimits {
  maxWrites: number;
  windowMs: number;
  now: () => number;
  /** When the last of `count` more writes could start at the earliest (the installation's budget); absent, only the count bounds a batch. */
  nextWritesAt?: (count: number) => Promise<number>;
}

/** Decides, one repository's group at a time, whether its writes still belong in this batch. */
export class WriteBatch {
  private taken = 0;
  private firstDoneAt: number | null = null;

  constructor(private readonly limits: BatchLimits) {}

  /** The first group always goes (its writes wait for GitHub, with everything before already shown). */
  async admits(size: number): Promise<boolean> {
    if (this.taken === 0) return true;
    if (this.taken + size > this.limits.maxWrites) return false;
    if (!this.limits.nextWritesAt || this.firstDoneAt === null) return true;
    // This group and the tracking issue's rendering after it must start within the window.
    return (await this.limits.nextWritesAt(size + 1)) <= this.firstDoneAt + this.limits.windowMs;
  }

  /** Told when a group's writes were carried out. */
  done(size: number): void {
    this.taken += size;
    this.firstDoneAt ??= this.limits.now();
  }
}
