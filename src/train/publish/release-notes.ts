// 7.3 release notes: one release per repository, then the constellation's (as drafts
// first when so configured), each with its CHANGELOG.md section.
import type { FinalObservation, ReleaseObservation } from "../model/observation.js";
import { complianceItems, describeRequirement } from "../validation/signoffs.js";
import { versionFor } from "../repo-versions.js";
import { previousPrerelease } from "../tags.js";
import { modeOf } from "../version.js";
import { changelogSection } from "./changelog-section.js";
import type { PublishInput, Publishing } from "./input.js";

export interface ReleaseNotes {
  /** Every repository's release and the constellation's are published (not drafts). */
  allPublished: boolean;
  constellation: ReleaseObservation | null;
}

export function releaseNotes(p: Publishing): ReleaseNotes {
  const total = p.input.plan.repos.length;
  const { published, drafted } = repositoryReleases(p);
  const constellation = p.final.orchestration.release;
  constellationRelease(p, constellation, published + drafted === total);
  const allPublished = published === total && constellation !== null && !constellation.isDraft;
  p.result.steps["7.3"] = allPublished
    ? {
        status: "done",
        progress: { done: published, total },
        ...(constellation ? { detail: `[constellation release](${constellation.url})` } : {}),
      }
    : p.drafts && drafted === total && constellation
      ? {
          status: "running",
          progress: { done: 0, total },
          detail: "drafts ready for review: `/check 7.3` publishes them",
        }
      : { status: "running", progress: { done: published, total } };
  return { allPublished, constellation };
}

/** Creates or publishes each repository's release; counts those published and those drafted. */
function repositoryReleases(p: Publishing): { published: number; drafted: number } {
  const { input, final, result, held, drafts, flagsOf } = p;
  let published = 0;
  let drafted = 0;
  for (const repo of input.plan.repos) {
    const observed = final.repos[repo.fullName];
    const release = observed?.release ?? null;
    if (!release) {
      if (!held) {
        const own = versionFor(input.version, repo.fullName);
        const notes = changelogSection(observed?.changelog ?? null, own.version) ?? `See CHANGELOG.md at ${own.tag}.`;
        const body = `${sincePrerelease(input, repo.fullName)}${notes}`;
        result.actions.push({
          kind: "createRelease",
          repo: repo.fullName,
          tag: own.tag,
          target: own.tag,
          name: `${repo.name} ${own.tag}`,
          body,
          draft: drafts,
          ...flagsOf(repo.fullName),
        });
      }
    } else if (release.isDraft && !drafts) {
      if (!held)
        result.actions.push({
          kind: "publishRelease",
          repo: repo.fullName,
          releaseId: release.id,
          latest: flagsOf(repo.fullName).latest,
        });
      drafted += 1;
    } else if (release.isDraft) drafted += 1;
    else published += 1;
  }
  return { published, drafted };
}

/** The constellation's release, once every repository has its own (published or drafted). */
function constellationRelease(p: Publishing, constellation: ReleaseObservation | null, reposReleased: boolean): void {
  const { input, final, result, held, drafts, flagsOf, orchestration } = p;
  if (!constellation && !held && reposReleased) {
    result.actions.push({
      kind: "createRelease",
      repo: orchestration,
      tag: input.version.tag,
      target: final.orchestration.headOid,
      name: `Release train ${input.version.tag}`,
      body: constellationNotes(input, final),
      draft: drafts,
      ...flagsOf(null),
    });
  } else if (constellation?.isDraft && !drafts && !held)
    result.actions.push({
      kind: "publishRelease",
      repo: orchestration,
      releaseId: constellation.id,
      latest: flagsOf(null).latest,
    });
}

/** A pre-release's notes open with what changed since the previous pre-release of the version (the changelog covers everything since the last stable release). */
function sincePrerelease(input: PublishInput, repo: string): string {
  const { observation } = input;
  const version = versionFor(input.version, repo);
  const previous = previousPrerelease(observation.repos[repo], version.version);
  if (modeOf(version.version) !== "prerelease" || !previous) return "";
  const url = observation.repos[repo]?.url ?? `https://github.com/${repo}`;
  return `**Since ${previous.name}:** ${url}/compare/${previous.name}...${version.tag}\n\n`;
}

function constellationNotes(input: PublishInput, final: FinalObservation): string {
  const { plan, version, observation, state, config } = input;
  const parts = [
    version.repos
      ? `The constellation's release **${version.tag}**: each repository released with its own version, in this order. Tracking issue: ${observation.issue.url}`
      : `Every repository of the constellation released as **${version.tag}**, in this order. Tracking issue: ${observation.issue.url}`,
  ];
  for (const [i, repos] of plan.levels.entries()) {
    parts.push("", `## Level ${i + 1}`);
    for (const repo of repos) {
      const own = versionFor(version, repo.fullName);
      const notes =
        changelogSection(final.repos[repo.fullName]?.changelog ?? null, own.version) ?? "_No changelog section found._";
      const title = own.tag === version.tag ? repo.name : `${repo.name} ${own.tag}`;
      parts.push(
        "",
        `### [${title}](${observation.repos[repo.fullName]?.url ?? ""}/releases/tag/${own.tag})`,
        "",
        notes.replace(/^### /gm, "#### "),
      );
    }
  }
  const signoffs = Object.entries(state.signoffs).map(([team, s]) => `- **${team}** — @${s.by}, ${s.at}`);
  if (signoffs.length > 0)
    parts.push(
      "",
      "## Sign-offs",
      "",
      ...signoffs,
      ...(state.approval ? [`- **final approval** — @${state.approval.by}, ${state.approval.at}`] : []),
    );
  const compliance = complianceItems(state).map(
    (c) => `- \`${c.label}\` ${c.repo}#${c.pr} — ${describeRequirement(config.compliance[c.key]?.requires ?? c.key)}`,
  );
  if (compliance.length > 0) parts.push("", "## Compliance", "", ...compliance);
  return parts.join("\n");
}
