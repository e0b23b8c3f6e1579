// The floor GitHub's limits put on a run's writes: the same writes, in the same order,
// each sent as early as GitHub's rules allow, nothing else taking time except the
// train's own deploy windows (canaries, the bake), which no limit can shorten. The rules
// are those the app's budget keeps (src/github/budget/pacing.ts); see bench/FLOOR.md.
import { emptyBudget, reserve, type RequestShape } from "../src/github/budget/pacing.js";
import { shapeOf } from "../src/github/budget/scheduler.js";
import type { RecordedRequest } from "../src/sim/recorder.js";

/** A wait of the train's own: the write `seq` cannot start before `ms` after the write before it. */
export interface OwnWait {
  seq: number;
  ms: number;
}

interface Write {
  seq: number;
  at: number;
  shape: RequestShape;
}

/** The writes of `requests` with what GitHub's rules need to know of each (a write, whether it notifies people). */
function writesOf(requests: RecordedRequest[]): Write[] {
  const out: Write[] = [];
  for (const r of requests) {
    if (r.kind !== "write") continue;
    const shape = shapeOf({ method: r.method, url: r.path, query: r.graphql?.isMutation ? "mutation" : "" }, true);
    if (shape?.write) out.push({ seq: r.seq, at: Date.parse(r.at), shape });
  }
  return out;
}

/** Milliseconds from the first write's start to the last write's start, at the earliest GitHub allows. */
export function writeFloorMs(requests: RecordedRequest[], waits: OwnWait[] = []): number {
  const wait = new Map(waits.map((w) => [w.seq, w.ms]));
  const state = emptyBudget();
  let last = 0;
  for (const w of writesOf(requests)) last = reserve(state, wait.has(w.seq) ? last + wait.get(w.seq)! : 0, w.shape);
  return last;
}

/**
 * The train's own waits of at least `minMs` between writes `fromSeq` and `toSeq` of the
 * run: the time before a write beyond what GitHub's rules held it for, given the writes
 * actually made before it.
 */
export function ownWaits(requests: RecordedRequest[], fromSeq: number, toSeq: number, minMs: number): OwnWait[] {
  const state = emptyBudget();
  const out: OwnWait[] = [];
  let previous: number | null = null;
  for (const w of writesOf(requests)) {
    const earliest = reserve(state, previous ?? w.at, w.shape);
    // The rules' record holds the write when it was actually made.
    state.writes[state.writes.length - 1] = w.at;
    state.lastWriteAt = w.at;
    if (w.shape.notifies) state.lastNotifyingAt = w.at;
    if (previous !== null && w.seq > fromSeq && w.seq <= toSeq && w.at - earliest >= minMs) out.push({ seq: w.seq, ms: w.at - Math.max(earliest, previous) });
    previous = w.at;
  }
  return out;
}
