// Phase 7 after the tags: release notes (7.3), `status/summary.json` (7.4), the archive
// (7.5), the announcement (7.6) and the retrospective (7.7); then the postconditions,
// checked from GitHub, end the train: the freeze lifts, the milestone closes, and the
// tracking issue closes once the retrospective is done. Pure (it records in `state`).
import type { TrainConfig } from "../config/schema.js";
import type { FinalObservation, Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { ChecklistItem } from "./model/train-view.js";
import type { Action } from "./model/actions.js";
import type { ReleasePlan } from "./plan.js";
import { commentMarker } from "./state.js";
import { buildSummary, SUMMARY_PATH, type TrainSummary } from "./summary.js";
import type { ComputedSteps } from "./model/train-view.js";
import type { TrainVersion } from "./model/train-version.js";
import { complianceItems, describeRequirement } from "./phase2.js";
import { previousPrerelease } from "./tags.js";
import { modeOf } from "./version.js";
import { patchedRepos } from "./maintenance.js";
import { versionFor } from "./repo-versions.js";

export const RETROSPECTIVE_LABEL = "release-train:retrospective";
export const ARCHIVE_ASSETS = ["audit-log.md", "summary.json"] as const;

export interface PublishInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  at: string;
  /** Every repository merged and tagged (7.1, 7.2). */
  tagged: boolean;
  /** A pre-release that stays out of production: the production postconditions do not apply. */
  withoutProduction?: boolean;
  /** Production ran the approved heads successfully (for the postconditions). */
  productionVerified: (repo: string) => boolean;
}

export interface PublishResult {
  steps: ComputedSteps;
  actions: Action[];
  /** Releases, the summary file and discussions must be read first. */
  needsFinal: boolean;
  /** Teams whose leads the announcement mentions. */
  teams: string[];
  postconditions: ChecklistItem[];
  /** The retrospective is done but the complete summary is not written yet: the tracking issue stays open. */
  summaryPending: boolean;
}

type Step = Pick<ChecklistItem, "status" | "progress" | "detail">;

/** The section of CHANGELOG.md for this version (Phase 1 wrote it at the top); `2.0.0` is not `2.0.0-rc.1`'s. */
export function changelogSection(text: string | null, version: string): string | null {
  if (!text) return null;
  const lines = text.split("\n");
  const range = sectionRange(lines, version);
  return range
    ? lines
        .slice(range.start + 1, range.end)
        .join("\n")
        .trim()
    : null;
}

