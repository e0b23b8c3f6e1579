// Phase 2, Validation & Approval: integration checks and security scans on every
// release PR head, team-lead sign-offs (plus compliance sign-offs), and what stands
// between the train and final approval. Pure.
import type { TrainConfig } from "../config/schema.js";
import { summarizeChecks } from "./checks.js";
import { mergeRules, mergeReadiness, type Readiness } from "./branch-rules.js";
import type { Observation } from "./model/observation.js";
import type { RepoObservation } from "./model/repo-observation.js";
import type { ComplianceItem, Signoff, TrainState } from "./model/train-state.js";
import type { ChecklistItem } from "./model/train-view.js";
import type { ReleasePlan } from "./plan.js";
import type { ComputedSteps } from "./model/train-view.js";

/** Human names for the compliance requirements the playbook lists. */
const REQUIREMENTS: Record<string, string> = {
  "audit-trail": "audit trail documentation",
  "security-certification": "security certification",
  "legal-signoff": "legal sign-off",
};
export const describeRequirement = (key: string): string => REQUIREMENTS[key] ?? key;

export interface RequiredSignoff {
  team: string;
  /** Why the team must sign: the config's `signoff` list, or compliance entries. */
  reasons: string[];
  /** Repositories whose release heads the sign-off covers. */
  repos: string[];
}

export interface GateReport {
  steps: ComputedSteps;
  required: RequiredSignoff[];
  compliance: ComplianceItem[];
  /** What blocks `/approve`, one line each; empty when approval may be given. */
  missing: string[];
  /** Release PRs ("name#n") whose mergeability GitHub is still computing: `/approve` waits for its answer. */
  computing: string[];
  /** Sign-offs (team keys) and the approval whose repositories moved since they were given. */
  stale: { teams: string[]; approval: boolean };
  /** Repositories whose code scanning decide wants read at their current head. */
  needsCodeScanning: string[];
  /** Failing check suites per repository, for `/retest`. */
  failingSuites: Record<string, number[]>;
  /** What GitHub says about merging each open release PR (branch protection, rulesets). */
  readiness: Record<string, Readiness>;
}

interface GateInput {
  config: TrainConfig;
  plan: ReleasePlan;
  observation: Observation;
  state: TrainState;
  /** Phase 1 finished: every release PR is open. */
  prepared: boolean;
}

/** Release heads of the given repositories now. */
export function headsOf(observation: Observation, repos: string[]): Record<string, string> {
  const heads: Record<string, string> = {};
  for (const repo of repos) {
    const oid = observation.repos[repo]?.releaseBranch?.oid;
    if (oid) heads[repo] = oid;
  }
  return heads;
}

/** Did any covered repository move since the sign-off was given? */
export function moved(signoff: Signoff, observation: Observation): string[] {
  return Object.entries(signoff.heads)
    .filter(
      ([repo, oid]) => observation.repos[repo]?.releaseBranch && observation.repos[repo]!.releaseBranch!.oid !== oid,
    )
    .map(([repo]) => repo);
}

/** The compliance-labelled PRs recorded for the train. */
export function complianceItems(state: TrainState): ComplianceItem[] {
  return Object.values(state.compliance).flat();
}

/** Finds compliance-labelled PRs in a repository's details (called when its history is read). */
export function findCompliance(
  config: TrainConfig,
  repo: string,
  pullLabels: Record<number, string[]>,
): ComplianceItem[] {
  const items: ComplianceItem[] = [];
  for (const [number, labels] of Object.entries(pullLabels)) {
    for (const [key, rule] of Object.entries(config.compliance)) {
      if (labels.some((l) => l.toLowerCase() === rule.label.toLowerCase()))
        items.push({ repo, pr: Number(number), key, label: rule.label });
    }
  }
  return items.sort((a, b) => a.pr - b.pr || a.key.localeCompare(b.key));
}

