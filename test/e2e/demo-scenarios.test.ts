// `npm run demo -- --scenario …`: the release modes, each ending with its status/summary.json.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runDemo } from "../../src/demo/run.js";
import { summarySchema } from "../../src/train/summary.js";

afterEach(() => vi.restoreAllMocks());

function capture(): { output: () => string; written: string[] } {
  const lines: string[] = [];
  const written: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { output: () => lines.join("\n"), written };
}

describe("npm run demo -- --scenario", () => {
  it("rc --json: rc.1, a fix, rc.2 and the final v2.0.0, printing only the final train's summary", async () => {
    const { output, written } = capture();
    expect(await runDemo(["--scenario", "rc", "--json"])).toBe(0);
    expect(output()).toBe("");
    const summary = summarySchema.parse(JSON.parse(written.join("")));
    expect(summary.train).toMatchObject({ version: "2.0.0", tag: "v2.0.0", mode: "release" });
    expect(summary.complete).toBe(true);
    expect(summary.repos).toHaveLength(11);
  }, 600_000);

  it("patch: v2.0.1 for three repositories merged into their release/v2.0 line, v2.1.0 still latest, the summary's mode patch", async () => {
    const { output, written } = capture();
    expect(await runDemo(["--scenario", "patch"])).toBe(0);
    const text = output();
    for (const name of ["blackroad-os-infra", "blackroad-os-api", "blackroad-os-web"]) {
      expect(text).toContain(`blackroad-os/${name}: v2.0.1 merged into release/v2.0, latest release stays v2.1.0`);
    }
    const summary = summarySchema.parse(JSON.parse(written.join("").replace(/^\nstatus\/summary.json:\n/, "")));
    expect(summary.train).toMatchObject({ version: "2.0.1", tag: "v2.0.1", mode: "patch" });
    expect(summary.repos.map((r) => r.name).sort()).toEqual([
      "blackroad-os-api",
      "blackroad-os-infra",
      "blackroad-os-web",
    ]);
    expect(summary.complete).toBe(true);
  }, 600_000);

  it("independent: prints the Versions section, then the summary with each repository's version", async () => {
    const { output, written } = capture();
    expect(await runDemo(["--scenario", "independent"])).toBe(0);
    const text = output();
    expect(text).toContain("Versions — 10 of 11 repositories released, each with its own version");
    expect(text).toContain("| blackroad-os-api | v1.5.0 → v2.0.0 | major: 1 breaking change, 1 feature | — |");
    expect(text).toContain("| blackroad-os-docs | v1.6.0 → — not released | no changes: not released | — |");
    expect(text).toContain("| blackroad-os-pack-legal | v1.4.1 → v1.5.0 |");
    const summary = summarySchema.parse(JSON.parse(written.join("").replace(/^\nstatus\/summary.json:\n/, "")));
    expect(summary.train).toMatchObject({ version: "2.0.0", tag: "v2.0.0" });
    expect(summary.versions).toMatchObject({
      "blackroad-os/blackroad-os-api": "2.0.0",
      "blackroad-os/blackroad-os-pack-finance": "1.5.0",
      "blackroad-os/blackroad-os-docs": "1.6.0",
    });
    expect(summary.complete).toBe(true);
  }, 600_000);

  it("an unknown scenario is one line and exit 2", async () => {
    const { output } = capture();
    expect(await runDemo(["--scenario", "nope"])).toBe(2);
    expect(output()).toBe('--scenario: unknown scenario "nope". One of: rc, independent, patch');
  });

  it("refuses the single train's flags with a scenario, in one line and exit 2, before starting anything", async () => {
    const { output } = capture();
    expect(await runDemo(["--scenario", "rc", "--html", "pages"])).toBe(2);
    expect(output()).toBe(
      "--scenario prints one line per train: --verbose, --html and --step are for the single train",
    );
  });
});
