import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import LongRunsFirst from "./test/sequencer.js";

const TESTS = ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"];
/** The files that run on vitest's fake timers. */
const FAKE_CLOCK = [
  "test/unit/lanes.test.ts",
  "test/replicas/lease.test.ts",
  "test/e2e/transient.test.ts",
  "packages/github-sim/test/deployer.test.ts",
];

export default defineConfig({
  // `github-sim` is this checkout's workspace sources, also when node_modules is shared with
  // another checkout of the repository (git worktrees); tsconfig.json's paths say the same to tsc and tsx.
  resolve: {
    alias: [
      {
        find: /^github-sim$/,
        replacement: fileURLToPath(new URL("packages/github-sim/src/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    // Timeouts only catch hangs: no assertion depends on speed, and a test that runs
    // trains or starts processes may take several times longer on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Most tests wait on webhooks, lanes and deployers about a quarter of the time: three workers
    // a core keep the cores busy (measured on 2 cores: the suite takes 5 min 55 s with 4 workers,
    // 5 min 24 s with 6, 5 min 33 s with 8; Vitest's default is a single worker there).
    maxWorkers: Math.max(2, availableParallelism() * 3),
    sequence: { sequencer: LongRunsFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          // The product's tests and those of the simulated GitHub (packages/github-sim).
          include: TESTS,
          exclude: FAKE_CLOCK,
          // A worker runs its files one after another in one process: loading Probot, Octokit and
          // the simulator once per worker instead of once per file saves about a fifth of the run.
          // Every file closes what it starts and restores what it patches (nock, spies).
          isolate: false,
        },
      },
      {
        extends: true,
        // Fake timers would also drive whatever an earlier file in a shared process left running.
        test: { name: "isolated", include: FAKE_CLOCK },
      },
    ],
  },
});
