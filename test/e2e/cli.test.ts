// The command lines as a user types them (`npm run demo -- …`, `npm run plan -- …`):
// `--help` answers with the usage and exit 0, a mistake with one line and exit 2.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
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

describe("npm run demo --", { timeout: 60_000 }, () => {
  it("--help prints the usage and exits 0", async () => {
    const result = await npmRun("demo", "--help");
    expect(result).toEqual({ code: 0, stdout: `${DEMO_USAGE}\n`, stderr: "" });
    expect(DEMO_USAGE).toContain("--fail REPO");
  });

  it("an unknown flag (--quiet is none) is one line and exit 2", async () => {
    expectOneLineMistake(
      await npmRun("demo", "--quiet"),
      /^npm run demo --: Unknown option '--quiet' \(`npm run demo -- --help` shows the usage\)$/,
    );
  });

  it("a flag without its value and a stray argument are one line and exit 2", async () => {
    expectOneLineMistake(
      await npmRun("demo", "--fail"),
      /^npm run demo --: Option '--fail <value>' argument missing \(/,
    );
    expectOneLineMistake(await npmRun("demo", "now"), /^npm run demo --: unexpected argument 'now' \(/);
  });
});

describe("npm run plan --", { timeout: 60_000 }, () => {
  it("--help prints the usage and exits 0", async () => {
    const result = await npmRun("plan", "--help");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Usage: release-train plan \[FILE\] \[--owner ORG\] \[--repos org\/a,org\/b\]\n/);
    expect(result.stdout).toContain("--repos LIST");
  });

  it("the README's plan commands run as written: offline the example's glob is shown as written, with --repos it expands", async () => {
    const readme = readFileSync(new URL("README.md", `file://${ROOT}`), "utf8");
    const commands = [...readme.matchAll(/`npm run plan -- ([^`]*)`/g)].map((m) => m[1]!.split(/\s+/));
    expect(commands.map((args) => args.join(" "))).toEqual([
      "examples/release-train.yml",
      "examples/release-train.yml --owner blackroad-os --repos blackroad-os-pack-finance,blackroad-os-pack-legal",
      "--help",
    ]);
    const [offline, expanded] = await Promise.all(commands.slice(0, 2).map((args) => npmRun("plan", ...args)));
    expect(offline!.stderr).toBe("");
    expect(offline!.code).toBe(0);
    expect(offline!.stdout).toContain(
      "Level 4 (after blackroad-os-api, blackroad-os-core):\n├── blackroad-os-pack-* (each matching repository of the installation)\n└── blackroad-os-web\n",
    );
    expect(expanded!.stderr).toBe("");
    expect(expanded!.code).toBe(0);
    expect(expanded!.stdout).toContain(
      "Level 4 (after blackroad-os-api, blackroad-os-core):\n├── blackroad-os-pack-finance\n├── blackroad-os-pack-legal\n└── blackroad-os-web\n",
    );
  });

  it("names the versioning policy: fixed for the example, and an independent file's groups and published packages", async () => {
    const fixed = await npmRun("plan", "examples/release-train.yml");
    expect(fixed.stdout).toContain("\nVersioning: fixed — every repository is released with the train's version.\n");
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    const file = join(dir, "release-train.yml");
    const example = readFileSync(new URL("examples/release-train.yml", `file://${ROOT}`), "utf8");
    writeFileSync(
      file,
      `${example.replace("  - name: blackroad-os-api\n    team: backend\n", '  - name: blackroad-os-api\n    team: backend\n    publishes: { npm: "@blackroad/api-client" }\n').trimEnd()}\nversioning: independent\ngroups:\n  packs: [blackroad-os-pack-*]\n`,
    );
    const independent = await npmRun(
      "plan",
      file,
      "--owner",
      "blackroad-os",
      "--repos",
      "blackroad-os-pack-finance,blackroad-os-pack-legal",
    );
    expect(independent.stderr).toBe("");
    expect(independent.stdout).toContain(
      [
        "Versioning: independent — each repository's version comes from its commits since its last tag (`/dry-run` on the tracking issue shows them); without changes it is not released.",
        "Group packs: blackroad-os-pack-finance, blackroad-os-pack-legal",
        "blackroad-os-api publishes @blackroad/api-client (npm): its dependents' ranges follow its new version",
      ].join("\n"),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it("with --repos, a glob matching none of them is an error", async () => {
    const result = await npmRun("plan", "examples/release-train.yml", "--repos", "blackroad-os-web");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`repos[6].name`: "blackroad-os-pack-*" matches no repository of the installation');
  });

  it("an unknown flag or a second file is one line and exit 2", async () => {
    expectOneLineMistake(
      await npmRun("plan", "--own", "acme"),
      /^release-train plan: Unknown option '--own' \(`release-train plan --help` shows the usage\)$/,
    );
    expectOneLineMistake(
      await npmRun("plan", "a.yml", "b.yml"),
      /^release-train plan: unexpected argument 'b\.yml' \(/,
    );
  });
});

describe("release-train", { timeout: 60_000 }, () => {
  it("--help prints the usage; an unknown command is one line and exit 2", async () => {
    const help = await run(process.execPath, ["--import", "tsx", "src/cli.ts", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}release-train plan /);
    expectOneLineMistake(
      await run(process.execPath, ["--import", "tsx", "src/cli.ts", "deploy"]),
      /^release-train: unknown command 'deploy' \(`release-train --help` shows the usage\)$/,
    );
    // The built CLI has no demo (the simulator is not shipped); it says where the demo runs.
    expectOneLineMistake(
      await run(process.execPath, ["--import", "tsx", "src/cli.ts", "demo"]),
      /^release-train: the demo runs from a source checkout: `npm ci && npm run demo`$/,
    );
  });
});
