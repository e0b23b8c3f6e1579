// The long runs start first in a fresh clone; a renamed or deleted file must not drop out of the list unnoticed.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TestSpecification } from "vitest/node";
import LongRunsFirst, { LONG_RUNS } from "../sequencer.js";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

describe("the test sequencer", () => {
  it("names only files that exist", () => {
    for (const file of LONG_RUNS) expect(existsSync(`${ROOT}/${file}`), file).toBe(true);
  });

  it("starts the long runs first, slowest first, and keeps the order of the others", async () => {
    const spec = (file: string, size: number) =>
      ({
        moduleId: `${ROOT}/${file}`,
        project: { name: "shared", config: { sequence: { groupOrder: 0 }, isolate: false } },
        size,
      }) as unknown as TestSpecification & { size: number };
    const files = [
      spec("test/unit/big.test.ts", 9),
      spec("test/e2e/economy.test.ts", 1),
      spec("test/unit/small.test.ts", 2),
      spec("test/e2e/train-200.test.ts", 1),
    ];
    // Without timings Vitest orders by size: give it those sizes.
    const cache = {
      getFileTestResults: () => undefined,
      getFileStats: (key: string) => ({
        size: files.find((f) => key.endsWith(f.moduleId.slice(ROOT.length + 1)))!.size,
      }),
    };
    const sequencer = new LongRunsFirst({ cache, config: { root: ROOT } } as never);
    const sorted = await sequencer.sort(files);
    expect(sorted.map((s) => s.moduleId.slice(ROOT.length + 1))).toEqual([
      "test/e2e/train-200.test.ts",
      "test/e2e/economy.test.ts",
      "test/unit/big.test.ts",
      "test/unit/small.test.ts",
    ]);
  });
});
