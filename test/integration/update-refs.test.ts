// GraphQL updateRefs (a ref moved only from the value it is expected at) and the app's
// cherry-pick write on top of it: Git Data API tree and commit, then the guarded ref.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { executeActions } from "../../src/github/act.js";
import type { TrainRef } from "../../src/train/model/observation.js";
import type { Action } from "../../src/train/model/actions.js";
import type { SimulatedGitHub } from "github-sim";
import { setup, type Octokit } from "../../packages/github-sim/test/helpers.js";

const UPDATE = `mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }`;
const train: TrainRef = { owner: "acme", repo: "web", issueNumber: 1, installationId: 77 };

describe("updateRefs and the cherry-pick write", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  let head: string;
  let repositoryId: string;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    head = sim.seed.commit("acme/web", "main", { message: "feat: start", files: { "src/a.ts": "a\n" } });
    sim.seed.branch("acme/web", "release/v1.0.1", head);
    repositoryId = (await octokit.rest.repos.get({ owner: "acme", repo: "web" })).data.node_id;
  });
  afterEach(async () => sim.close());

  const git = () => sim.store.requireRepo("acme/web").git;

  it("moves a ref only from its expected value, and only forward unless forced", async () => {
    const next = sim.seed.commit("acme/web", "main", { message: "fix: b", files: { "src/b.ts": "b\n" } });
    const name = "refs/heads/release/v1.0.1";
    await expect(
      octokit.graphql(UPDATE, { input: { repositoryId, refUpdates: [{ name, beforeOid: next, afterOid: next }] } }),
    ).rejects.toThrow(/is at .*not at the expected/);
    expect(git().resolveCommit("release/v1.0.1")).toBe(head);
    await octokit.graphql(UPDATE, { input: { repositoryId, refUpdates: [{ name, beforeOid: head, afterOid: next }] } });
    expect(git().resolveCommit("release/v1.0.1")).toBe(next);
    await expect(
      octokit.graphql(UPDATE, { input: { repositoryId, refUpdates: [{ name, beforeOid: next, afterOid: head }] } }),
    ).rejects.toThrow(/not a fast forward/);
    await octokit.graphql(UPDATE, {
      input: { repositoryId, refUpdates: [{ name, beforeOid: next, afterOid: head, force: true }] },
    });
    expect(git().resolveCommit("release/v1.0.1")).toBe(head);
  });

  it("writes a cherry-pick once: a second write of the same pick finds its trailer on the branch; a moved branch refuses it", async () => {
    const tree = git().commit(head)!.tree;
    const blob = (await octokit.rest.git.createBlob({ owner: "acme", repo: "web", content: "fixed\n" })).data.sha;
    const pick: Action = {
      kind: "cherryPick",
      repo: "acme/web",
      repositoryId,
      branch: "release/v1.0.1",
      sha: "f".repeat(40),
      expectedHeadOid: head,
      baseTree: tree,
      tree: [{ path: "src/a.ts", mode: "100644", type: "blob", sha: blob }],
      message: `fix: a\n\n(cherry picked from commit ${"f".repeat(40)})`,
    };
    expect(await executeActions(octokit, train, [pick])).toEqual({ done: 1, failures: [] });
    const picked = git().resolveCommit("release/v1.0.1")!;
    const commit = git().commit(picked)!;
    expect(commit.parents).toEqual([head]);
    // The app writes it with no author of its own, so GitHub signs it.
    expect(commit.verified).toBe(true);
    expect(git().readFile(picked, "src/a.ts")!.toString("utf8")).toBe("fixed\n");
    const commits = sim.requests.list().length;
    // The same pick again (a decision made before GitHub showed the first): nothing is written.
    expect(await executeActions(octokit, train, [pick])).toEqual({ done: 1, failures: [] });
    expect(
      sim.requests
        .list()
        .slice(commits)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);
    expect(git().resolveCommit("release/v1.0.1")).toBe(picked);
    // Another pick made on the old head: the ref does not move.
    const other: Action = {
      ...pick,
      sha: "e".repeat(40),
      message: `fix: e\n\n(cherry picked from commit ${"e".repeat(40)})`,
    };
    const result = await executeActions(octokit, train, [other]);
    expect(result.failures).toEqual([
      expect.stringContaining("cherry-pick of eeeeeee onto release/v1.0.1 in acme/web"),
    ]);
    expect(git().resolveCommit("release/v1.0.1")).toBe(picked);
  });
});
