// Which release pull request of a repository is this train's. Every pre-release of a version
// and its final release share one release branch, so the branch can have a merged
// `release: v2.0.0-rc.1` while the train for rc.2 has not opened its own yet. Pure.
import type { Observation } from "./model/observation.js";
import type { PullRequestObservation, RepoObservation } from "./model/repo-observation.js";
import type { TrainVersion } from "./model/train-version.js";

const RELEASE_TITLE = /^release: v\S+$/;

/** The open pull request, else the one titled for this version; never another train's (titled for another version). */
export function releasePullOf(
  pulls: readonly PullRequestObservation[],
  version: Pick<TrainVersion, "tag">,
): PullRequestObservation | null {
  const candidates = pulls.filter(
    (p) => p.state === "OPEN" || !RELEASE_TITLE.test(p.title ?? "") || p.title === `release: ${version.tag}`,
  );
  return (
    candidates.find((p) => p.state === "OPEN") ?? candidates.find((p) => p.state === "MERGED") ?? candidates[0] ?? null
  );
}

/** The observation with each repository's `pullRequest` chosen for this train. */
export function withTrainPulls(observation: Observation, version: Pick<TrainVersion, "tag">): Observation {
  const repos: Record<string, RepoObservation> = {};
  for (const [name, repo] of Object.entries(observation.repos)) {
    repos[name] = repo.releasePulls ? { ...repo, pullRequest: releasePullOf(repo.releasePulls, version) } : repo;
  }
  return { ...observation, repos };
}
