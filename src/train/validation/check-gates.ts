/** Steps 2.1 and 2.2: the checks on every release PR head, and the security scans with code scanning. */
import type { TrainConfig } from "../../config/schema.js";
import { mergeRules } from "../branch-rules.js";
import { summarizeChecks } from "../checks.js";
import type { RepoObservation } from "../model/repo-observation.js";
import type { GateInput, GateStep } from "./gate-report.js";

interface CheckGate {
  total: number;
  passed: number;
  failing: string[];
  waiting: string[];
  label: string;
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

/** 2.1 integration tests on every release PR head, with the checks GitHub requires to merge it. */
export function integrationGate(
  input: GateInput,
  failingSuites: Record<string, number[]>,
  missing: string[],
): GateStep {
  const { config, observation, prepared } = input;
  const required = (repo: string) => (observation.repos[repo] ? mergeRules(observation.repos[repo]!).checks : []);
  const integration = checkGate(input, config.checks.integration, "integration", failingSuites, required);
  const step = gateStep(
    integration,
    prepared,
    config.checks.integration.length === 0 ? "no `checks.integration` configured" : undefined,
  );
  if (step.status !== "done") missing.push(`2.1 integration tests: ${gateSummary(integration)}`);
  return step;
}

/** 2.2 security: configured scans succeed, and no open critical code-scanning alerts. */
export function securityGate(
  input: GateInput,
  failingSuites: Record<string, number[]>,
  missing: string[],
): { step: GateStep; needsCodeScanning: string[] } {
  const { config, plan, observation, state, prepared } = input;
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
  const total = plan.repos.length;
  const notes = [
    ...(alerts.length > 0 ? [`open critical code-scanning alerts: ${alerts.join(", ")}`] : []),
    ...(unavailable.length > 0
      ? [`code scanning not available in ${unavailable.length === total ? "any repository" : unavailable.join(", ")}`]
      : []),
    ...(config.checks.security.length === 0 ? ["no `checks.security` configured"] : []),
  ];
  const step = gateStep(security, prepared, notes.join("; ") || undefined);
  if (alerts.length > 0) step.status = "failed";
  if (step.status !== "done")
    missing.push(
      `2.2 security scan: ${[gateSummary(security), ...alerts.map((a) => `critical alerts in ${a}`)].filter(Boolean).join("; ")}`,
    );
  return { step, needsCodeScanning };
}

function checkGate(
  input: GateInput,
  names: readonly string[],
  label: string,
  failingSuites: Record<string, number[]>,
  extra: (repo: string) => string[] = () => [],
): CheckGate {
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

function gateSummary(gate: CheckGate): string {
  const parts: string[] = [];
  if (gate.failing.length > 0) parts.push(`failing in ${gate.failing.join(", ")}`);
  if (gate.waiting.length > 0) parts.push(`waiting for ${gate.waiting.join(", ")}`);
  return parts.join("; ");
}

function gateStep(gate: CheckGate, prepared: boolean, note?: string): GateStep {
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
