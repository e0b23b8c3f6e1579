import { decide, hasNeeds, type Decision } from "../../train/decide.js";
import type { ReconcileContext } from "./connect.js";
import type { DecideContext, NeedReaders } from "./needs.js";

const MAX_NEED_ROUNDS = 6;

/**
 * Decide asks for what it lacks (team answers, Phase 1 details); fetch and decide again.
 * Needs can chain (memberships -> precondition scans -> Phase 1 starts -> release scans -> leads).
 */
export async function decideFully(
  ctx: ReconcileContext,
  readers: NeedReaders,
  train: DecideContext,
  batchWrites: number,
): Promise<Decision> {
  const { config, plan, version, observation } = train;
  const decideNow = () => decide({ config, plan, version, observation, now: ctx.deps.now(), batchWrites });
  let decision = decideNow();
  for (let round = 0; hasNeeds(decision.needs) && round < MAX_NEED_ROUNDS; round += 1) {
    await readers.read(ctx, train, decision);
    decision = decideNow();
  }
  if (hasNeeds(decision.needs))
    throw new Error(`decide still needs ${JSON.stringify(decision.needs)} after fetching it`);
  return decision;
}
