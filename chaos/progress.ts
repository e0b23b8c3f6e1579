// The full run takes hours of both cores, longer than a machine may stay up: its clean
// run and every outcome are kept as they arrive, so a stopped run resumes where it
// stopped — only on the very code it started on (a fingerprint of every tracked file the
// trains run), never mixing outcomes of two versions.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = fileURLToPath(new URL("./progress/", import.meta.url));

/** What the trains run: the product, the simulator, the harness and the locked dependencies. */
const CODE = ["src", "packages", "chaos", "package.json", "package-lock.json"];

export interface ProgressHeader {
  fingerprint: string;
  /** The commit it started on (for the record; the fingerprint decides). */
  commit: string;
  runsPlanned: number;
  /** Minutes spent in earlier sittings. */
  minutesBefore: number;
}

/** A digest of every tracked file under CODE, the harness's own results and progress left out. */
export function codeFingerprint(root = ROOT): string {
  const files = execFileSync("git", ["ls-files", "-z", "--", ...CODE], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && !/^chaos\/(results[^/]*\.json|progress\/)/.test(f))
    .sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\0`);
    if (existsSync(join(root, file))) hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function currentCommit(): string {
  return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
}

/** Where a full run keeps its progress (chaos/progress/ unless a test says otherwise). */
export class ProgressStore {
  private readonly header: string;
  private readonly outcomesFile: string;
  readonly expectedFile: string;

  constructor(private readonly dir = DIR) {
    this.header = join(dir, "header.json");
    this.outcomesFile = join(dir, "outcomes.jsonl");
    this.expectedFile = join(dir, "expected.json");
  }

  /** The run to resume, with the outcomes it has (by case index); none when the code changed. */
  load<O>(fingerprint: string): { header: ProgressHeader; outcomes: Map<number, O> } | null {
    if (!existsSync(this.header) || !existsSync(this.expectedFile)) return null;
    const header = JSON.parse(readFileSync(this.header, "utf8")) as ProgressHeader;
    if (header.fingerprint !== fingerprint) return null;
    const outcomes = new Map<number, O>();
    const lines = existsSync(this.outcomesFile) ? readFileSync(this.outcomesFile, "utf8").split("\n") : [];
    for (const line of lines) {
      // A line cut off by a machine going away is the one case run again.
      try {
        const { i, outcome } = JSON.parse(line) as { i: number; outcome: O };
        outcomes.set(i, outcome);
      } catch {}
    }
    return { header, outcomes };
  }

  /** Starts a new record: the clean run everything is compared with, and no outcome yet. */
  start(header: ProgressHeader, expected: string): void {
    this.clear();
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.expectedFile, expected);
    writeFileSync(this.outcomesFile, "");
    writeFileSync(this.header, `${JSON.stringify(header, null, 2)}\n`);
  }

  record(i: number, outcome: unknown): void {
    appendFileSync(this.outcomesFile, `${JSON.stringify({ i, outcome })}\n`);
  }

  /** The minutes so far: the earlier sittings' (as loaded) and this one's. */
  recordMinutes(header: ProgressHeader, minutesThisSitting: number): void {
    const minutesBefore = Number((header.minutesBefore + minutesThisSitting).toFixed(1));
    writeFileSync(this.header, `${JSON.stringify({ ...header, minutesBefore }, null, 2)}\n`);
  }

  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