export function requiredSignoffs(config: TrainConfig, plan: ReleasePlan, state: TrainState): RequiredSignoff[] {
  const byTeam = new Map<string, RequiredSignoff>();
  const add = (team: string, reason: string, repos: string[]) => {
    const entry = byTeam.get(team) ?? { team, reasons: [], repos: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    for (const repo of repos) if (!entry.repos.includes(repo)) entry.repos.push(repo);
    byTeam.set(team, entry);
  };
  for (const team of config.signoff) {
    const own = plan.repos.filter((r) => r.team === team).map((r) => r.fullName);
    // A train on a subset: a team whose repositories are all outside it has nothing to sign for.
    if (own.length === 0 && plan.notInTrain?.some((r) => r.team === team)) continue;
    // A sign-off team without repositories of its own (QA, docs…) signs for the whole train.
    add(team, "sign-off team", own.length > 0 ? own : plan.repos.map((r) => r.fullName));
  }
  for (const item of complianceItems(state)) {
    const rule = config.compliance[item.key];
    if (rule)
      add(rule.team, `${describeRequirement(rule.requires)} for ${item.repo.split("/")[1]}#${item.pr}`, [item.repo]);
  }
  return [...byTeam.values()];
}

/** The checks a release PR's head must pass (2.1 and 2.2): the configured ones and those GitHub requires to merge it. */
export function releaseCheckNames(config: TrainConfig, observed: RepoObservation | undefined): string[] {
  return [
    ...new Set([
      ...config.checks.integration,
      ...(observed ? mergeRules(observed).checks : []),
      ...config.checks.security,
    ]),
  ];
}

function checkGate(
  input: GateInput,
  names: readonly string[],
  label: string,
  failingSuites: Record<string, number[]>,
  extra: (repo: string) => string[] = () => [],
) {
  const total = input.plan.repos.length;
  const failing: string[] = [];
  const waiting: string[] = [];
  let passed = 0;
  for (const repo of input.plan.repos) {
    const head = input.observation.repos[repo.fullName]?.releaseBranch ?? null;
    const wanted = [...new Set([...names, ...extra(repo.fullName)])];
    const summary = summarizeChecks(head, wanted);
    if (summary.status === "ok" && head) passed += 1;
    else if (summary.status === "failed") {
      failing.push(`${repo.name} (${summary.failing.join(", ")})`);
      const suites = head!.checks
        .filter((c) => c.state === "failure" && c.suiteId !== undefined)
        .map((c) => c.suiteId!);
      if (suites.length > 0)
        failingSuites[repo.fullName] = [...new Set([...(failingSuites[repo.fullName] ?? []), ...suites])];
    } else waiting.push(repo.name);
  }
  return { total, passed, failing, waiting, label };
}

export function evaluateGates(input: GateInput): GateReport {
  const { config, plan, observation, state, prepared } = input;
  const failingSuites: Record<string, number[]> = {};
  const missing: string[] = [];
  const steps: ComputedSteps = {};
  const total = plan.repos.length;

  // 2.1 integration tests on every release PR head, with the checks GitHub requires to merge it.
  const required = (repo: string) => (observation.repos[repo] ? mergeRules(observation.repos[repo]!).checks : []);
  const integration = checkGate(input, config.checks.integration, "integration", failingSuites, required);
  steps["2.1"] = gateStep(
    integration,
    prepared,
    config.checks.integration.length === 0 ? "no `checks.integration` configured" : undefined,
  );
  if (steps["2.1"].status !== "done") missing.push(`2.1 integration tests: ${gateSummary(integration)}`);

  // 2.2 security: configured scans succeed, and no open critical code-scanning alerts.
  const security = checkGate(input, config.checks.security, "security", failingSuites);
  const needsCodeScanning: string[] = [];
  const alerts: string[] = [];
  const unavailable: string[] = [];
  for (const repo of plan.repos) {
    const observed = observation.repos[repo.fullName];
    const head = observed?.releaseBranch?.oid;
    if (!head || !prepared || state.approval) continue;
    const scan = observed?.codeScanning;
    if (!scan || scan.oid !== head) needsCodeScanning.push(repo.fullName);
    else if (!scan.available) unavailable.push(repo.name);
    else if (scan.critical > 0) alerts.push(`${repo.name} (${scan.critical} critical)`);
  }
  const notes = [
    ...(alerts.length > 0 ? [`open critical code-scanning alerts: ${alerts.join(", ")}`] : []),
    ...(unavailable.length > 0
      ? [`code scanning not available in ${unavailable.length === total ? "any repository" : unavailable.join(", ")}`]
      : []),
    ...(config.checks.security.length === 0 ? ["no `checks.security` configured"] : []),
  ];
  const securityStep = gateStep(security, prepared, notes.join("; ") || undefined);
  if (alerts.length > 0) securityStep.status = "failed";
  steps["2.2"] = securityStep;
  if (securityStep.status !== "done")
    missing.push(
      `2.2 security scan: ${[gateSummary(security), ...alerts.map((a) => `critical alerts in ${a}`)].filter(Boolean).join("; ")}`,
    );

  // 2.3 is a manual step (ticked or /check 2.3).
  if (!state.ticks["2.3"]) missing.push("2.3 release review meeting: not checked yet (`/check 2.3`)");

  // 2.4 sign-offs (with compliance sign-offs).
  const requiredTeams = requiredSignoffs(config, plan, state);
  const stale = {
    teams: Object.entries(state.signoffs)
      .filter(([, s]) => moved(s, observation).length > 0)
      .map(([team]) => team),
    approval: Boolean(state.approval && moved(state.approval, observation).length > 0),
  };
  const signed = requiredTeams.filter((r) => state.signoffs[r.team] && !stale.teams.includes(r.team));
  const unsigned = requiredTeams.filter((r) => !signed.includes(r));
  steps["2.4"] = {
    status: !prepared ? "pending" : unsigned.length === 0 ? "done" : signed.length > 0 ? "running" : "pending",
    progress: { done: signed.length, total: requiredTeams.length },
    ...(unsigned.length > 0 ? { detail: `waiting for ${unsigned.map((r) => r.team).join(", ")}` } : {}),
  };
  if (unsigned.length > 0) missing.push(`2.4 sign-offs missing: ${unsigned.map((r) => r.team).join(", ")}`);
  if (!prepared) missing.unshift("Phase 1 is not finished: every release PR must be open");

  // What GitHub's branch rules still want before each release PR could merge (reviews, required checks).
  const readiness: Record<string, Readiness> = {};
  for (const repo of plan.repos) {
    const observed = observation.repos[repo.fullName];
    const pr = observed?.pullRequest;
    if (!observed || !pr || pr.state !== "OPEN") continue;
    const head = observed.releaseBranch;
    readiness[repo.fullName] = mergeReadiness(observed, pr, (name) => {
      const summary = summarizeChecks(head, [name]);
      return summary.status === "ok" ? "ok" : summary.status === "failed" ? "failed" : "waiting";
    });
  }
  const pullOf = (r: { name: string; fullName: string }) =>
    `${r.name}#${observation.repos[r.fullName]!.pullRequest!.number}`;
  const blocked = plan.repos.filter(
    (r) => readiness[r.fullName] && !readiness[r.fullName]!.ready && !readiness[r.fullName]!.unknown,
  );
  if (prepared && blocked.length > 0) {
    missing.push(
      `GitHub's branch rules: ${blocked.map((r) => `${pullOf(r)} ${readiness[r.fullName]!.missing}`).join("; ")}`,
    );
  }
  // GitHub answers mergeability in the background: no failure, an answer to wait for.
  const computing = prepared ? plan.repos.filter((r) => readiness[r.fullName]?.unknown).map(pullOf) : [];

  // 2.5 final approval.
  const approval = state.approval && !stale.approval ? state.approval : null;
  const ready = missing.length === 0 && computing.length === 0;
  steps["2.5"] = approval
    ? { status: "done", detail: `approved by @${approval.by}` }
    : {
        status: ready ? "running" : "pending",
        ...(ready
          ? { detail: "ready: the orchestration team may `/approve`" }
          : missing.length === 0
            ? { detail: `waiting for GitHub to compute whether ${computing.join(", ")} can merge` }
            : {}),
      };

  return {
    steps,
    required: requiredTeams,
    compliance: complianceItems(state),
    missing,
    computing,
    stale,
    needsCodeScanning,
    failingSuites,
    readiness,
  };
}

function gateSummary(gate: ReturnType<typeof checkGate>): string {
  const parts: string[] = [];
  if (gate.failing.length > 0) parts.push(`failing in ${gate.failing.join(", ")}`);
  if (gate.waiting.length > 0) parts.push(`waiting for ${gate.waiting.join(", ")}`);
  return parts.join("; ");
}

function gateStep(
  gate: ReturnType<typeof checkGate>,
  prepared: boolean,
  note?: string,
): Pick<ChecklistItem, "status" | "progress" | "detail"> {
  const status =
    gate.failing.length > 0
      ? "failed"
      : gate.passed === gate.total && prepared
        ? "done"
        : gate.passed > 0
          ? "running"
          : "pending";
  const detail = [gate.failing.length > 0 ? `failing: ${gate.failing.join(", ")}` : "", note ?? ""]
    .filter(Boolean)
    .join(" — ");
  return { status, progress: { done: gate.passed, total: gate.total }, ...(detail ? { detail } : {}) };
}
