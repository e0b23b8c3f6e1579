// The desired checklist, computed from what GitHub shows. Pure.
import semver from "semver";
import type { TrainConfig } from "../config/schema.js";
import type { PlannedRepo, ReleasePlan } from "./plan.js";
import { summarizeChecks } from "./checks.js";
import { PHASES, PRECONDITIONS } from "./playbook.js";
import { previousTag } from "./tags.js";
import { repoLine } from "./maintenance.js";
import { branchRuleRows, describeRules, mergeRules, ruleProblems } from "./branch-rules.js";
import { releaseCheckNames, type GateReport } from "./phase2.js";
import { trainId } from "./model/observation.js";
import type { Observation } from "./model/observation.js";
import type { RepoObservation } from "./model/repo-observation.js";
import type { TrainState } from "./model/train-state.js";
import type { TrainVersion } from "./model/train-version.js";
import type {
  CellStatus,
  ChecklistItem,
  ComputedSteps,
  ItemStatus,
  PhaseView,
  RepoRow,
  TrainView,
} from "./model/train-view.js";
import type { RollbackResult } from "./deploy/rollback.js";
import type { RepoPreparation } from "./phase1.js";
import { publishersOf, versionFor } from "./repo-versions.js";
import { versionRows } from "./version-rows.js";
import { outsideRows } from "./render-subset.js";

export interface ViewInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  computed: ComputedSteps;
  /** Per repository (full name): blocking problems and non-blocking warnings from the phases. */
  repoProblems: Record<string, string[]>;
  repoWarnings: Record<string, string[]>;
  gates: GateReport;
  /** Per repository: what runs in staging, canary and production (from the rollout). */
  cells: Record<string, RepoRow["environments"]>;
  rollback: RollbackResult | null;
  postconditions: ChecklistItem[];
  /** Phase 1's preparations (for an independent train's dependency updates). */
  preparations?: Record<string, RepoPreparation>;
  /** Every repository of the train (an independent train's `plan` leaves out those without changes). */
  fullPlan?: ReleasePlan;
  /** Every configured repository (a train on a subset has the others as `notInTrain`). */
  configuredPlan?: ReleasePlan;
}

const NO_DEPLOYMENT: RepoRow["environments"] = {
  staging: { status: "none", text: "" },
  canary: { status: "none", text: "" },
  production: { status: "none", text: "" },
};

const progressStatus = (done: number, total: number, failed = 0): ItemStatus =>
  failed > 0 ? "failed" : total > 0 && done === total ? "done" : done > 0 ? "running" : "pending";

/** The newest release tag other than the train's own one at its merge commit (7.2 makes that one). */
function latestTag(repo: RepoObservation | undefined, tag?: string): string | null {
  const own = (t: { name: string; commitOid: string }) =>
    t.name === tag && t.commitOid === repo?.pullRequest?.mergeCommitOid;
  return repo?.tags.find((t) => !own(t))?.name ?? null;
}

function repoRow(planned: PlannedRepo, repo: RepoObservation | undefined, input: ViewInput): RepoRow {
  const version = versionFor(input.version, planned.fullName);
  const problems: string[] = [...(input.repoProblems[planned.fullName] ?? [])];
  const warnings = input.repoWarnings[planned.fullName] ?? [];
  if (!repo?.found) problems.push(`repository ${planned.fullName} not found or not accessible to the app`);
  const latest = latestTag(repo, version.tag);
  if (repo?.found && latest === null) problems.push("no release tag (`vX.Y.Z`) found");
  if (repo?.found && input.config.versioning === "fixed") {
    // A fixed train's version may patch an older line (v2.0.1 after v2.1.0): checked against that line.
    const line = repoLine(repo, version.version);
    if (line.kind === "stale" || line.kind === "none") problems.push(`train ${line.problem}`);
  } else if (latest && semver.valid(semver.clean(latest)) && !semver.gt(version.version, semver.clean(latest)!)) {
    problems.push(
      `${version.tag === input.version.tag ? "train version" : "version"} ${version.tag} is not newer than its latest tag ${latest}`,
    );
  }
  // Before the release branch, the default branch's checks (P3); on it, the release checks (2.1, 2.2).
  const commit = repo?.releaseBranch ?? repo?.defaultHead ?? null;
  const checks = summarizeChecks(commit, repo?.releaseBranch ? releaseCheckNames(input.config, repo) : undefined);
  const started = checks.passed + checks.failing.length + checks.pending.length > 0;
  const pr = repo?.pullRequest ?? null;
  return {
    fullName: planned.fullName,
    name: planned.name,
    url: repo?.url ?? `https://github.com/${planned.fullName}`,
    level: planned.level,
    team: planned.team,
    dependsOn: planned.dependsOn,
    previousTag: previousTag(repo, version.version)?.name ?? null,
    branch: { status: repo?.releaseBranch ? "ok" : "none", oid: repo?.releaseBranch?.oid ?? null },
    pr: {
      status: pr ? (pr.state === "CLOSED" ? "failed" : "ok") : "none",
      number: pr?.number ?? null,
      url: pr?.url ?? null,
    },
    checks: {
      status: checks.status === "running" && !started ? "pending" : checks.status,
      passed: checks.passed,
      total: checks.total,
    },
    signoff: input.state.signoffs[planned.team]
      ? "ok"
      : input.gates.required.some((r) => r.team === planned.team)
        ? "pending"
        : "none",
    environments: rolledBack(input, planned.fullName, input.cells[planned.fullName] ?? NO_DEPLOYMENT),
    rolledBack: input.state.rollback?.repos.includes(planned.fullName)
      ? rollbackStatus(input, planned.fullName)
      : "none",
    final: finalCells(input, planned.fullName, repo),
    problems,
    warnings,
  };
}

