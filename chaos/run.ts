// `npm run chaos`: whole 11-repository trains on the simulated GitHub under faults —
// every request failing in turn, every write's response lost after GitHub acted, a crash
// after every write, webhooks duplicated, shuffled, dropped and replayed — each compared
// with the clean run's end state.
//   npm run chaos                 the full run; figures go to chaos/results.json and docs/reliability.md
//   npm run chaos -- --quick      a sample that fits in CI (prints, records nothing)
//   npm run chaos -- --only api --from 40 --to 60     a slice, to replay a failure
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { diffDumps } from "./dump.js";
import { API_FAULTS, apiFaultMode, crashMode, dropMode, duplicateMode, lostWriteMode, replayMode, shuffleMode } from "./modes.js";
import { runTrain, type Mode, type RunResult } from "./scenario.js";

type Kind = "api" | "lost-write" | "crash" | "webhooks";
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
  },
});

/** Spread `count` picks evenly over 1..n (always including the first and the last). */
function sample(n: number, count: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: count }, (_, i) => 1 + Math.round((i * (n - 1)) / (count - 1))))];
}

/** The runs to make, from the clean run's request and write counts. */
function cases(requests: number, cleanWrites: number): Case[] {
  const seed = Number(values.seed);
  const requestKs = values.quick ? sample(requests, 18) : Array.from({ length: requests }, (_, i) => i + 1);
  const writeKs = values.quick ? sample(cleanWrites, 8) : Array.from({ length: cleanWrites }, (_, i) => i + 1);
  const lostWriteKs = values.quick ? sample(cleanWrites, 6) : writeKs;
  const seeds = values.quick ? [seed] : [seed, seed + 1, seed + 2];
  const all: Case[] = [
    // The k-th request fails; the kinds take turns so every kind meets every part of the train.
    ...requestKs.map((k, i) => ({ kind: "api" as const, k, mode: () => apiFaultMode(k, API_FAULTS[(values.quick ? i : k - 1) % API_FAULTS.length]!) })),
    // The fault that tempts a duplicate most, at every write: done on GitHub, unknown to the app.
    ...lostWriteKs.map((k) => ({ kind: "lost-write" as const, k, mode: () => lostWriteMode(k) })),
    ...writeKs.map((k) => ({ kind: "crash" as const, k, mode: () => crashMode(k) })),
    { kind: "webhooks", k: 1, mode: duplicateMode },
    ...seeds.map((s, i) => ({ kind: "webhooks" as const, k: 2 + i, mode: () => shuffleMode(s) })),
    ...seeds.map((s, i) => ({ kind: "webhooks" as const, k: 5 + i, mode: () => dropMode(0.2, s) })),
    { kind: "webhooks", k: 8, mode: replayMode },
  ];
  const from = Number(values.from ?? 0);
  const to = Number(values.to ?? Infinity);
  return all.filter((c) => (!values.only || c.kind === values.only) && c.k >= from && c.k <= to);
}

