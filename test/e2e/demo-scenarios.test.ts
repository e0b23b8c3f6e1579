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
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
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

  it("an unknown scenario is one line and exit 2", async () => {
    const { output } = capture();
    expect(await runDemo(["--scenario", "nope"])).toBe(2);
    expect(output()).toBe('--scenario: unknown scenario "nope". One of: rc');
  });

  it("refuses the single train's flags with a scenario, in one line and exit 2, before starting anything", async () => {
    const { output } = capture();
    expect(await runDemo(["--scenario", "rc", "--html", "pages"])).toBe(2);
    expect(output()).toBe("--scenario prints one line per train: --verbose, --html and --step are for the single train");
  });
});
