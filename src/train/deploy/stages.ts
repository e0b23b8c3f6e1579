// Which playbook steps deploy which repositories. Ordering always follows the plan's
// levels; stages only say which repositories go canary first and which step shows them.
import type { Stage, TrainConfig } from "../../config/schema.js";
import type { PlannedRepo, ReleasePlan } from "../plan.js";

export type DeployStage = "infrastructure" | Stage;

/**
 * A repository's stage: the stage listing its team, else "infrastructure" when it is
 * released before every staged repository, else the last stage that has begun by its
 * level (documentation deployed after the packs shows with the packs).
 */
export function stageOf(config: TrainConfig, plan: ReleasePlan, repo: PlannedRepo): DeployStage {
  for (const stage of STAGE_ORDER) if (config.stages[stage].includes(repo.team)) return stage;
  const first = firstLevels(config, plan);
  let found: DeployStage = "infrastructure";
  for (const stage of STAGE_ORDER) if (first[stage] <= repo.level) found = stage;
  return found;
}

const STAGE_ORDER = ["backend", "frontend", "packs"] as const;
// Plans and configs are immutable: the stages' first levels are computed once per pair
// (decide asks per repository, often).
const firstLevelCache = new WeakMap<ReleasePlan, WeakMap<TrainConfig["stages"], Record<Stage, number>>>();

function firstLevels(config: TrainConfig, plan: ReleasePlan): Record<Stage, number> {
  const byStages = firstLevelCache.get(plan) ?? new WeakMap<TrainConfig["stages"], Record<Stage, number>>();
  firstLevelCache.set(plan, byStages);
  let first = byStages.get(config.stages);
  if (!first) {
    const of = (stage: Stage) =>
      Math.min(...plan.repos.filter((r) => config.stages[stage].includes(r.team)).map((r) => r.level));
    first = { backend: of("backend"), frontend: of("frontend"), packs: of("packs") };
    byStages.set(config.stages, first);
  }
  return first;
}

/** Repositories that take part in deployments (`deploy: true`), in release order. */
export function deployable(plan: ReleasePlan): PlannedRepo[] {
  return plan.repos.filter((r) => r.deploy).sort((a, b) => a.level - b.level);
}

/** Does this repository go canary first in production? */
export function goesCanary(config: TrainConfig, plan: ReleasePlan, repo: PlannedRepo): boolean {
  return config.canary && stageOf(config, plan, repo) !== "infrastructure";
}

/**
 * Staging steps 3.1–3.6. The backend stage spans three: its first level (the gateway in
 * the playbook), then the rest of its first team (the API), then its other teams (core).
 */
export function stagingStep(config: TrainConfig, plan: ReleasePlan, repo: PlannedRepo): string {
  const stage = stageOf(config, plan, repo);
  if (stage === "infrastructure") return "3.1";
  if (stage === "frontend") return "3.5";
  if (stage === "packs") return "3.6";
  if (repo.level === firstLevels(config, plan).backend) return "3.2";
  return repo.team === config.stages.backend[0] ? "3.3" : "3.4";
}