async function runCase(c: Case, expected: RunResult): Promise<Outcome> {
  const mode = c.mode();
  const started = Date.now();
  try {
    const result = await runTrain(mode);
    const diff = diffDumps(expected.dump, result.dump);
    if (!result.trackingClosed) diff.unshift("the tracking issue did not close");
    return { kind: c.kind, name: mode.name, detail: mode.describe(), ok: diff.length === 0, diff, ms: Date.now() - started, deliveries: result.deliveries, injected: !/never came/.test(mode.describe()) };
  } catch (error) {
    return { kind: c.kind, name: mode.name, detail: mode.describe(), ok: false, diff: [`run failed: ${(error as Error).stack ?? String(error)}`], ms: Date.now() - started, deliveries: 0, injected: true };
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
async function worker(indexes: number[], all: Case[], expected: RunResult): Promise<void> {
  for (const i of indexes) {
    const outcome = await runCase(all[i]!, expected);
    process.send!({ i, outcome });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const clean = await runTrain();
  if (!clean.trackingClosed) throw new Error("the clean run did not finish its train");
  // Workers number the cases as the parent did (a clean run's request count can vary by a few).
  const requests = Number(values.requests ?? clean.requests);
  const cleanWrites = Number(values.writes ?? clean.writes);
  const all = cases(requests, cleanWrites);

  if (values.worker) {
    await worker(values.worker.split(",").map(Number), all, clean);
    return 0;
  }
  console.log(`clean run: ${requests} requests (${cleanWrites} writes), ${clean.deliveries} webhook deliveries; ${all.length} chaos runs${values.quick ? " (quick sample)" : ""}`);

  const outcomes: Outcome[] = new Array(all.length);
  const jobs = Math.max(1, Math.min(Number(values.jobs), all.length));
  const script = fileURLToPath(import.meta.url);
  const passThrough = process.argv.slice(2).filter((a, i, arr) => a !== "--worker" && arr[i - 1] !== "--worker");
  // Interleaved, so a run stopped early (Ctrl-C) has still covered the whole train evenly.
  const order = all.map((c, i) => ({ i, at: c.kind === "webhooks" ? -1 : c.k / (c.kind === "api" ? requests : cleanWrites) })).sort((a, b) => a.at - b.at).map((o) => o.i);
  const children: ReturnType<typeof fork>[] = [];
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const child of children) child.kill();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await Promise.all(
    Array.from({ length: jobs }, (_, j) => {
      const mine = order.filter((_, position) => position % jobs === j);
      if (mine.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const child = fork(script, [...passThrough, "--requests", String(requests), "--writes", String(cleanWrites), "--worker", mine.join(",")], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
        children.push(child);
        child.on("message", (m: { i: number; outcome: Outcome }) => {
          outcomes[m.i] = m.outcome;
          print(m.outcome);
        });
        child.on("exit", (code) => (code === 0 || stopped ? resolve() : reject(new Error(`chaos worker ${j} exited with ${code}`))));
      });
    }),
  );

  const by = (kind: Kind) => outcomes.filter((o) => o?.kind === kind);
  const failed = outcomes.filter((o) => o && !o.ok);
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    sample: values.quick ? "quick" : stopped ? "full, stopped early" : "full",
    repos: 11,
    clean_run_requests: requests,
    clean_run_writes: cleanWrites,
    clean_run_deliveries: clean.deliveries,
    api_faults_injected: by("api").filter((o) => o.injected).length,
    api_fault_kinds: API_FAULTS.length,
    lost_write_responses_injected: by("lost-write").filter((o) => o.injected).length,
    crashes_injected: by("crash").filter((o) => o.injected).length,
    crashes_survived: by("crash").filter((o) => o.injected && o.ok).length,
    webhook_chaos_runs: by("webhooks").length,
    webhook_chaos_deliveries: by("webhooks").reduce((n, o) => n + o.deliveries, 0),
    runs: outcomes.filter(Boolean).length,
    runs_planned: all.length,
    runs_with_differences: failed.length,
    minutes: Number(((Date.now() - started) / 60_000).toFixed(1)),
  };
  console.log(`\n${JSON.stringify(figures, null, 2)}`);
  // Only the full run is a record worth keeping.
  if (!values.quick && !values.only && !values.from && !values.to) {
    const file = new URL("./results.json", import.meta.url);
    writeFileSync(file, `${JSON.stringify({ ...figures, failures: failed.map((o) => ({ fault: o.detail, diff: o.diff.slice(0, 25) })) }, null, 2)}\n`);
    writeFiguresIntoDoc(figures);
  }
  if (failed.length > 0) {
    console.log(`\n${failed.length} of ${figures.runs} runs ended differently from the clean run:`);
    for (const o of failed) print(o);
    return 1;
  }
  console.log(`\nall ${figures.runs} runs ended exactly where the clean run ended: nothing lost, nothing duplicated`);
  return 0;
}

/** The full run's figures go into docs/reliability.md between its markers. */
function writeFiguresIntoDoc(figures: Record<string, string | number>): void {
  const doc = new URL("../docs/reliability.md", import.meta.url);
  const text = readFileSync(doc, "utf8");
  const rows = Object.entries(figures).map(([key, value]) => `| ${key} | ${value} |`);
  const block = ["<!-- chaos:figures -->", "| figure | value |", "|---|---|", ...rows, "<!-- /chaos:figures -->"].join("\n");
  writeFileSync(doc, text.replace(/<!-- chaos:figures -->[\s\S]*?<!-- \/chaos:figures -->/, block));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
