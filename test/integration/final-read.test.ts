// Phase 7's read of the orchestration repository's discussions keeps only the app's own:
// a person's discussion carrying the announcement's marker does not stand for it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "github-sim";
import { executeActions } from "../../src/github/act.js";
import { observeFinal } from "../../src/github/observe-final.js";
import { commentMarker } from "../../src/train/state.js";
import { setup, type Octokit } from "../../packages/github-sim/test/helpers.js";

describe("the Phase 7 read of discussions", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.seed.repo("acme/trains", { files: { "README.md": "# trains\n" } });
  });
  afterEach(async () => sim.close());

  it("lists the discussions the app created, not a person's with the same marker", async () => {
    sim.seed.user("mallory");
    const categoryId = sim.seed.discussionCategory("acme/trains", "Announcements");
    const repo = sim.store.requireRepo("acme/trains");
    const body = `${commentMarker("announce-v2.0.0")}\n## 🎉 v2.0.0 is released`;
    const id = sim.store.ids.take("discussion");
    repo.discussions.push({
      id,
      nodeId: `D_${id}`,
      number: repo.nextNumber++,
      title: "Released: v2.0.0",
      body,
      categoryId,
      user: "mallory",
      createdAt: "2026-12-01T10:00:00Z",
    });
    const read = () =>
      observeFinal(octokit.graphql, {
        owner: "acme",
        repo: "trains",
        tag: "v2.0.0",
        botLogin: sim.app.botLogin,
        repos: [],
      });
    expect((await read()).orchestration.discussions).toEqual([]);

    const train = { owner: "acme", repo: "trains", issueNumber: 1, installationId: 77 };
    const title = "Released: v2.0.0";
    const repositoryId = (await read()).orchestration.id;
    expect(
      await executeActions(octokit, train, [{ kind: "createDiscussion", repositoryId, categoryId, title, body }]),
    ).toEqual({ done: 1, failures: [] });
    expect((await read()).orchestration.discussions).toEqual([
      { title, url: expect.stringMatching(/\/acme\/trains\/discussions\/\d+$/), body },
    ]);
  });
});
