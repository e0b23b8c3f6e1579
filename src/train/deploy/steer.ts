// Runs Phases 3–6 for one decide: what the rollout wants, and what a failure calls for.
// A critical failure (production) starts the immediate rollback when `autoRollback` is
// on; a non-critical one (staging, smoke) holds the train and offers `/hotfix` or
// `/rollback`. Pure: it changes the state it is given and returns writes.
import { createHash } from "node:crypto";
import type { TrainState } from "../model/train-state.js";
import type { Action } from "../model/actions.js";
import { owe } from "../interactions/owed-writes.js";
import { commentMarker } from "../state.js";
import { rollbackProcedure, rollbackTargets, type RollbackInput, type RollbackResult } from "./rollback.js";
import { rollout, type RolloutInput, type RolloutResult } from "./rollout.js";

export interface SteerResult {
  rollout: RolloutResult;
  rollback: RollbackResult | null;
  actions: Action[];
  healthNeeds: string[];
  /** Teams whose leads the rollback notification mentions. */
  teams: string[];
  wakeAt: number | null;
}

function audit(state: TrainState, at: string, text: string): void {
  state.audit.push({ at, actor: "release-train", text });
}

/**
 * A hold's notice is keyed by what failed, not by when it was seen: the notice goes out
 * before the body records the hold, and a process that dies between the two would
 * otherwise post it again under the next reconcile's moment. The same failures seen
 * again after a `/resume` hold the train without a second notice.
 */
export function holdNoticeKey(tag: string, failures: string[]): string {
  return `hold-${createHash("sha256")
    .update(`${tag}\n${failures.join("\n")}`)
    .digest("hex")
    .slice(0, 12)}`;
}

function holdNotice(tag: string, failures: string[], offerHotfix: boolean): Extract<Action, { kind: "comment" }> {
  const key = holdNoticeKey(tag, failures);
  return {
    kind: "comment",
    key,
    body: [
      commentMarker(key),
      `## ⏸️ ${tag} is on hold`,
      "",
      ...failures.map((f) => `- ${f}`),
      "",
      offerHotfix
        ? "No new deployments start. Fix it and push (the release is then approved again), ship with it and open a follow-up issue (`/hotfix`), or roll back (`/rollback [immediate|extended]`)."
        : "No new deployments start. `autoRollback` is off: roll back with `/rollback [immediate|extended]`, or `/resume` once it is resolved.",
    ].join("\n"),
  };
}

export function steer(input: RolloutInput & RollbackInput, teamLeads: Record<string, string[]>): SteerResult {
  const { config, plan, observation, state, version } = input;
  const at = input.now.toISOString();
  const actions: Action[] = [];
  let result = rollout(input);

  if (!state.rollback && !state.aborted) {
    const before = JSON.stringify([state.hold, state.rollback]);
    if (result.critical && config.autoRollback) {
      state.rollback = {
        mode: "immediate",
        reason: result.critical,
        by: "release-train",
        at,
        repos: rollbackTargets(config, plan, observation, "immediate"),
      };
      state.hold = { by: "release-train", at, reason: `rollback: ${result.critical}`, auto: true };
      audit(state, at, `automatic immediate rollback: ${result.critical}`);
    } else if (result.critical && !state.hold) {
      state.hold = { by: "release-train", at, reason: result.critical, auto: true };
      audit(state, at, `held the train: ${result.critical}`);
      owe(state, actions, holdNotice(version.tag, [result.critical], false));
    } else if (Object.keys(result.nonCritical).length > 0 && !state.hold) {
      const failures = Object.values(result.nonCritical);
      state.hold = { by: "release-train", at, reason: failures.join("; "), auto: true };
      audit(state, at, `held the train: ${failures.join("; ")}`);
      owe(state, actions, holdNotice(version.tag, failures, true));
    }
    // The train stopped in this decide: nothing the rollout wanted before that may start.
    if (JSON.stringify([state.hold, state.rollback]) !== before) result = rollout(input);
  }
  actions.push(...result.actions);

  let rollback: RollbackResult | null = null;
  const healthNeeds = [...result.healthNeeds];
  if (state.rollback) {
    rollback = rollbackProcedure(input, teamLeads);
    actions.push(...rollback.actions);
    healthNeeds.push(...rollback.healthNeeds.filter((u) => !healthNeeds.includes(u)));
    if (rollback.verifiedAt && !state.rollback.verifiedAt) {
      state.rollback.verifiedAt = rollback.verifiedAt;
      audit(state, at, `rollback verified: ${rollback.summary}`);
    }
  }
  return {
    rollout: result,
    rollback,
    actions,
    healthNeeds,
    teams: rollback?.teams ?? [],
    wakeAt: rollback ? rollback.wakeAt : state.aborted ? null : result.wakeAt,
  };
}
