// `npm run chaos`: whole 11-repository trains on the simulated GitHub under faults —
// every request failing in turn, every write's response lost after GitHub acted, a crash
// after every write, webhooks duplicated, shuffled, dropped and replayed — each compared
// with the clean run's end state.
//   npm run chaos                 the full run; figures go to chaos/results.json and docs/reliability.md
//   npm run chaos -- --quick      a sample that fits in CI (prints, records nothing)
//   npm run chaos -- --only api --from 40 --to 60     a slice, to replay a failure
//   npm run chaos -- --mutants    every known-bad change must be caught (the sample plays one)
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { diffDumps, type Dump } from "./dump.js";
import {
  API_FAULTS,
  apiFaultMode,
  crashMode,
  dropMode,
  duplicateMode,
  lostWriteMode,
  replayMode,
  shuffleMode,
} from "./modes.js";
import { MUTANTS, QUICK_MUTANTS, type Mutant } from "./mutants.js";
import { mutatedCopy } from "./mutate.js";
import { concurrentEditMode, editBeforeWriteMode, headMovesDuringMergeMode } from "./races.js";
import { codeFingerprint, currentCommit, ProgressStore } from "./progress.js";
import { runTrain, START, type Mode, type RunOptions } from "./scenario.js";

type Kind = "api" | "lost-write" | "crash" | "webhooks" | "race";
interface Case {
  kind: Kind;
  k: number;
  mode: () => Mode;
}
interface Outcome {
  kind: Kind;
  name: string;
  detail: string;
  ok: boolean;
  diff: string[];
  ms: number;
  deliveries: number;
  /** False when the run ended before the k-th request or write (runs vary by a few requests). */
  injected: boolean;
}

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    jobs: { type: "string", default: "2" },
    worker: { type: "string" },
    seed: { type: "string", default: "7" },
    requests: { type: "string" },
    writes: { type: "string" },
    expected: { type: "string" },
    mutants: { type: "boolean", default: false },
    mutant: { type: "string" },
    fresh: { type: "boolean", default: false },
  },
});

/** What every run is compared with: the real product's clean run. */
interface Expected {
  dump: Dump;
  requests: number;
  writes: number;
  deliveries: number;
  /** The simulated moment the clean run ended (epoch ms). */
  clockEnd: number;
  /** How long the clean run took (real ms). */
  cleanMs: number;
}

/**
 * Where a mutant's run is stopped on the simulated clock, its state then compared with
 * the clean run's end: a quarter of the clean run's simulated time (at least 30 minutes)
 * after the clean run ended. The faults the mutants are played under cost the real
 * product a few simulated seconds at most (docs/reliability.md), so a train still going
 * then waits for something that never comes, and its state says what.
 */
function mutantStopAt(expected: Expected): number {
  const cleanMs = expected.clockEnd - Date.parse(START);
  return expected.clockEnd + Math.max(30 * 60_000, cleanMs / 4);
}

/** Spread `count` picks evenly over 1..n (always including the first and the last). */
function sample(n: number, count: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: count }, (_, i) => 1 + Math.round((i * (n - 1)) / (count - 1))))];
}

