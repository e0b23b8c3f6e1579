/** Step 2.4, sign-offs: which teams must sign (with compliance), for which heads, and whether they still hold. */
import type { TrainConfig } from "../../config/schema.js";
import type { Observation } from "../model/observation.js";
import type { ComplianceItem, Signoff, TrainState } from "../model/train-state.js";
import type { ReleasePlan } from "../plan.js";
import type { GateInput, GateReport, GateStep, RequiredSignoff } from "./gate-report.js";

/** Human names for the compliance requirements the playbook lists. */
const REQUIREMENTS: Record<string, string> = {
  "audit-trail": "audit trail documentation",
  "security-certification": "security certification",
  "legal-signoff": "legal sign-off",
};
export const describeRequirement = (key: string): string => REQUIREMENTS[key] ?? key;

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

/** 2.4 sign-offs (with compliance sign-offs); a sign-off or approval whose repositories moved is stale. */
export function signoffGate(
  { config, plan, observation, state, prepared }: GateInput,
  missing: string[],
): { step: GateStep; required: RequiredSignoff[]; stale: GateReport["stale"] } {
  const required = requiredSignoffs(config, plan, state);
  const stale = {
    teams: Object.entries(state.signoffs)
      .filter(([, s]) => moved(s, observation).length > 0)
      .map(([team]) => team),
    approval: Boolean(state.approval && moved(state.approval, observation).length > 0),
  };
  const signed = required.filter((r) => state.signoffs[r.team] && !stale.teams.includes(r.team));
  const unsigned = required.filter((r) => !signed.includes(r));
  const step: GateStep = {
    status: !prepared ? "pending" : unsigned.length === 0 ? "done" : signed.length > 0 ? "running" : "pending",
    progress: { done: signed.length, total: required.length },
    ...(unsigned.length > 0 ? { detail: `waiting for ${unsigned.map((r) => r.team).join(", ")}` } : {}),
  };
  if (unsigned.length > 0) missing.push(`2.4 sign-offs missing: ${unsigned.map((r) => r.team).join(", ")}`);
  return { step, required, stale };
}
