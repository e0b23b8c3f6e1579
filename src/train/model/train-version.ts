// The version a train releases, with each repository's own in an independent train. Types only.
import type { RecordedVersion } from "./train-state.js";

export interface TrainVersion {
  version: string;
  tag: string;
  branch: string;
  /** Independent versioning: every planned repository's own version (see repo-versions.ts); absent when fixed. */
  repos?: Record<string, RecordedVersion>;
  /** Independent versioning: npm package → the new version of the released repository that publishes it. */
  packages?: Record<string, string>;
  /** Independent versioning: some repository's version is not known yet, so Phase 1 writes nothing. */
  pending?: boolean;
}
