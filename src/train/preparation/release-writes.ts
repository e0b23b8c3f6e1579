/** Steps 1.1, 1.3–1.5 for one prepared repository: its branches, the release commit and the release PR. */
import type { branchPoint } from "../maintenance.js";
import type { Action } from "../model/actions.js";
import type { Observation } from "../model/observation.js";
import type { RepoObservation } from "../model/repo-observation.js";
import type { TrainVersion } from "../model/train-version.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";
import { dependencyNotes } from "./dependency-update.js";
import type { RepoPreparation } from "./prepare-repo.js";
import { bumpHeadline } from "./release-commit.js";

/** GitHub caps PR bodies at 65,536 characters. */
const PR_BODY_LIMIT = 60_000;

export interface ReleaseWritesInput {
  plan: ReleasePlan;
  observation: Observation;
  /** The train's version, and `own`: this repository's (they differ under independent versioning). */
  version: TrainVersion;
  own: TrainVersion;
  repo: PlannedRepo;
  observed: RepoObservation;
  point: NonNullable<ReturnType<typeof branchPoint>>;
  preparation: RepoPreparation;
}

export function releaseWrites(input: ReleaseWritesInput): Action[] {
  const { version, own, repo, observed, point, preparation } = input;
  const head = point.from;
  const actions: Action[] = [];
  // A patch release merges into its line's maintenance branch, made from the line's newest tag when missing.
  if (point.line.kind === "maintenance" && !observed.maintenanceBranch)
    actions.push({ kind: "createBranch", repo: repo.fullName, branch: point.base, sha: point.line.newest.commitOid });
  if (!observed.releaseBranch)
    actions.push({ kind: "createBranch", repo: repo.fullName, branch: version.branch, sha: head });
  if (preparation.changes.length > 0) {
    actions.push({
      kind: "commitFiles",
      repo: repo.fullName,
      branch: version.branch,
      expectedHeadOid: head,
      headline: bumpHeadline(own),
      body: `Release ${own.tag}: ${preparation.changes.map((c) => c.path).join(", ")}.${dependencyNotes(preparation)}\n\nRelease-Train: ${input.observation.issue.url}`,
      files: preparation.changes,
    });
  }
  actions.push({
    kind: "openPullRequest",
    repo: repo.fullName,
    head: version.branch,
    base: point.base,
    title: `release: ${version.tag}`,
    body: prBody(input),
  });
  return actions;
}

function prBody({ version, own, repo, plan, observation, observed, preparation }: ReleaseWritesInput): string {
  const changelog = observed.details!.changelog;
  const train = own.tag === version.tag ? "" : ` (release train ${version.tag})`;
  const intro = `Release **${own.tag}** of \`${repo.fullName}\`${train}, level ${repo.level} of ${plan.levels.length} in the release train ${observation.issue.url}.\n\nThis pull request is managed by release-train: it is merged in release order once the train's gates and deployments are green.${dependencyNotes(preparation)}`;
  const clipped =
    changelog.length > PR_BODY_LIMIT
      ? `${changelog.slice(0, PR_BODY_LIMIT)}\n\n… (truncated; see CHANGELOG.md)`
      : changelog;
  return `${intro}\n\n${clipped}\n\n<!-- release-train:pr ${observation.train.owner}/${observation.train.repo}#${observation.train.issueNumber} -->`;
}
