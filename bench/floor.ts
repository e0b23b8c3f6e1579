// The floor GitHub's limits and the playbook's waits put on a run's writes: the same
// writes, in the same order, each sent as early as GitHub's rules allow, and no sooner
// than the playbook's own windows (a level's canaries watched for canaryMinutes, the
// bake window of bakeMinutes) allow, counted from the floor's own times of the writes
// that open them. Nothing the run itself took is counted. The rules are those the app's
// budget keeps (src/github/budget/pacing.ts); see bench/FLOOR.md.
import { emptyBudget, reserve, type RequestShape } from "../src/github/budget/pacing.js";
import { shapeOf } from "../src/github/budget/scheduler.js";
import type { RecordedRequest } from "github-sim";

/** A window of the playbook: write `seq` cannot start before `ms` after the last of the writes `after`. */
export interface PlaybookWait {
  seq: number;
  after: number[];
  ms: number;
}

/** A deployment the run created: the write that created it and what for (its payload's purpose). */
export interface DeploymentWrite {
  seq: number;
  repo: string;
  purpose: string;
}

interface Write {
  seq: number;
  shape: RequestShape;
}

/** The writes of `requests` with what GitHub's rules need to know of each (a write, whether it notifies people). */
function writesOf(requests: RecordedRequest[]): Write[] {
  const out: Write[] = [];
  for (const r of requests) {
    if (r.kind !== "write") continue;
    const shape = shapeOf({ method: r.method, url: r.path, query: r.graphql?.isMutation ? "mutation" : "" }, true);
    if (shape?.write) out.push({ seq: r.seq, shape });
  }
  return out;
}

/** Milliseconds from the first write's start to the last write's start, at the earliest GitHub's rules and the playbook's windows allow. */
export function writeFloorMs(requests: RecordedRequest[], waits: PlaybookWait[] = []): number {
  const waitsOf = new Map<number, PlaybookWait[]>();
  for (const w of waits) waitsOf.set(w.seq, [...(waitsOf.get(w.seq) ?? []), w]);
  const state = emptyBudget();
  const at = new Map<number, number>();
  let last = 0;
  for (const w of writesOf(requests)) {
    let earliest = 0;
    for (const wait of waitsOf.get(w.seq) ?? []) {
      const opened = wait.after.map((seq) => at.get(seq)).filter((t) => t !== undefined);
      if (opened.length > 0) earliest = Math.max(earliest, Math.max(...opened) + wait.ms);
    }
    last = reserve(state, earliest, w.shape);
    at.set(w.seq, last);
  }
  return last;
}

/**
 * The playbook's windows over a run's deployments (src/train/deploy/rollout.ts): a
 * level's full production rollout of the repositories that went canary waits
 * `canaryMs` after the level's last canary deployment; the first merge of Phase 7
 * waits `bakeMs` (the bake, 6.2) after the last production deployment or switching
 * maintenance off (6.1 comes no sooner). Both open on a deployment's creation, the
 * earliest it can be up, so they never ask more than the train had to wait.
 */
export function playbookWaits(input: {
  deployments: DeploymentWrite[];
  levelOf: (repo: string) => number;
  firstMergeSeq: number | null;
  canaryMs: number;
  bakeMs: number;
}): PlaybookWait[] {
  const { deployments, levelOf } = input;
  const canaries = deployments.filter((d) => d.purpose === "canary");
  const wentCanary = new Set(canaries.map((d) => d.repo));
  const waits: PlaybookWait[] = [];
  for (const d of deployments) {
    if (d.purpose !== "production" || !wentCanary.has(d.repo)) continue;
    const level = canaries.filter((c) => levelOf(c.repo) === levelOf(d.repo) && c.seq < d.seq).map((c) => c.seq);
    if (level.length > 0) waits.push({ seq: d.seq, after: level, ms: input.canaryMs });
  }
  if (input.firstMergeSeq !== null) {
    const deployed = deployments
      .filter((d) => (d.purpose === "production" || d.purpose === "maintenance-off") && d.seq < input.firstMergeSeq!)
      .map((d) => d.seq);
    if (deployed.length > 0) waits.push({ seq: input.firstMergeSeq, after: deployed, ms: input.bakeMs });
  }
  return waits;
}