/** The runs to make, from the clean run's request and write counts. */
function cases(requests: number, cleanWrites: number): Case[] {
  const seed = Number(values.seed);
  const requestKs = values.quick
    ? sample(requests, API_FAULTS.length)
    : Array.from({ length: requests }, (_, i) => i + 1);
  const writeKs = values.quick ? sample(cleanWrites, 3) : Array.from({ length: cleanWrites }, (_, i) => i + 1);
  const lostWriteKs = values.quick ? sample(cleanWrites, 3) : writeKs;
  const seeds = values.quick ? [seed] : [seed, seed + 1, seed + 2];
  const all: Case[] = [
    // The k-th request fails; the kinds take turns so every kind meets every part of the train.
    ...requestKs.map((k, i) => ({
      kind: "api" as const,
      k,
      mode: () => apiFaultMode(k, API_FAULTS[(values.quick ? i : k - 1) % API_FAULTS.length]!),
    })),
    // The fault that tempts a duplicate most, at every write: done on GitHub, unknown to the app.
    ...lostWriteKs.map((k) => ({ kind: "lost-write" as const, k, mode: () => lostWriteMode(k) })),
    ...writeKs.map((k) => ({ kind: "crash" as const, k, mode: () => crashMode(k) })),
    { kind: "webhooks", k: 1, mode: duplicateMode },
    ...seeds.map((s, i) => ({ kind: "webhooks" as const, k: 2 + i, mode: () => shuffleMode(s) })),
    ...seeds.map((s, i) => ({ kind: "webhooks" as const, k: 5 + i, mode: () => dropMode(0.2, s) })),
    { kind: "webhooks", k: 8, mode: replayMode },
    // People acting at the app's moment: a tick at its re-read or just before its body write, a push during its merge.
    { kind: "race", k: 1, mode: concurrentEditMode },
    { kind: "race", k: 2, mode: headMovesDuringMergeMode },
    // Not in the quick sample: it repeats the first race's scenario a moment later (the mutants play it).
    ...(values.quick ? [] : [{ kind: "race" as const, k: 3, mode: editBeforeWriteMode }]),
  ];
  const from = Number(values.from ?? 0);
  const to = Number(values.to ?? Infinity);
  return all.filter((c) => (!values.only || c.kind === values.only) && c.k >= from && c.k <= to);
}

/** One run under `mode`, compared with the clean run: the differences, or why it failed. */
async function playAndCompare(
  mode: Mode,
  expected: Expected,
  options: RunOptions = {},
): Promise<{ diff: string[]; deliveries: number; stopped: boolean }> {
  const result = await runTrain(mode, options);
  const diff = diffDumps(expected.dump, JSON.parse(JSON.stringify(result.dump)));
  const after = `${Math.round((result.clockEnd - expected.clockEnd) / 60_000)} simulated minutes after the clean run ended`;
  if (!result.trackingClosed)
    diff.unshift(
      `the trains did not end${result.stopped ? ` (the run stopped ${after})` : ""}: the first tracking issue open, or the second train's rollback not verified`,
    );
  else if (result.stopped) diff.unshift(`the run was still going ${after}`);
  return { diff, deliveries: result.deliveries, stopped: Boolean(result.stopped) };
}

async function runCase(c: Case, expected: Expected): Promise<Outcome> {
  const mode = c.mode();
  const started = Date.now();
  try {
    const result = await playAndCompare(mode, expected);
    const diff = result.diff;
    return {
      kind: c.kind,
      name: mode.name,
      detail: mode.describe(),
      ok: diff.length === 0,
      diff,
      ms: Date.now() - started,
      deliveries: result.deliveries,
      injected: !/never came/.test(mode.describe()),
    };
  } catch (error) {
    return {
      kind: c.kind,
      name: mode.name,
      detail: mode.describe(),
      ok: false,
      diff: [`run failed: ${(error as Error).stack ?? String(error)}`],
      ms: Date.now() - started,
      deliveries: 0,
      injected: true,
    };
  }
}

function print(o: Outcome): void {
  if (o.ok) {
    console.log(`  ok    ${o.detail} (${(o.ms / 1000).toFixed(1)} s)`);
    return;
  }
  console.log(`  FAIL  ${o.detail}`);
  for (const line of o.diff.slice(0, 25)) console.log(`        ${line}`);
  if (o.diff.length > 25) console.log(`        … ${o.diff.length - 25} more differences`);
}

/** A worker runs a slice of the cases and reports outcomes over IPC. */
async function worker(indexes: number[], all: Case[], expected: Expected): Promise<void> {
  for (const i of indexes) {
    const outcome = await runCase(all[i]!, expected);
    process.send!({ i, outcome });
  }
}

interface MutantOutcome {
  name: string;
  killed: boolean;
  /** The run that told it apart, and the first differences. */
  by: string;
  diff: string[];
  ms: number;
}

