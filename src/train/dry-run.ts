// The playbook's dry run: what Phase 1 would do, as one comment, with no writes to
// the constellation; or Phase 1 for real against a test organisation's repositories.
import type { Observation } from "./model/observation.js";
import { dependencyNotes } from "./preparation/dependency-update.js";
import type { RepoPreparation } from "./preparation/prepare-repo.js";
import { versionFor } from "./repo-versions.js";
import { cell } from "./render-repos.js";
import type { PlannedRepo, ReleasePlan } from "./plan.js";
import type { TrainVersion } from "./model/train-version.js";

const COMMENT_LIMIT = 60_000;

/** The same plan, pointed at the same-named repositories of `owner` (the test environment). */
export function retargetPlan(plan: ReleasePlan, owner: string): ReleasePlan {
  const rename = (fullName: string) => `${owner}/${fullName.split("/")[1]}`;
  const repos = plan.repos.map((r) => ({
    ...r,
    owner,
    fullName: rename(r.fullName),
    dependsOn: r.dependsOn.map(rename),
  }));
  const byName = new Map(repos.map((r) => [r.fullName, r] as const));
  return { ...plan, repos, levels: plan.levels.map((level) => level.map((r) => byName.get(rename(r.fullName))!)) };
}

/** Independent versioning: the repositories without changes, which the train leaves out. */
function unreleased(version: TrainVersion): string[] {
  return Object.entries(version.repos ?? {})
    .filter(([, own]) => !own.release)
    .map(
      ([name, own]) =>
        `| — | ${name.split("/")[1]} | — | ${own.previousTag ?? "—"} (not released) | ${own.reason} | — | — |`,
    );
}

/** One comment: per repository, the branch, version change, suggested bump, files and changelog. */
export function renderDryRun(
  plan: ReleasePlan,
  version: TrainVersion,
  observation: Observation,
  preparations: Record<string, RepoPreparation>,
): string {
  const rows: string[] = [];
  const previews: string[] = [];
  for (const repo of plan.repos) {
    const shown = repoRow(repo, version, observation, preparations[repo.fullName]);
    rows.push(shown.row);
    if (shown.preview !== undefined) previews.push(shown.preview);
  }
  const head = [
    `### 🧪 Dry run: what Phase 1 would do for ${version.tag}`,
    "",
    "Nothing was written to any repository.",
    "",
    version.repos
      ? "| Level | Repository | Branch | Version | Why | Files that would change | Dependency updates |"
      : "| Level | Repository | Branch | Version | Suggested bump | Files that would change |",
    version.repos ? "|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|",
    ...rows,
    ...unreleased(version),
    "",
  ].join("\n");
  let body = head;
  for (const preview of previews) {
    if (body.length + preview.length > COMMENT_LIMIT) {
      body += "\n_Further changelog previews are left out to fit one comment._";
      break;
    }
    body += `\n${preview}`;
  }
  return body;
}

/** One repository's row of the table, and its changelog preview when it was read. */
function repoRow(
  repo: PlannedRepo,
  version: TrainVersion,
  observation: Observation,
  prep: RepoPreparation | undefined,
): { row: string; preview?: string } {
  const observed = observation.repos[repo.fullName];
  const details = observed?.details;
  if (!observed?.found || !details || !prep) {
    return {
      row: `| ${repo.level} | ${repo.name} | — | — | — | ${observed?.pullRequest ? `release PR #${observed.pullRequest.number} already open` : "not readable"} |`,
    };
  }
  const from = observed.releaseBranch ? "exists" : `from \`${details.baseOid.slice(0, 7)}\``;
  const files =
    prep.problems.length > 0
      ? `❌ ${prep.problems.join("; ")}`
      : prep.changes.map((c) => `\`${c.path}\``).join(", ") || "nothing to change";
  const own = versionFor(version, repo.fullName);
  const bump = version.repos?.[repo.fullName]?.reason ?? `${details.bump ?? "none"} (${details.summary})`;
  const deps = version.repos
    ? ` ${
        cell(
          dependencyNotes(prep)
            .trim()
            .replace(/^Dependency updates:\n/, "")
            .replace(/\n/g, "<br>"),
        ) || "—"
      } |`
    : "";
  return {
    row: `| ${repo.level} | ${repo.name} | \`${version.branch}\` ${from} | ${details.previousTag ?? "—"} → ${own.tag} | ${cell(bump)} | ${files} |${deps}`,
    preview: `<details><summary>${repo.name}: CHANGELOG.md</summary>\n\n${details.changelog}\n\n</details>`,
  };
}
