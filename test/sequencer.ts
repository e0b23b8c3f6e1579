// Vitest starts the files it has timings for longest first; without timings (a fresh clone,
// as in CI) it starts the biggest files first. The longest runs here are short files that
// drive whole trains, so they would start last and leave the other workers idle at the end.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The slowest files on a 2-core machine, slowest first (from a fresh clone's run). */
export const LONG_RUNS = [
  "test/e2e/train-200.test.ts",
  "test/e2e/economy.test.ts",
  "test/e2e/demo-scenarios.test.ts",
  "test/e2e/demo.test.ts",
  "test/e2e/finalize.test.ts",
  "test/e2e/deploy.test.ts",
  "test/browser/tracking-issue.test.ts",
  "test/e2e/cli.test.ts",
  "test/e2e/owed-writes.test.ts",
  "test/e2e/protection.test.ts",
  "test/e2e/promote.test.ts",
  "test/replicas/two-replicas.test.ts",
  "test/hostile/moments.test.ts",
  "test/e2e/mergeability.test.ts",
  "test/e2e/prerelease.test.ts",
  "test/e2e/phase1.test.ts",
  "test/hostile/state.test.ts",
  "test/e2e/properties.test.ts",
];

export default class LongRunsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const index = LONG_RUNS.indexOf(relative(root, spec.moduleId));
      return index < 0 ? LONG_RUNS.length : index;
    };
    // A stable sort: the other files keep Vitest's order.
    return sorted.toSorted((a, b) => rank(a) - rank(b));
  }
}
