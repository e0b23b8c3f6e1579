import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

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
    // The product's tests and those of the simulated GitHub (packages/github-sim).
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    // Timeouts only catch hangs: no assertion depends on speed, and a test that runs
    // trains or starts processes may take several times longer on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Most tests wait on webhooks, lanes and deployers far more than they compute: twice as
    // many workers as cores keeps the cores busy (Vitest's default, one fewer than the cores,
    // is a single worker on a 2-core machine).
    maxWorkers: Math.max(2, availableParallelism() * 2),
  },
});