/** In a mutated copy: its runs, until one differs from the real product's clean run. */
async function mutantWorker(mutant: Mutant, expected: Expected): Promise<void> {
  const started = Date.now();
  const report = (outcome: MutantOutcome) => new Promise<void>((resolve) => process.send!(outcome, () => resolve()));
  for (const make of mutant.runs) {
    const mode = make();
    let diff: string[];
    let stopped = false;
    try {
      ({ diff, stopped } = await playAndCompare(mode, expected, { stopAt: mutantStopAt(expected) }));
    } catch (error) {
      diff = [`run failed: ${(error as Error).message}`];
    }
    if (diff.length > 0) {
      // A stopped run's world is still running: the process ends once this is sent.
      await report({
        name: mutant.name,
        killed: true,
        by: `${mode.describe()}${stopped ? ", stopped on the simulated clock" : ""}`,
        diff: trainRecordFirst(diff).slice(0, 6),
        ms: Date.now() - started,
      });
      return;
    }
  }
  await report({ name: mutant.name, killed: false, by: "", diff: [], ms: Date.now() - started });
}

/** The differences in the tracking issues' record (ticks, boxes, audit, state) first: they say what a train waited for or did wrong. */
function trainRecordFirst(diff: string[]): string[] {
  const rank = (line: string) => (line.includes(".tracking.") ? 0 : line.startsWith("the ") ? 1 : 2);
  return diff
    .map((line, i) => ({ line, i }))
    .sort((x, y) => rank(x.line) - rank(y.line) || x.i - y.i)
    .map((x) => x.line);
}

/** Runs `tasks` at most `jobs` at a time. */
async function pool(tasks: Array<() => Promise<unknown>>, jobs: number): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}

/**
 * The clean run every run is compared with. The full run keeps it, and resumes the one a
 * stopped full run of the same code kept (with its outcomes) unless `--fresh` is given.
 */
const store = new ProgressStore();

