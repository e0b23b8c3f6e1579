// Repositories taken from the cache, read again as GitHub is now: by fingerprint first,
// in full only where it moved, and kept for the next look.
import type { RepoObservation } from "../../train/model/repo-observation.js";
import { stateBlockOf } from "../../train/state.js";
import type { ObservationCache } from "../observation-cache.js";
import { observeFingerprints, observeRepos } from "../observe.js";
import type { BranchTarget } from "../queries.js";
import type { ReconcileContext } from "./connect.js";
import { targetOf } from "./read-train.js";

/** The named repositories that changed since the cache read them, read in full (and cached). */
export function refresher(
  ctx: ReconcileContext,
  cache: ObservationCache,
  target: BranchTarget,
  body: string,
): (names: string[]) => Promise<Record<string, RepoObservation>> {
  return async (names) => {
    const fingerprints = await observeFingerprints(ctx.graphql, target, names.map(targetOf));
    const moved = cache.moved(ctx.id, fingerprints);
    const read = await observeRepos(ctx.graphql, target, moved.map(targetOf));
    cache.store(ctx.id, target, stateBlockOf(body), read.repos, read.fingerprints);
    return read.repos;
  };
}
