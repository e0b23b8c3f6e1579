// Carrying out a decision: the writes the body records, the body, the reactions it
// confirms, then a bounded batch of what decide derives from GitHub alone.
import type { Decision } from "../../train/decide.js";
import type { TrainState } from "../../train/model/train-state.js";
import type { Action } from "../../train/model/actions.js";
import { sealBody, stateBlockOf } from "../../train/state.js";
import { executeActions, executeBatch, writeBody } from "../act.js";
import type { BodyWrites } from "../body-writes.js";
import { NOTIFYING_WRITE_SPACING_MS } from "../budget/pacing.js";
import type { ObservationCache } from "../observation-cache.js";
import { BATCH_WINDOW_MS, BATCH_WRITES, derivedFromGitHub, WriteBatch } from "../write-batch.js";
import type { ReconcileContext } from "./connect.js";
import { phaseOf, type Outcome } from "./outcome.js";

/** What a reconciler remembers of each train between reconciles (in this process only). */
export interface WriteMemory {
  observations: ObservationCache;
  /** The tracking-issue bodies written, to tell from GitHub's webhook whether a write overwrote someone's edit. */
  bodyWrites: BodyWrites;
  /** Write failures of the last reconcile per train, shown on the issue until a retry succeeds. */
  failures: Map<string, string[]>;
  /**
   * Per train, the writes carried out since its body was last written (a batch goes out
   * after the body): the review requests decide may add before the next body are what is
   * left of a batch, so the issue never trails more than one batch. In this process only:
   * a reconcile on another replica starts from a whole batch.
   */
  sinceBody: Map<string, number>;
}

/** Review requests notify people: GitHub paces them 3 s apart, and they must all go within the batch's window. */
export const reviewAllowance = (ctx: ReconcileContext, memory: WriteMemory): number =>
  Math.max(
    0,
    Math.min(
      (ctx.deps.batchWrites ?? BATCH_WRITES) - (memory.sinceBody.get(ctx.id) ?? 0),
      Math.floor(BATCH_WINDOW_MS / NOTIFYING_WRITE_SPACING_MS),
    ),
  );

export async function perform(
  ctx: ReconcileContext,
  memory: WriteMemory,
  decision: Decision,
  issueBody: string,
  prior: TrainState | null,
): Promise<Outcome> {
  const { deps, ref, id, log, octokit } = ctx;
  // A reaction tells people their command was taken: it goes out only once the body that records it is written.
  const reactions = decision.actions.filter((a) => a.kind === "react");
  const writes = decision.actions.filter((a) => a.kind !== "react");
  // What the body records is carried out before it; what decide derives from GitHub alone
  // (Phase 1's writes) after it, in a bounded batch: the body shows what the last batch did.
  const derived = writes.filter((a) => derivedFromGitHub(a, `${ref.owner}/${ref.repo}`));
  // A write changes its repository: read it in full next time (marked before it leaves).
  const dirty = (action: Action) => "repo" in action && memory.observations.markDirty(id, action.repo);
  const done = await executeActions(
    octokit,
    ref,
    writes.filter((a) => !derived.includes(a)),
    dirty,
  );
  const sealed = sealBody(decision.body, await deps.stateKey(), id);
  // Noted before the write: GitHub's webhook for it may arrive before its response.
  memory.bodyWrites.wrote(id, issueBody, sealed);
  const body = await writeBody(octokit, ref, issueBody, sealed);
  memory.observations.setBlock(id, stateBlockOf(body === "written" ? sealed : issueBody));
  // After a conflict (someone edited the body meanwhile) the next reconcile decides them again.
  const reacted = body === "conflict" ? { done: 0, failures: [] } : await executeActions(octokit, ref, reactions);
  const batched =
    body === "conflict"
      ? { done: 0, failures: [], deferred: derived.length }
      : await executeBatch(octokit, ref, derived, writeBatch(ctx), dirty);
  const failures = [...done.failures, ...reacted.failures, ...batched.failures];
  // A body written or already current shows everything before the batch that followed it.
  memory.sinceBody.set(id, (body === "conflict" ? (memory.sinceBody.get(id) ?? 0) + done.done : 0) + batched.done);
  if (batched.deferred > 0) log.debug({ deferred: batched.deferred }, "writes left for the next batch");
  if (failures.length > 0) {
    memory.failures.set(id, failures);
    log.warn({ failures }, "some writes failed; they will be retried");
  } else memory.failures.delete(id);
  return {
    kind: "reconciled",
    writes: done.done + reacted.done + batched.done + (body === "written" ? 1 : 0),
    failures,
    bodyWritten: body === "written",
    conflict: body === "conflict",
    // Writes left for the next batch: look again at once (hints meanwhile are served with it).
    lookAgain: (decision.lookAgain || batched.deferred > 0) && failures.length === 0,
    phase: phaseOf(decision.state, decision.view.currentPhase),
    // Counted once: the body that records the rollback is what makes it started.
    rollbackStarted: body === "written" && !prior?.rollback && Boolean(decision.state.rollback),
  };
}

/** The batch Phase 1's writes go out in: bounded in number, and by the installation's API budget. */
function writeBatch({ deps, ref }: ReconcileContext): WriteBatch {
  return new WriteBatch({
    maxWrites: deps.batchWrites ?? BATCH_WRITES,
    windowMs: BATCH_WINDOW_MS,
    now: () => deps.now().getTime(),
    ...(deps.nextWritesAt ? { nextWritesAt: (count: number) => deps.nextWritesAt!(ref.installationId, count) } : {}),
  });
}