/** The state of the train's rollback deployment of a repository to production. */
function rollbackStatus(input: ViewInput, repo: string): CellStatus {
  const id = trainId(input.observation.train);
  const ours = input.observation.repos[repo]?.deployments.find(
    (d) => d.train === id && d.purpose === "rollback" && d.environment === input.config.environments.production,
  );
  return !ours
    ? "pending"
    : ours.state === "success"
      ? "ok"
      : ours.state === "failure" || ours.state === "error"
        ? "failed"
        : "running";
}

/** After a verified rollback step, production shows the previous release. */
function rolledBack(input: ViewInput, repo: string, cells: RepoRow["environments"]): RepoRow["environments"] {
  if (!input.state.rollback?.repos.includes(repo)) return cells;
  const tag = previousTag(input.observation.repos[repo], input.version.version)?.name ?? "previous release";
  const status = rollbackStatus(input, repo);
  return {
    ...cells,
    production: { status, text: status === "ok" ? `↩ ${tag}` : `↩ ${tag} ${status === "failed" ? "failed" : "…"}` },
  };
}

/** Phase 7 per repository, from GitHub: the merged release PR, the train's tag at its merge commit, the published release. */
function finalCells(input: ViewInput, repo: string, observed: RepoObservation | undefined): RepoRow["final"] {
  const pr = observed?.pullRequest;
  const merged = pr?.state === "MERGED";
  const tag = versionFor(input.version, repo).tag;
  const tagged = merged && observed!.tags.some((t) => t.name === tag && t.commitOid === pr.mergeCommitOid);
  const release = input.observation.final?.repos[repo]?.release;
  // Once 7.3 is done the final observation is no longer read: every release was published.
  const released: CellStatus =
    input.state.reached["7.3"] || (release && !release.isDraft) ? "ok" : release ? "running" : "none";
  return { merged: merged ? "ok" : "none", tagged: tagged ? "ok" : "none", released };
}

/** Whom to ask for a manual item: the team's listed leads, else the GitHub team. */
function askWho(input: ViewInput, ownerTeam: string | null): string | undefined {
  if (ownerTeam === null) return undefined;
  if (ownerTeam === "all") return "any team lead";
  return mentionTeam(input, ownerTeam === "orchestration" ? input.config.orchestration : ownerTeam).join(" ");
}

function mentionTeam(input: ViewInput, team: string): string[] {
  const listed = input.config.teams[team]?.leads;
  if (listed?.length) return listed.map((l) => `@${l}`);
  const slug = input.config.teams[team]?.slug;
  return [slug ? `@${input.observation.train.owner}/${slug}` : team];
}