async function cleanRun(full: boolean) {
  const fingerprint = full ? codeFingerprint() : "";
  const resumed = full && !values.fresh ? store.load<Outcome>(fingerprint) : null;
  if (resumed) {
    const expected = JSON.parse(readFileSync(store.expectedFile, "utf8")) as Expected;
    return { expected, expectedFile: store.expectedFile, cleanMs: expected.cleanMs, progress: resumed };
  }
  const cleanStarted = Date.now();
  const clean = await runTrain();
  const cleanMs = Date.now() - cleanStarted;
  if (!clean.trackingClosed) throw new Error("the clean run did not end both trains");
  // Workers compare with this clean run and number the cases from its counts.
  const expected: Expected = {
    dump: clean.dump,
    requests: Number(values.requests ?? clean.requests),
    writes: Number(values.writes ?? clean.writes),
    deliveries: clean.deliveries,
    clockEnd: clean.clockEnd,
    cleanMs,
  };
  if (!full) {
    const expectedFile = join(mkdtempSync(join(tmpdir(), "release-train-chaos-")), "clean.json");
    writeFileSync(expectedFile, JSON.stringify(expected));
    return { expected, expectedFile, cleanMs, progress: null };
  }
  const header = {
    fingerprint,
    commit: currentCommit(),
    runsPlanned: cases(expected.requests, expected.writes).length,
    minutesBefore: 0,
  };
  store.start(header, JSON.stringify(expected));
  return {
    expected,
    expectedFile: store.expectedFile,
    cleanMs,
    progress: { header, outcomes: new Map<number, Outcome>() },
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  if (values.worker || values.mutant) {
    const expected = JSON.parse(readFileSync(values.expected!, "utf8")) as Expected;
    if (values.mutant) await mutantWorker(MUTANTS.find((m) => m.name === values.mutant)!, expected);
    else await worker(values.worker!.split(",").map(Number), cases(expected.requests, expected.writes), expected);
    return 0;
  }
  const full = !values.quick && !values.mutants && !values.only && !values.from && !values.to;
  const { expected, expectedFile, cleanMs, progress } = await cleanRun(full);
  const { requests, writes: cleanWrites } = expected;
  // --mutants: every mutant and no fault runs; the quick sample plays a few of each.
  const all = values.mutants && !values.quick ? [] : cases(requests, cleanWrites);
  const mutants = values.mutants ? MUTANTS : values.quick ? MUTANTS.filter((m) => QUICK_MUTANTS.includes(m.name)) : [];
  console.log(
    `clean run: ${requests} requests (${cleanWrites} writes), ${expected.deliveries} webhook deliveries; ${all.length} chaos runs, ${mutants.length} mutants${values.quick ? " (quick sample)" : ""}`,
  );

  const outcomes: Outcome[] = new Array(all.length);
  for (const [i, outcome] of progress?.outcomes ?? []) outcomes[i] = outcome;
  if (progress?.outcomes.size)
    console.log(
      `resuming the full run begun on ${progress.header.commit}: ${progress.outcomes.size} of ${all.length} runs done`,
    );
  else if (progress)
    console.log(`the full run keeps its progress in chaos/progress/ (code of ${progress.header.commit})`);
  const mutantOutcomes: MutantOutcome[] = [];
  const jobs = Math.max(1, Number(values.jobs));
  const script = fileURLToPath(import.meta.url);
  const passThrough = process.argv
    .slice(2)
    .filter(
      (a, i, arr) =>
        !["--worker", "--mutant", "--expected"].includes(a) &&
        !["--worker", "--mutant", "--expected"].includes(arr[i - 1] ?? ""),
    );
  // Interleaved, so a run stopped early (Ctrl-C) has still covered the whole train evenly.
  const order = all
    .map((c, i) => ({
      i,
      at: c.kind === "webhooks" || c.kind === "race" ? -1 : c.k / (c.kind === "api" ? requests : cleanWrites),
    }))
    .sort((a, b) => a.at - b.at)
    .map((o) => o.i)
    .filter((i) => !outcomes[i]);
  const children: ReturnType<typeof fork>[] = [];
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const child of children) child.kill();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const child = <M>(path: string, args: string[], onMessage: (m: M) => void, what: string, limitMs = Infinity) =>
    new Promise<boolean>((resolve, reject) => {
      if (stopped) return resolve(true);
      const proc = fork(
        path,
        [
          ...passThrough,
          "--requests",
          String(requests),
          "--writes",
          String(cleanWrites),
          "--expected",
          expectedFile,
          ...args,
        ],
        { stdio: ["ignore", "inherit", "inherit", "ipc"] },
      );
      children.push(proc);
      let timedOut = false;
      const timer = Number.isFinite(limitMs)
        ? setTimeout(() => {
            timedOut = true;
            proc.kill();
          }, limitMs)
        : null;
      // A worker sends only the one kind of message its caller expects.
      proc.on("message", (m) => onMessage(m as M));
      proc.on("exit", (code) => {
        if (timer) clearTimeout(timer);
        if (timedOut) resolve(false);
        else if (code === 0 || stopped) resolve(true);
        else reject(new Error(`${what} exited with ${code}`));
      });
    });
  // A mutant's runs stop on the simulated clock (mutantStopAt); one that hangs without the clock moving is stopped here, after four times the clean run's time.
  const mutantLimitMs = Math.max(3 * 60_000, 4 * cleanMs);
  const caseJobs = Math.min(jobs, order.length);
  await pool(
    [
      ...Array.from(
        { length: caseJobs },
        (_, j) => () =>
          child(
            script,
            ["--worker", order.filter((_, position) => position % caseJobs === j).join(",")],
            (m: { i: number; outcome: Outcome }) => {
              outcomes[m.i] = m.outcome;
              if (progress) {
                store.record(m.i, m.outcome);
                store.recordMinutes(progress.header, (Date.now() - started) / 60_000);
              }
              print(m.outcome);
            },
            `chaos worker ${j}`,
          ),
      ),
      ...mutants.map((mutant) => async () => {
        const copy = mutatedCopy(mutant);
        const report = (m: MutantOutcome) => {
          mutantOutcomes.push(m);
          console.log(
            m.killed
              ? `  killed   mutant ${m.name} (${(m.ms / 1000).toFixed(1)} s) by ${m.by}: ${m.diff.join("; ")}`
              : `  SURVIVED mutant ${m.name}: no run told it apart from the real product`,
          );
        };
        try {
          const ended = await child(
            join(copy.root, "chaos", "run.ts"),
            ["--mutant", mutant.name],
            report,
            `mutant ${mutant.name}`,
            mutantLimitMs * mutant.runs.length,
          );
          if (!ended)
            report({
              name: mutant.name,
              killed: true,
              by: "its own runs",
              diff: [`its trains did not end within ${Math.round(mutantLimitMs / 60_000)} minutes a run`],
              ms: mutantLimitMs * mutant.runs.length,
            });
        } finally {
          copy.remove();
        }
      }),
    ],
    jobs,
  );

  const by = (kind: Kind) => outcomes.filter((o) => o?.kind === kind);
  const failed = outcomes.filter((o) => o && !o.ok);
  const survivors = mutants.filter((m) => !mutantOutcomes.some((o) => o.name === m.name && o.killed));
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    sample: values.quick ? "quick" : stopped ? "full, stopped early" : values.mutants ? "mutants" : "full",
    ...(progress ? { commit: progress.header.commit } : {}),
    repos: 11,
    trains: 2,
    clean_run_requests: requests,
    clean_run_writes: cleanWrites,
    clean_run_deliveries: expected.deliveries,
    api_faults_injected: by("api").filter((o) => o.injected).length,
    api_fault_kinds: API_FAULTS.length,
    lost_write_responses_injected: by("lost-write").filter((o) => o.injected).length,
    crashes_injected: by("crash").filter((o) => o.injected).length,
    crashes_survived: by("crash").filter((o) => o.injected && o.ok).length,
    webhook_chaos_runs: by("webhooks").length,
    webhook_chaos_deliveries: by("webhooks").reduce((n, o) => n + o.deliveries, 0),
    race_runs: by("race").length,
    runs: outcomes.filter(Boolean).length,
    runs_planned: all.length,
    runs_with_differences: failed.length,
    mutants: mutants.length,
    mutants_killed: mutants.length - survivors.length,
    minutes: Number(((progress?.header.minutesBefore ?? 0) + (Date.now() - started) / 60_000).toFixed(1)),
  };
  console.log(`\n${JSON.stringify(figures, null, 2)}`);
  // Only the full run is a record worth keeping; until it is whole, its progress is kept instead.
  if (progress && (stopped || figures.runs < all.length)) {
    store.recordMinutes(progress.header, (Date.now() - started) / 60_000);
    console.log(`\n${figures.runs} of ${all.length} runs done: \`npm run chaos\` on the same code resumes the run`);
  } else if (progress) {
    store.clear();
    const file = new URL("./results.json", import.meta.url);
    writeFileSync(
      file,
      `${JSON.stringify({ ...figures, failures: failed.map((o) => ({ fault: o.detail, diff: o.diff.slice(0, 25) })) }, null, 2)}\n`,
    );
    writeFiguresIntoDoc(figures);
  }
  if (survivors.length > 0)
    console.log(
      `\n${survivors.length} of ${mutants.length} mutants survived: ${survivors.map((m) => m.name).join(", ")}`,
    );
  if (failed.length > 0) {
    console.log(`\n${failed.length} of ${figures.runs} runs ended differently from the clean run:`);
    for (const o of failed) print(o);
  }
  if (failed.length > 0 || survivors.length > 0 || stopped) return 1;
  console.log(
    `\nall ${figures.runs} runs ended exactly where the clean run ended, and all ${mutants.length} mutants were caught`,
  );
  return 0;
}

/** The full run's figures go into docs/reliability.md between its markers. */
function writeFiguresIntoDoc(figures: Record<string, string | number>): void {
  const doc = new URL("../docs/reliability.md", import.meta.url);
  const text = readFileSync(doc, "utf8");
  const rows = Object.entries(figures).map(([key, value]) => `| ${key} | ${value} |`);
  const block = ["<!-- chaos:figures -->", "| figure | value |", "|---|---|", ...rows, "<!-- /chaos:figures -->"].join(
    "\n",
  );
  writeFileSync(doc, text.replace(/<!-- chaos:figures -->[\s\S]*?<!-- \/chaos:figures -->/, block));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
