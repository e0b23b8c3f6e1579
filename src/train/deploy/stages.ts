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
  for (const stage of ["backend", "frontend", "packs"] as const) if (config.stages[stage].includes(repo.team)) return stage;
  const firstLevel = (stage: Stage) => Math.min(...plan.repos.filter((r) => config.stages[stage].includes(r.team)).map((r) => r.level));
  let found: DeployStage = "infrastructure";
  for (const stage of ["backend", "frontend", "packs"] as const) if (firstLevel(stage) <= repo.level) found = stage;
  return found;
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
  const backend = plan.repos.filter((r) => stageOf(config, plan, r) === "backend");
  if (repo.level === Math.min(...backend.map((r) => r.level))) return "3.2";
  return repo.team === config.stages.backend[0] ? "3.3" : "3.4";
}
