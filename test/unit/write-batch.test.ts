import { describe, expect, it } from "vitest";
import { byRepository, derivedFromGitHub, WriteBatch } from "../../src/github/write-batch.js";
import type { Action } from "../../src/train/model/actions.js";

const branch = (repo: string): Action => ({
  kind: "createBranch",
  repo,
  branch: "release/v2.0.0",
  sha: "a".repeat(40),
});
const pr = (repo: string): Action => ({
  kind: "openPullRequest",
  repo,
  head: "release/v2.0.0",
  base: "main",
  title: "release: v2.0.0",
  body: "",
});

describe("write batches", () => {
  it("leaves for later only what decide derives from GitHub alone, outside the orchestration repository", () => {
    expect(derivedFromGitHub(branch("o/a"), "o/release-train")).toBe(true);
    expect(derivedFromGitHub(branch("o/release-train"), "o/release-train")).toBe(false);
    expect(
      derivedFromGitHub({ kind: "requestReviews", repo: "o/a", number: 1, users: [], teams: ["t"] }, "o/release-train"),
    ).toBe(false);
    expect(derivedFromGitHub({ kind: "comment", key: "k", body: "b" }, "o/release-train")).toBe(false);
  });

  it("keeps a repository's consecutive writes together", () => {
    expect(
      byRepository([branch("o/a"), pr("o/a"), branch("o/b"), pr("o/b"), branch("o/a")]).map((g) => g.length),
    ).toEqual([2, 2, 1]);
  });

  it("admits groups up to the bound, and always the first", async () => {
    const batch = new WriteBatch({ maxWrites: 4, windowMs: 30_000, now: () => 0 });
    expect(await batch.admits(5)).toBe(true);
    batch.done(2);
    expect(await batch.admits(2)).toBe(true);
    batch.done(2);
    expect(await batch.admits(1)).toBe(false);
  });

  it("ends once GitHub's limits would hold the next group and the rendering after it past the window", async () => {
    let now = 1_000;
    const asked: number[] = [];
    const batch = new WriteBatch({
      maxWrites: 50,
      windowMs: 30_000,
      now: () => now,
      nextWritesAt: async (count) => {
        asked.push(count);
        return now + 3_000 * count;
      },
    });
    expect(await batch.admits(3)).toBe(true);
    batch.done(3);
    now = 10_000;
    expect(await batch.admits(3)).toBe(true); // its 3 writes and the rendering by 22 s, within 1 s + 30 s
    batch.done(3);
    now = 20_000;
    expect(await batch.admits(3)).toBe(false); // by 32 s: past the window
    expect(asked).toEqual([4, 4]);
  });
});