function preconditions(input: ViewInput, rows: RepoRow[]): ChecklistItem[] {
  const { config, observation, state } = input;
  const repos = input.plan.repos.map((p) => observation.repos[p.fullName]);
  const total = rows.length;
  const results: Record<string, { status: ItemStatus; done?: number; detail?: string }> = {};

  const tooOld = rows.filter((r) => r.problems.some((p) => p.startsWith("train version") || p.startsWith("version ")));
  // A patch version's line problem says more than the latest tag does.
  const versionProblem = (r: RepoRow) =>
    r.problems.find((p) => p.includes("release line") || p.includes("line's latest"))?.replace(/^train version /, "");
  const missing = rows.filter((r) => !observation.repos[r.fullName]?.found);
  results.P1 =
    tooOld.length + missing.length === 0
      ? {
          status: "done",
          detail: input.version.repos
            ? "every repository's version is newer than its last release"
            : `${input.version.tag} is newer than every repository's last release`,
        }
      : {
          status: "failed",
          detail: [
            ...missing.map((r) => `${r.name}: not found`),
            ...tooOld.map(
              (r) =>
                `${r.name}: ${versionProblem(r) ?? `latest tag ${latestTag(observation.repos[r.fullName], versionFor(input.version, r.fullName).tag)}`}`,
            ),
          ].join("; "),
        };

  const withTag = repos.filter((r) => r && r.tags.length > 0).length;
  const untagged = rows.filter((r) => (observation.repos[r.fullName]?.tags.length ?? 0) === 0).map((r) => r.name);
  results.P2 = {
    status: untagged.length === 0 ? "done" : "failed",
    done: withTag,
    ...(untagged.length > 0 ? { detail: `no release tag in ${untagged.join(", ")}` } : {}),
  };

  const greens = repos.map((r) => summarizeChecks(r?.defaultHead ?? null));
  const green = greens.filter((s) => s.status === "ok").length;
  const red = rows.filter((_, i) => greens[i]?.status === "failed");
  results.P3 = {
    status: progressStatus(green, total, red.length),
    done: green,
    ...(red.length > 0
      ? {
          detail: `failing on the default branch: ${red.map((r) => `${r.name} (${greens[rows.indexOf(r)]?.failing.join(", ")})`).join("; ")}`,
        }
      : {}),
  };

  const security = config.checks.security;
  const secure = repos.map((r) => summarizeChecks(r?.defaultHead ?? null, security));
  const scans = repos.map((r) =>
    r?.defaultCodeScanning && r.defaultCodeScanning.oid === r.defaultHead?.oid ? r.defaultCodeScanning : null,
  );
  const secureCount = secure.filter((s, i) => s.status === "ok" && scans[i] && !(scans[i]!.critical > 0)).length;
  const insecure = rows.filter((_, i) => secure[i]?.status === "failed").map((r) => r.name);
  const alerts = rows.flatMap((r, i) => (scans[i]?.critical ? [`${r.name} (${scans[i]!.critical} critical)`] : []));
  const unavailable = rows.filter((_, i) => scans[i] && !scans[i]!.available).map((r) => r.name);
  const notes = [
    ...(insecure.length > 0 ? [`security scan failing in ${insecure.join(", ")}`] : []),
    ...(alerts.length > 0 ? [`open critical code-scanning alerts: ${alerts.join(", ")}`] : []),
    ...(unavailable.length > 0
      ? [`code scanning not available in ${unavailable.length === total ? "any repository" : unavailable.join(", ")}`]
      : []),
    ...(security.length === 0 ? ["no `checks.security` configured"] : []),
  ];
  // Once Phase 1 has started, scans are read at the release heads (gate 2.2); P4 keeps its verdict.
  const p4Kept = state.reached.preconditions && scans.every((s) => s === null) && insecure.length === 0;
  results.P4 = p4Kept
    ? {
        status: "done",
        detail: `met when Phase 1 started (${state.reached.preconditions!.slice(0, 16).replace("T", " ")} UTC); scans now follow the release branches (2.2)`,
      }
    : {
        status: progressStatus(secureCount, total, insecure.length + alerts.length),
        done: secureCount,
        ...(notes.length > 0 ? { detail: notes.join("; ") } : {}),
      };

  // P9: the rules GitHub enforces on the default and release branches, read before Phase 1; kept once it started.
  const ruled = input.plan.repos.filter((p) => observation.repos[p.fullName]?.rules);
  const ruleIssues = input.plan.repos.flatMap((p) => {
    const observed = observation.repos[p.fullName];
    return observed?.rules
      ? ruleProblems(config, observed, input.version.branch).map((problem) => `${p.name}: ${problem}`)
      : [];
  });
  const protectedCount = input.plan.repos.filter((p) => {
    const observed = observation.repos[p.fullName];
    return observed && describeRules(mergeRules(observed)) !== "no branch rules";
  }).length;
  results.P9 = state.reached.preconditions
    ? {
        status: "done",
        detail: `met when Phase 1 started (${state.reached.preconditions.slice(0, 16).replace("T", " ")} UTC); release PRs now follow what GitHub reports (2.5, 7.1)`,
      }
    : ruleIssues.length > 0
      ? {
          status: "failed",
          done: ruled.length - new Set(ruleIssues.map((i) => i.split(":")[0])).size,
          detail: ruleIssues.join("; "),
        }
      : {
          status: progressStatus(ruled.length, total),
          done: ruled.length,
          ...(ruled.length === total
            ? {
                detail:
                  protectedCount === 0
                    ? "no default branch is protected"
                    : `${protectedCount} of ${total} default branches protected; release-train can satisfy every rule (see Branch rules)`,
              }
            : {}),
        };

  const p5 = input.computed.P5;
  results.P5 = p5 ? { status: p5.status, ...(p5.progress ? { done: p5.progress.done } : {}) } : { status: "pending" };

  return PRECONDITIONS.map((def) => {
    const tick = state.ticks[def.id];
    const result =
      def.kind === "manual" ? { status: tick ? ("done" as const) : ("pending" as const) } : results[def.id]!;
    return {
      id: def.id,
      title: def.title,
      owner: def.kind === "bot" ? "Release Agent 🤖" : "Orchestration Team",
      kind: def.kind,
      status: result.status,
      ...("done" in result && result.done !== undefined && def.kind === "bot"
        ? { progress: { done: result.done, total } }
        : {}),
      ...("detail" in result && result.detail ? { detail: result.detail } : {}),
      ...(tick ? { tick } : {}),
      ...(def.kind === "manual" ? { askWho: askWho(input, def.ownerTeam)! } : {}),
    };
  });
}

