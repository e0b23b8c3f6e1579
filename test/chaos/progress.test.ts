// The full chaos run resumes after a stop only on the code it started on, with every
// outcome it had, and a line cut off mid-write costs that one case.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeFingerprint, ProgressStore } from "../../chaos/progress.js";

const header = { fingerprint: "f1", commit: "abc", runsPlanned: 3, minutesBefore: 2.5 };

describe("the full run's progress", () => {
  it("resumes with every recorded outcome, a cut-off last line dropped, and adds up the minutes", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "chaos-progress-")), "progress");
    const store = new ProgressStore(dir);
    store.start(header, JSON.stringify({ requests: 10 }));
    store.record(0, { ok: true });
    store.record(2, { ok: false, diff: ["x"] });
    appendFileSync(join(dir, "outcomes.jsonl"), '{"i":1,"outc');
    store.recordMinutes(header, 4);
    store.recordMinutes(header, 5);
    const resumed = new ProgressStore(dir).load<{ ok: boolean }>("f1");
    expect([...resumed!.outcomes]).toEqual([
      [0, { ok: true }],
      [2, { ok: false, diff: ["x"] }],
    ]);
    // Each sitting adds its own minutes to those loaded, however often it records them.
    expect(resumed!.header).toEqual({ ...header, minutesBefore: 7.5 });
    expect(JSON.parse(readFileSync(store.expectedFile, "utf8"))).toEqual({ requests: 10 });
  });

  it("does not resume a run of other code, and clears what it kept", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "chaos-progress-")), "progress");
    const store = new ProgressStore(dir);
    store.start(header, "{}");
    expect(store.load("f2")).toBeNull();
    store.clear();
    expect(store.load("f1")).toBeNull();
  });

  it("fingerprints the tracked code: a changed file changes it, the harness's own records do not", () => {
    const root = mkdtempSync(join(tmpdir(), "chaos-code-"));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root });
    git("init", "-q");
    mkdirSync(join(root, "src"));
    mkdirSync(join(root, "chaos", "progress"), { recursive: true });
    writeFileSync(join(root, "src", "a.ts"), "export const a = 1;\n");
    writeFileSync(join(root, "chaos", "results.json"), "{}\n");
    writeFileSync(join(root, "chaos", "progress", "header.json"), "{}\n");
    git("add", ".");
    const before = codeFingerprint(root);
    writeFileSync(join(root, "chaos", "results.json"), '{"runs":1}\n');
    writeFileSync(join(root, "chaos", "progress", "header.json"), '{"minutesBefore":1}\n');
    expect(codeFingerprint(root)).toBe(before);
    writeFileSync(join(root, "src", "a.ts"), "export const a = 2;\n");
    expect(codeFingerprint(root)).not.toBe(before);
  });
});