/** The lines of CHANGELOG.md's section for this version: its `##` heading and up to (not including) the next. */
export function sectionRange(lines: readonly string[], version: string): { start: number; end: number } | null {
  const named = new RegExp(`(^|[^\\w.-])v?${version.replace(/[.+]/g, "\\$&")}(?![\\w.-])`);
  const start = lines.findIndex((l) => /^##\s/.test(l) && named.test(l));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  return { start, end: end < 0 ? lines.length : end };
}

export function publish(input: PublishInput): PublishResult {
  const { config, plan, version, observation, state, at } = input;
  const result: PublishResult = {
    steps: {},
    actions: [],
    needsFinal: false,
    teams: [],
    postconditions: [],
    summaryPending: false,
  };
  const pending = (detail: string): Step => ({ status: "pending", detail });
  const ended = Boolean(state.aborted || state.rollback);
  if (!input.tagged || ended) {
    for (const id of ["7.3", "7.4", "7.5", "7.6"]) result.steps[id] = pending("after the tags");
    result.postconditions = postconditions(input, null, {});
    return result;
  }
  const final = observation.final;
  if (!final) {
    result.needsFinal = true;
    for (const id of ["7.3", "7.4", "7.5", "7.6"]) result.steps[id] = { status: "running" };
    return result;
  }
  const orchestration = `${observation.train.owner}/${observation.train.repo}`;
  const held = Boolean(state.hold);
  const drafts = config.draftReleases && !state.ticks["7.3"];
  // A pre-release is marked so and never becomes a repository's latest release; nor does a patch of an older line.
  const prerelease = modeOf(version.version) === "prerelease";
  const patched = patchedRepos(
    plan.repos.map((r) => r.fullName),
    version,
    observation.repos,
  );
  const flagsOf = (repo: string | null) => ({
    prerelease,
    latest: !prerelease && (repo === null ? patched.size === 0 : !patched.has(repo)),
  });

  // 7.3 release notes: one release per repository, then the constellation's.
  let published = 0;
  let drafted = 0;
  for (const repo of plan.repos) {
    const observed = final.repos[repo.fullName];
    const release = observed?.release ?? null;
    if (!release) {
      if (!held) {
        const own = versionFor(version, repo.fullName);
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
  const constellation = final.orchestration.release;
  if (!constellation && !held && published + drafted === plan.repos.length) {
    result.actions.push({
      kind: "createRelease",
      repo: orchestration,
      tag: version.tag,
      target: final.orchestration.headOid,
      name: `Release train ${version.tag}`,
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
  const allPublished = published === plan.repos.length && constellation !== null && !constellation.isDraft;
  result.steps["7.3"] = allPublished
    ? {
        status: "done",
        progress: { done: published, total: plan.repos.length },
        ...(constellation ? { detail: `[constellation release](${constellation.url})` } : {}),
      }
    : drafts && drafted === plan.repos.length && constellation
      ? {
          status: "running",
          progress: { done: 0, total: plan.repos.length },
          detail: "drafts ready for review: `/check 7.3` publishes them",
        }
      : { status: "running", progress: { done: published, total: plan.repos.length } };

  // 7.4 status/summary.json, written once the notes are out (Phase 7 still running, so
  // `complete: false`), and once more, complete, when the retrospective ends the train (below).
  const written = parseSummary(final.orchestration.summaryText);
  const ours =
    written?.train === `${observation.train.owner}/${observation.train.repo}#${observation.train.issueNumber}` &&
    written.version === version.version;
  // Once written, the file is the latest train's: a later train (the next candidate's) that wrote it since is not overwritten.
  const superseded = !ours && Boolean(state.reached["7.4"]);
  const summaryDone = allPublished && (ours || superseded);
  if (allPublished && !ours && !superseded && !held)
    result.actions.push(
      summaryCommit(input, final, buildSummary(plan, version, observation, state, state.reached["7.3"] ?? at)),
    );
  result.steps["7.4"] = summaryDone
    ? { status: "done", detail: `\`${SUMMARY_PATH}\`` }
    : allPublished
      ? { status: "running" }
      : pending("after the release notes");

  // 7.5 archive: the audit log and the summary as assets of the constellation release.
  const assets = constellation?.assets ?? [];
  const missing = ARCHIVE_ASSETS.filter((name) => !assets.includes(name));
  if (summaryDone && constellation && !held) {
    for (const name of missing) {
      const data = name === "summary.json" ? (final.orchestration.summaryText ?? "") : auditLog(state);
      result.actions.push({
        kind: "uploadAsset",
        repo: orchestration,
        releaseId: constellation.id,
        name,
        contentType: name.endsWith(".json") ? "application/json" : "text/markdown",
        data,
      });
    }
  }
  const archived = summaryDone && missing.length === 0;
  result.steps["7.5"] = archived
    ? { status: "done", detail: ARCHIVE_ASSETS.join(", ") }
    : summaryDone
      ? { status: "running" }
      : pending("after the summary");

  // 7.6 announcement: a comment mentioning the teams, and a discussion when configured.
  const announceKey = `announce-${version.tag}`;
  const commented = observation.issue.comments.some((c) => c.body.includes(commentMarker(announceKey)));
  const category = config.announce
    ? final.orchestration.categories.find(
        (c) => c.name.toLowerCase() === config.announce!.discussionCategory.toLowerCase(),
      )
    : undefined;
  const discussed =
    !config.announce || final.orchestration.discussions.some((d) => d.body.includes(commentMarker(announceKey)));
  const announcement = announcementText(input, constellation?.url ?? null);
  if (archived && !held) {
    if (!commented) result.teams = [...new Set(config.signoff)];
    if (!commented) {
      const leads = [...new Set(result.teams.flatMap((t) => observation.teamLeads[t] ?? []))]
        .map((l) => `@${l}`)
        .join(" ");
      result.actions.push({
        kind: "comment",
        key: announceKey,
        body: `${commentMarker(announceKey)}\n${announcement}${leads ? `\n\n${leads}` : ""}`,
      });
    }
    if (!discussed && category)
      result.actions.push({
        kind: "createDiscussion",
        repositoryId: final.orchestration.id,
        categoryId: category.id,
        title: `Released: ${version.tag}`,
        body: `${commentMarker(announceKey)}\n${announcement}`,
      });
  }
  const noCategory =
    config.announce && !category
      ? `no discussion category "${config.announce.discussionCategory}" in ${orchestration}`
      : null;
  const announced = commented && (discussed || Boolean(noCategory));
  result.steps["7.6"] = announced
    ? { status: noCategory ? "failed" : "done", ...(noCategory ? { detail: noCategory } : {}) }
    : archived
      ? { status: "running" }
      : pending("after the archive");

  // 7.7 retrospective: an issue with the train's figures; ticked when it is closed.
  const retroKey = `retro-${version.tag}`;
  const retro = observation.trainIssues.find((i) => i.body.includes(commentMarker(retroKey)));
  if (announced && !retro && !held) {
    result.actions.push({
      kind: "openIssue",
      key: retroKey,
      title: `Retrospective: release train ${version.tag}`,
      labels: [RETROSPECTIVE_LABEL],
      body: retrospectiveBody(input, retroKey),
    });
  }
  if (retro?.state === "CLOSED" && !state.ticks["7.7"]) {
    state.ticks["7.7"] = { by: "release-train", at, via: `issue:${retro.number}` };
    state.audit.push({ at, actor: "release-train", text: `7.7 done: retrospective #${retro.number} closed` });
  }

  // The train ends with the retrospective: the summary, now with Phase 7's end, is written once more.
  if (summaryDone && ours && state.ticks["7.7"] && !written?.complete) {
    const summary = buildSummary(plan, version, observation, state, state.reached["7.3"] ?? at);
    result.summaryPending = summary.complete;
    if (summary.complete && !held) result.actions.push(summaryCommit(input, final, summary));
  }

  result.postconditions = postconditions(input, retro ?? null, { published: allPublished, announced });
  return result;
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

function summaryCommit(input: PublishInput, final: FinalObservation, summary: TrainSummary): Action {
  const { observation, version } = input;
  return {
    kind: "commitFiles",
    repo: `${observation.train.owner}/${observation.train.repo}`,
    branch: final.orchestration.defaultBranch,
    expectedHeadOid: final.orchestration.headOid,
    headline: `chore(release-train): ${SUMMARY_PATH} for ${version.tag}${summary.complete ? ", complete" : ""}`,
    body: `Written by the release train ${observation.issue.url}.`,
    files: [{ path: SUMMARY_PATH, contents: `${JSON.stringify(summary, null, 2)}\n` }],
  };
}

function parseSummary(text: string | null): { train: string; version: string; complete: boolean } | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { train?: { id?: unknown; version?: unknown }; complete?: unknown };
    return typeof parsed.train?.id === "string" && typeof parsed.train.version === "string"
      ? { train: parsed.train.id, version: parsed.train.version, complete: parsed.complete === true }
      : null;
  } catch {
    return null;
  }
}

function auditLog(state: TrainState): string {
  return [
    `# Audit log`,
    "",
    ...state.audit.map(
      (e) => `- ${e.at} · ${e.actor === "release-train" ? "release-train" : `@${e.actor}`} · ${e.text}`,
    ),
    "",
  ].join("\n");
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

function announcementText(input: PublishInput, releaseUrl: string | null): string {
  const { plan, version } = input;
  const where = input.withoutProduction
    ? "are released as a pre-release (deployed to staging, not to production)"
    : "are live in production";
  return [
    `## 🎉 ${version.tag} is released`,
    "",
    `${plan.repos.length} repositories ${where} with ${version.tag}.${releaseUrl ? ` Release notes: ${releaseUrl}` : ""}`,
  ].join("\n");
}

function retrospectiveBody(input: PublishInput, key: string): string {
  const { state, observation, version } = input;
  const phases = buildSummary(input.plan, version, observation, state, state.reached["7.3"] ?? input.at).phases;
  return [
    commentMarker(key),
    `Retrospective of the release train ${version.tag} (${observation.issue.url}). Close this issue when the retrospective is done.`,
    "",
    "## Figures",
    "",
    "| Phase | Duration |",
    "|---|---|",
    ...phases.map((p) => `| ${p.phase}. ${p.title} | ${p.minutes === null ? "—" : `${p.minutes} min`} |`),
    "",
    `Sign-offs: ${
      Object.entries(state.signoffs)
        .map(([team, s]) => `${team} (@${s.by}, ${s.at})`)
        .join(", ") || "none"
    }`,
    `Rollbacks: ${state.rollback ? `${state.rollback.mode} — ${state.rollback.reason}` : "none"}`,
    `Holds and retries: ${state.audit.filter((e) => /held the train|retried|re-ran failed checks/.test(e.text)).length}`,
    "",
    "## What went well",
    "",
    "## What did not",
    "",
    "## What we change",
    "",
  ].join("\n");
}

function postconditions(
  input: PublishInput,
  retro: { number: number; state: string } | null,
  done: { published?: boolean; announced?: boolean },
): ChecklistItem[] {
  const { plan, version, state } = input;
  const item = (id: string, title: string, ok: boolean, detail?: string): ChecklistItem => ({
    id,
    title,
    owner: "Release Agent 🤖",
    kind: "bot",
    status: ok ? "done" : "pending",
    ...(detail ? { detail } : {}),
  });
  const notApplicable = (id: string, title: string): ChecklistItem => ({
    id,
    title,
    owner: "Release Agent 🤖",
    kind: "bot",
    status: "skipped",
    detail: "pre-release: not deployed to production",
  });
  const deployed = plan.repos.filter((r) => r.deploy);
  return [
    item("Q1", `All repositories tagged ${version.tag}`, input.tagged),
    input.withoutProduction
      ? notApplicable("Q2", "Production runs the tagged release in every repository")
      : item(
          "Q2",
          "Production runs the tagged release in every repository",
          deployed.every((r) => input.productionVerified(r.fullName)),
          `${deployed.filter((r) => input.productionVerified(r.fullName)).length}/${deployed.length}`,
        ),
    input.withoutProduction
      ? notApplicable("Q3", "The bake window passed without alert escalations")
      : item(
          "Q3",
          "The bake window passed without alert escalations",
          Boolean(state.reached["6.2"] && state.ticks["6.4"]),
        ),
    item("Q4", "Release notes and the announcement are published", Boolean(done.published && done.announced)),
    item(
      "Q5",
      "The retrospective is open or done",
      retro !== null,
      retro ? `#${retro.number} ${retro.state === "CLOSED" ? "done" : "open"}` : undefined,
    ),
  ];
}
