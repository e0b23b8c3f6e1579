// GitHub computes a pull request's mergeability in the background: the first read after
// a push to its head or its base answers `mergeable: UNKNOWN` (and mergeStateStatus
// UNKNOWN, REST `mergeable: null`); a later request finds it computed.
import type { SimCore } from "./core.js";
import type { PullRequest, Repo } from "./store/types.js";

const asked = new WeakMap<PullRequest, { key: string; request: number }>();

/**
 * Whether GitHub has finished computing `pr`'s mergeability for its current head and base.
 * A read (`asking`) starts the computation; webhook payloads only show what is known.
 */
export function mergeabilityComputed(core: SimCore, repo: Repo, pr: PullRequest, asking = true): boolean {
  if (!core.strict.mergeabilityInBackground) return true;
  const key = `${pr.headSha}:${repo.git.refs.get(`refs/heads/${pr.baseRef}`) ?? pr.baseSha}`;
  const seen = asked.get(pr);
  if (!seen || seen.key !== key) {
    if (asking) asked.set(pr, { key, request: core.requestSeq });
    return false;
  }
  return seen.request !== core.requestSeq;
}
