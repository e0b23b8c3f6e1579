import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { setup, type Octokit } from "./helpers.js";

describe("sim seeding and clock", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    ({ sim, octokit } = await setup({ clock: { start: "2025-03-01T09:00:00Z", frozen: true } }));
  });
  afterEach(async () => {
    await sim.close();
  });

  it("seeds without webhooks or request records", async () => {
    sim.seed.user("alice", { name: "Alice Liddell", email: "alice@example.com" });
    sim.seed.user("renovate[bot]", { type: "Bot" });
    sim.seed.team("acme", "release-managers", { maintainers: ["alice"] });
    const sha = sim.seed.commit("acme/web", "main", {
      message: "feat: a",
      files: { "a.txt": "a", "README.md": null },
      author: "alice",
    });
    sim.seed.tag("acme/web", "v1.0.0", { target: sha });
    sim.seed.tag("acme/web", "v1.0.1", { target: sha, message: "annotated" });
    sim.seed.label("acme/web", "release-train", { color: "0e8a16" });
    const ms = sim.seed.milestone("acme/web", "1.0.0");
    const n = sim.seed.issue("acme/web", {
      title: "Release 1.0.0",
      author: "alice",
      labels: ["release-train"],
      milestone: ms,
      comments: [{ author: "renovate[bot]", body: "hi" }],
    });
    sim.seed.comment("acme/web", n, "/train start", "alice");
    await sim.settle();
    expect(sim.deliveries.length).toBe(0);
    expect(sim.requests.count()).toBe(0);
    expect(sim.userActions.count()).toBe(0);

    const repo = sim.store.requireRepo("acme/web");
    const commit = repo.git.commit(sha)!;
    expect(commit.author).toMatchObject({
      name: "Alice Liddell",
      email: "alice@example.com",
      login: "alice",
      date: "2025-03-01T09:00:00Z",
    });
    expect([...commit.files.keys()].sort()).toEqual(["a.txt", "package.json"]);
    expect(repo.git.get(repo.git.refs.get("refs/tags/v1.0.1")!)!.type).toBe("tag");
    expect(repo.git.refs.get("refs/tags/v1.0.0")).toBe(sha);
    const issue = await octokit.rest.issues.get({ owner: "acme", repo: "web", issue_number: n });
    expect(issue.data).toMatchObject({
      labels: [{ name: "release-train", color: "0e8a16" }],
      milestone: { number: ms },
      comments: 2,
      user: { login: "alice" },
    });
  });

  it("stamps everything with the simulated clock", async () => {
    const n = sim.as("alice").createIssue({ repo: "acme/web", title: "t" });
    sim.clock.advance(90 * 60_000);
    sim.as("bob").comment("acme/web", n, "later");
    sim.clock.set("2025-04-01T00:00:00Z");
    const sha = sim.as("alice").pushCommit("acme/web", "main", { message: "x", files: { x: "x" } });
    const issue = await octokit.rest.issues.get({ owner: "acme", repo: "web", issue_number: n });
    expect(issue.data.created_at).toBe("2025-03-01T09:00:00Z");
    expect(issue.data.updated_at).toBe("2025-03-01T10:30:00Z");
    const comments = await octokit.rest.issues.listComments({ owner: "acme", repo: "web", issue_number: n });
    expect(comments.data[0]!.created_at).toBe("2025-03-01T10:30:00Z");
    const commit = await octokit.rest.git.getCommit({ owner: "acme", repo: "web", commit_sha: sha });
    expect(commit.data.author.date).toBe("2025-04-01T00:00:00Z");
    expect(sim.clock.now().toISOString()).toBe("2025-04-01T00:00:00.000Z");
  });

  it("records user actions, and surfaces API errors from them", () => {
    expect(() => sim.as("alice").comment("acme/web", 999, "x")).toThrow(expect.objectContaining({ status: 404 }));
    expect(sim.userActions.list()).toEqual([
      expect.objectContaining({ route: "user.comment", status: 404, actor: "alice" }),
    ]);
  });
});
