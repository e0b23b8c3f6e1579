// Release tags: which one a train's changelog starts from.
import semver from "semver";
import type { RepoObservation, TagObservation } from "./model.js";

/** The newest semver tag older than `version` (tags are sorted newest first). */
export function previousTag(repo: Pick<RepoObservation, "tags"> | undefined, version: string): TagObservation | null {
  return (
    (repo?.tags ?? []).find((t) => {
      const v = semver.valid(semver.clean(t.name));
      return v !== null && semver.lt(v, version);
    }) ?? null
  );
}
