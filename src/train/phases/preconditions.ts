// The preconditions release-train checks before Phase 1, from what GitHub shows: every
// repository found and its version newer than its last release (P1), tagged (P2), green
// (P3), secure (P4), its release notes drafted (P5, from Phase 1) and its branch rules
// satisfiable (P9). The manual ones (P6–P8) are people's ticks. Pure.
import semver from "semver";
import type { TrainConfig } from "../../config/schema.js";
import { describeRules, mergeRules, ruleProblems } from "../branch-rules.js";
import { summarizeChecks } from "../checks.js";
import { repoLine } from "../maintenance.js";
import type { Observation } from "../model/observation.js";
import type { RepoObservation } from "../model/repo-observation.js";
import type { TrainState } from "../model/train-state.js";
import type { TrainVersion } from "../model/train-version.js";
import type { ComputedSteps, ItemStatus, RepoRow } from "../model/train-view.js";
import type { ReleasePlan } from "../plan.js";
import { versionFor } from "../repo-versions.js";

export interface PreconditionInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  state: TrainState;
  computed: ComputedSteps;
}

/** A bot precondition's verdict: its status, how many repositories meet it, and why not. */
export interface PreconditionResult {
  status: ItemStatus;
  done?: number;
  detail?: string;
}

/** The planned repositories in plan order, with the problems each one's row shows. */
type Rows = Pick<RepoRow, "name" | "fullName" | "problems">[];

const progressStatus = (done: number, total: number, failed = 0): ItemStatus =>
  failed > 0 ? "failed" : total > 0 && done === total ? "done" : done > 0 ? "running" : "pending";

/** The newest release tag other than the train's own one at its merge commit (7.2 makes that one). */
function latestTag(repo: RepoObservation | undefined, tag?: string): string | null {
  const own = (t: { name: string; commitOid: string }) =>
    t.name === tag && t.commitOid === repo?.pullRequest?.mergeCommitOid;
  return repo?.tags.find((t) => !own(t))?.name ?? null;
}

/** What keeps a repository from P1 and P2: not found, no release tag, or a version not newer than its line's. */
export function repoVersionProblems(
  fullName: string,
  repo: RepoObservation | undefined,
  input: Pick<PreconditionInput, "config" | "version">,
): string[] {
  const version = versionFor(input.version, fullName);
  const problems: string[] = [];
  if (!repo?.found) problems.push(`repository ${fullName} not found or not accessible to the app`);
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
  return problems;
}

/** The verdicts of the bot preconditions by id (P1–P5, P9); `rows` are the planned repositories in plan order. */
export function evaluatePreconditions(input: PreconditionInput, rows: Rows): Record<string, PreconditionResult> {
  const repos = input.plan.repos.map((p) => input.observation.repos[p.fullName]);
  const p5 = input.computed.P5;
  return {
    P1: versionsNewer(input, rows),
    P2: tagged(input, rows, repos),
    P3: defaultBranchesGreen(rows, repos),
    P4: securityScans(input, rows, repos),
    P9: branchRulesAllow(input, rows.length),
    P5: p5 ? { status: p5.status, ...(p5.progress ? { done: p5.progress.done } : {}) } : { status: "pending" },
  };
}

/** P1: every repository found, and its version newer than its last release. */
function versionsNewer(input: PreconditionInput, rows: Rows): PreconditionResult {
  const { observation } = input;
  const tooOld = rows.filter((r) => r.problems.some((p) => p.startsWith("train version") || p.startsWith("version ")));
  // A patch version's line problem says more than the latest tag does.
  const versionProblem = (r: Rows[number]) =>
    r.problems.find((p) => p.includes("release line") || p.includes("line's latest"))?.replace(/^train version /, "");
  const missing = rows.filter((r) => !observation.repos[r.fullName]?.found);
  if (tooOld.length + missing.length === 0) {
    return {
      status: "done",
      detail: input.version.repos
        ? "every repository's version is newer than its last release"
        : `${input.version.tag} is newer than every repository's last release`,
    };
  }
  return {
    status: "failed",
    detail: [
      ...missing.map((r) => `${r.name}: not found`),
      ...tooOld.map(
        (r) =>
          `${r.name}: ${versionProblem(r) ?? `latest tag ${latestTag(observation.repos[r.fullName], versionFor(input.version, r.fullName).tag)}`}`,
      ),
    ].join("; "),
  };
}

/** P2: a previous release tag in every repository. */
function tagged(input: PreconditionInput, rows: Rows, repos: (RepoObservation | undefined)[]): PreconditionResult {
  const withTag = repos.filter((r) => r && r.tags.length > 0).length;
  const untagged = rows.filter((r) => (input.observation.repos[r.fullName]?.tags.length ?? 0) === 0).map((r) => r.name);
  return {
    status: untagged.length === 0 ? "done" : "failed",
    done: withTag,
    ...(untagged.length > 0 ? { detail: `no release tag in ${untagged.join(", ")}` } : {}),
  };
}

/** P3: every default branch's checks pass. */
function defaultBranchesGreen(rows: Rows, repos: (RepoObservation | undefined)[]): PreconditionResult {
  const greens = repos.map((r) => summarizeChecks(r?.defaultHead ?? null));
  const green = greens.filter((s) => s.status === "ok").length;
  const red = rows.filter((_, i) => greens[i]?.status === "failed");
  return {
    status: progressStatus(green, rows.length, red.length),
    done: green,
    ...(red.length > 0
      ? {
          detail: `failing on the default branch: ${red.map((r) => `${r.name} (${greens[rows.indexOf(r)]?.failing.join(", ")})`).join("; ")}`,
        }
      : {}),
  };
}

/** P4: the security checks pass and code scanning shows no critical alert at every default branch head. */
function securityScans(
  input: PreconditionInput,
  rows: Rows,
  repos: (RepoObservation | undefined)[],
): PreconditionResult {
  const { state } = input;
  const total = rows.length;
  const security = input.config.checks.security;
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
  return p4Kept
    ? {
        status: "done",
        detail: `met when Phase 1 started (${state.reached.preconditions!.slice(0, 16).replace("T", " ")} UTC); scans now follow the release branches (2.2)`,
      }
    : {
        status: progressStatus(secureCount, total, insecure.length + alerts.length),
        done: secureCount,
        ...(notes.length > 0 ? { detail: notes.join("; ") } : {}),
      };
}

/** P9: the rules GitHub enforces on the default and release branches, read before Phase 1; kept once it started. */
function branchRulesAllow(input: PreconditionInput, total: number): PreconditionResult {
  const { config, observation, state } = input;
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
  if (state.reached.preconditions) {
    return {
      status: "done",
      detail: `met when Phase 1 started (${state.reached.preconditions.slice(0, 16).replace("T", " ")} UTC); release PRs now follow what GitHub reports (2.5, 7.1)`,
    };
  }
  if (ruleIssues.length > 0) {
    return {
      status: "failed",
      done: ruled.length - new Set(ruleIssues.map((i) => i.split(":")[0])).size,
      detail: ruleIssues.join("; "),
    };
  }
  return {
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
}
