// The desired checklist, computed from what GitHub shows and what the phases decided;
// render.ts turns it into the tracking issue. Pure.
import { branchRuleRows } from "../branch-rules.js";
import type { ChecklistItem, RepoRow, SignoffRow, TrainView } from "../model/train-view.js";
import { evaluatePreconditions } from "../phases/preconditions.js";
import { PHASES } from "../playbook.js";
import { outsideRows } from "../render-subset.js";
import { publishersOf } from "../repo-versions.js";
import { versionRows } from "../version-rows.js";
import { phaseViews, preconditionItems } from "./checklist.js";
import { mentionTeam } from "./mentions.js";
import { repoRow } from "./repo-rows.js";
import type { ViewInput } from "./view-input.js";

export function buildView(input: ViewInput): TrainView {
  const rows = input.plan.repos.map((planned) => repoRow(planned, input.observation.repos[planned.fullName], input));
  const pre = preconditionItems(input, evaluatePreconditions(input, rows), rows.length);
  const phases = phaseViews(input);
  const currentPhase = phases.find((p) => p.steps.some((s) => s.status !== "done" && s.status !== "skipped"))?.id ?? 7;
  const { state } = input;
  return {
    version: input.version.version,
    tag: input.version.tag,
    branch: input.version.branch,
    status: trainStatus(input, pre),
    finished: Boolean(state.finishedAt),
    hold: state.hold ? { reason: state.hold.reason, auto: state.hold.auto } : null,
    aborted: Boolean(state.aborted),
    orchestrators: mentionTeam(input, input.config.orchestration).join(" "),
    currentPhase,
    headline: headline(input, pre, rows, currentPhase),
    preconditions: pre,
    phases: phases,
    repos: rows,
    problems: problems(input, pre, rows),
    signoffs: signoffRows(input),
    compliance: input.gates.compliance,
    postconditions: input.postconditions,
    rollback: rollbackView(input),
    ...independentVersions(input),
    ...(input.plan.notInTrain?.length
      ? { notInTrain: outsideRows(input.plan, input.configuredPlan ?? input.plan, input.observation)! }
      : {}),
    branchRules: branchRuleRows(
      input.config,
      input.plan.repos,
      input.observation.repos,
      input.gates.readiness,
      input.version.branch,
      state.reviewsRequested ?? {},
    ),
  };
}

/** What the issue lists under problems: GitHub's rate limit, failed preconditions, warnings and failed writes. */
function problems(input: ViewInput, pre: ChecklistItem[], rows: RepoRow[]): string[] {
  const wait = input.observation.githubWait;
  return [
    ...(wait
      ? [
          `GitHub's rate limit: ${wait.queued} write${wait.queued === 1 ? "" : "s"} queued, resuming ${wait.resumesAt.slice(11, 16)} UTC (${wait.reason})`,
        ]
      : []),
    ...pre.filter((p) => p.status === "failed").map((p) => `${p.id}: ${p.detail ?? p.title}`),
    ...rows.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`)),
    ...input.observation.failures.map((f) => `A write failed and will be retried: ${f}`),
  ];
}

function trainStatus(input: ViewInput, pre: ChecklistItem[]): TrainView["status"] {
  const { state } = input;
  return state.finishedAt || state.aborted || state.rollback?.verifiedAt
    ? "done"
    : pre.some((p) => p.status === "failed") || state.hold
      ? "blocked"
      : "active";
}

/** One line on where the train stands, the first thing the issue says. */
function headline(input: ViewInput, pre: ChecklistItem[], rows: RepoRow[], currentPhase: number): string {
  const { state } = input;
  // Mid-train, a repository GitHub no longer shows the app holds the train, not a precondition.
  const unseen = rows.filter((r) => !input.observation.repos[r.fullName]?.found);
  return state.finishedAt
    ? `🎉 Released ${input.version.tag}${input.observation.issue.state === "CLOSED" || state.ticks["7.7"] ? " — train complete" : " — retrospective pending (7.7)"}`
    : state.aborted
      ? `🛑 Aborted by @${state.aborted.by}: ${state.aborted.reason}`
      : state.rollback
        ? `↩️ ${state.rollback.verifiedAt ? "Rolled back" : "Rolling back"} (${state.rollback.mode}): ${state.rollback.reason}`
        : state.hold
          ? `⏸️ On hold: ${state.hold.reason}`
          : state.reached.preconditions && unseen.length > 0
            ? `⛔ Held: ${unseen.length === 1 ? unseen[0]!.name : `${unseen.length} repositories`} not found or not accessible to the app — see below`
            : pre.some((p) => p.status === "failed")
              ? "⛔ Blocked: a precondition failed — see below"
              : pre.every((p) => p.status === "done")
                ? `🚂 Phase ${currentPhase}: ${PHASES[currentPhase - 1]!.title}`
                : "⏳ Checking preconditions";
}

/** The sign-offs gate 2.4 requires, with who may sign and who did. */
function signoffRows(input: ViewInput): SignoffRow[] {
  return input.gates.required.map((r) => {
    const given = input.state.signoffs[r.team];
    const leads = input.observation.teamLeads[r.team];
    return {
      team: r.team,
      leads: leads?.length ? leads.map((l) => `@${l}`) : mentionTeam(input, r.team),
      reasons: r.reasons,
      signedBy: given?.by ?? null,
      at: given?.at ?? null,
    };
  });
}

function rollbackView(input: ViewInput): TrainView["rollback"] {
  const { state } = input;
  return state.rollback && input.rollback
    ? {
        mode: state.rollback.mode,
        reason: state.rollback.reason,
        steps: input.rollback.steps,
        summary: input.rollback.summary,
      }
    : null;
}

/** Independent versioning: every repository's previous → next version (absent for a fixed train). */
function independentVersions(input: ViewInput): Pick<TrainView, "versions"> {
  if (!input.version.repos) return {};
  const plan = input.fullPlan ?? input.plan;
  return {
    versions: versionRows(
      plan,
      input.version,
      input.observation,
      input.preparations ?? {},
      publishersOf(input.config, plan),
    )!,
  };
}