function phases(input: ViewInput): PhaseView[] {
  const { state, computed } = input;
  return PHASES.map((phase) => ({
    id: phase.id,
    title: phase.title,
    emoji: phase.emoji,
    steps: phase.steps.map((step) => {
      const tick = state.ticks[step.id];
      // A manual step the train skips (production checks of a pre-release that stays out of production) shows as skipped.
      const skipped =
        step.kind === "manual" && !tick && computed[step.id]?.status === "skipped" ? computed[step.id] : undefined;
      const base =
        step.kind === "manual"
          ? (skipped ?? { status: tick ? ("done" as const) : ("pending" as const) })
          : (computed[step.id] ?? { status: "pending" as const });
      return {
        id: step.id,
        title: step.title,
        owner: step.owner,
        kind: step.kind,
        ...base,
        ...(tick ? { tick } : {}),
        ...(step.kind === "manual" ? { askWho: askWho(input, step.ownerTeam)! } : {}),
      };
    }),
  }));
}

export function buildView(input: ViewInput): TrainView {
  const rows = input.plan.repos.map((planned) => repoRow(planned, input.observation.repos[planned.fullName], input));
  const pre = preconditions(input, rows);
  const phaseViews = phases(input);
  const wait = input.observation.githubWait;
  const problems = [
    ...(wait
      ? [
          `GitHub's rate limit: ${wait.queued} write${wait.queued === 1 ? "" : "s"} queued, resuming ${wait.resumesAt.slice(11, 16)} UTC (${wait.reason})`,
        ]
      : []),
    ...pre.filter((p) => p.status === "failed").map((p) => `${p.id}: ${p.detail ?? p.title}`),
    ...rows.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`)),
    ...input.observation.failures.map((f) => `A write failed and will be retried: ${f}`),
  ];
  const currentPhase =
    phaseViews.find((p) => p.steps.some((s) => s.status !== "done" && s.status !== "skipped"))?.id ?? 7;
  const preDone = pre.every((p) => p.status === "done");
  const { state } = input;
  // Mid-train, a repository GitHub no longer shows the app holds the train, not a precondition.
  const unseen = rows.filter((r) => !input.observation.repos[r.fullName]?.found);
  const status =
    state.finishedAt || state.aborted || state.rollback?.verifiedAt
      ? "done"
      : pre.some((p) => p.status === "failed") || state.hold
        ? "blocked"
        : "active";
  const headline = state.finishedAt
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
              : preDone
                ? `🚂 Phase ${currentPhase}: ${PHASES[currentPhase - 1]!.title}`
                : "⏳ Checking preconditions";
  return {
    version: input.version.version,
    tag: input.version.tag,
    branch: input.version.branch,
    status,
    finished: Boolean(state.finishedAt),
    hold: state.hold ? { reason: state.hold.reason, auto: state.hold.auto } : null,
    aborted: Boolean(state.aborted),
    orchestrators: mentionTeam(input, input.config.orchestration).join(" "),
    currentPhase,
    headline,
    preconditions: pre,
    phases: phaseViews,
    repos: rows,
    problems,
    signoffs: input.gates.required.map((r) => {
      const given = input.state.signoffs[r.team];
      const leads = input.observation.teamLeads[r.team];
      return {
        team: r.team,
        leads: leads?.length ? leads.map((l) => `@${l}`) : mentionTeam(input, r.team),
        reasons: r.reasons,
        signedBy: given?.by ?? null,
        at: given?.at ?? null,
      };
    }),
    compliance: input.gates.compliance,
    postconditions: input.postconditions,
    rollback:
      state.rollback && input.rollback
        ? {
            mode: state.rollback.mode,
            reason: state.rollback.reason,
            steps: input.rollback.steps,
            summary: input.rollback.summary,
          }
        : null,
    ...(input.version.repos
      ? {
          versions: versionRows(
            input.fullPlan ?? input.plan,
            input.version,
            input.observation,
            input.preparations ?? {},
            publishersOf(input.config, input.fullPlan ?? input.plan),
          )!,
        }
      : {}),
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
