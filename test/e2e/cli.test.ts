// The command lines as a user types them (`npm run demo -- …`, `npm run plan -- …`):
// `--help` answers with the usage and exit 0, a mistake with one line and exit 2.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEMO_USAGE } from "../../src/demo/args.js";

const ROOT = new URL("../..", import.meta.url).pathname;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository's root and collects what the user would see. */
function run(command: string, args: string[]): Promise<Result> {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run --silent SCRIPT -- ARGS`: the script's own output, without npm's banner. */
const npmRun = (script: string, ...args: string[]) => run("npm", ["run", "--silent", script, "--", ...args]);

/** One line on stderr, nothing on stdout, exit 2. */
function expectOneLineMistake(result: Result, line: RegExp): void {
  expect(result.stdout).toBe("");
  expect(result.stderr.split("\n")).toEqual([expect.stringMatching(line), ""]);
  expect(result.code).toBe(2);
}

describe("npm run demo --", () => {
  it("--help prints the usage and exits 0", async () => {
    const result = await npmRun("demo", "--help");
    expect(result).toEqual({ code: 0, stdout: `${DEMO_USAGE}\n`, stderr: "" });
    expect(DEMO_USAGE).toContain("--fail REPO");
  });

  it("an unknown flag (--quiet is none) is one line and exit 2", async () => {
    expectOneLineMistake(await npmRun("demo", "--quiet"), /^npm run demo --: Unknown option '--quiet' \(`npm run demo -- --help` shows the usage\)$/);
  });

  it("a flag without its value and a stray argument are one line and exit 2", async () => {
    expectOneLineMistake(await npmRun("demo", "--fail"), /^npm run demo --: Option '--fail <value>' argument missing \(/);
    expectOneLineMistake(await npmRun("demo", "now"), /^npm run demo --: unexpected argument 'now' \(/);
  });
});

describe("npm run plan --", () => {
  it("--help prints the usage and exits 0", async () => {
    const result = await npmRun("plan", "--help");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Usage: release-train plan \[FILE\] \[--owner ORG\] \[--repos org\/a,org\/b\]\n/);
    expect(result.stdout).toContain("--repos LIST");
  });

  it("an unknown flag or a second file is one line and exit 2", async () => {
    expectOneLineMistake(await npmRun("plan", "--own", "acme"), /^release-train plan: Unknown option '--own' \(`release-train plan --help` shows the usage\)$/);
    expectOneLineMistake(await npmRun("plan", "a.yml", "b.yml"), /^release-train plan: unexpected argument 'b\.yml' \(/);
  });
});

describe("release-train", () => {
  it("--help prints the usage; an unknown command is one line and exit 2", async () => {
    const help = await run(process.execPath, ["--import", "tsx", "src/cli.ts", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}release-train plan /);
    expectOneLineMistake(await run(process.execPath, ["--import", "tsx", "src/cli.ts", "deploy"]), /^release-train: unknown command 'deploy' \(`release-train --help` shows the usage\)$/);
  });
});
