import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SimulatedGitHub } from "../src/index.js";
import { expectStatus, refusal, setup, type Octokit } from "./helpers.js";

const repo = { owner: "acme", repo: "web" };
const PR_REQUIRED = { required_pull_request_reviews: { required_approving_review_count: 1 } };
const CLASSIC_PR =
  "Protected branch update failed for refs/heads/main.\n\nChanges must be made through a pull request.";
const RULESET_PR = "Repository rule violations found\n\nChanges must be made through a pull request.\n\n";

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("sim: direct pushes to a branch that requires pull requests", () => {
  let sim: SimulatedGitHub;
  let octokit: Octokit;
  const main = () => sim.store.requireRepo("acme/web").git.refs.get("refs/heads/main")!;
  const push = (login: string, branch = "main") =>
    sim
      .as(login)
      .pushCommit("acme/web", branch, { message: `chore: ${login} pushes`, files: { [`${login}.txt`]: "direct\n" } });

  beforeEach(async () => {
    ({ sim, octokit } = await setup());
    sim.seed.team("acme", "web-team", { maintainers: ["wanda"], members: ["walt"] });
    sim.seed.team("acme", "release-managers", { maintainers: ["olga"] });
    sim.seed.repoAdmin("acme/web", "ada");
  });
  afterEach(async () => {
    await sim.close();
  });

  it("classic protection: a person's push and force-push, the app's ref update and the contents API are refused with GitHub's status and text", async () => {
    sim.seed.protectBranch("acme/web", "main", { ...PR_REQUIRED, enforce_admins: true });
    const before = main();
    const readme = sim.store.requireRepo("acme/web").git.commit(before)!.files.get("README.md")!;

    expect(refusal(() => push("walt"))).toEqual({ status: 422, message: CLASSIC_PR });
    expect(refusal(() => push("ada"))).toEqual({ status: 422, message: CLASSIC_PR }); // enforce_admins binds admins too
    expect(refusal(() => sim.as("walt").forcePush("acme/web", "main", null))).toEqual({
      status: 422,
      message: "Protected branch update failed for refs/heads/main.\n\nCannot delete this protected branch.",
    });

    sim.seed.branch("acme/web", "topic");
    const topic = sim.seed.commit("acme/web", "topic", { message: "feat: topic", files: { "topic.txt": "t\n" } });
    const refs = await expectStatus(octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: topic }), 422);
    expect(refs["message"]).toBe(CLASSIC_PR);
    const update = await expectStatus(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "README.md",
        message: "docs",
        content: b64("# web\n"),
        sha: readme,
        branch: "main",
      }),
      409,
    );
    expect(update["message"]).toBe("Could not update file: Changes must be made through a pull request.");
    const create = await expectStatus(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "NEW.md",
        message: "docs",
        content: b64("new\n"),
        branch: "main",
      }),
      409,
    );
    expect(create["message"]).toBe("Could not create file: Changes must be made through a pull request.");
    const remove = await expectStatus(
      octokit.rest.repos.deleteFile({ ...repo, path: "README.md", message: "docs", sha: readme, branch: "main" }),
      409,
    );
    expect(remove["message"]).toBe("Could not delete file: Changes must be made through a pull request.");
    expect(main()).toBe(before);

    // An unprotected branch takes all of them.
    push("walt", "topic");
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/topic", sha: before, force: true });
    expect(sim.store.requireRepo("acme/web").git.refs.get("refs/heads/topic")).toBe(before);
  });

  it("classic protection without enforce_admins: an admin's push lands, anyone else's is refused", async () => {
    sim.seed.protectBranch("acme/web", "main", { ...PR_REQUIRED, enforce_admins: false });
    expect(refusal(() => push("wanda"))).toEqual({ status: 422, message: CLASSIC_PR });
    const sha = push("ada");
    expect(main()).toBe(sha);
  });

  it("a ruleset's pull_request rule: refused for all but its bypass actors (a team, the admin role, the app), and a pull_request-mode bypass does not cover a push", async () => {
    const id = sim.seed.ruleset("acme/web", {
      name: "main",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [{ type: "pull_request", parameters: { required_approving_review_count: 1 } }],
    });
    const before = main();
    expect(refusal(() => push("olga"))).toEqual({ status: 422, message: RULESET_PR });
    expect(refusal(() => push("ada"))).toEqual({ status: 422, message: RULESET_PR });
    sim.seed.branch("acme/web", "next");
    const next = sim.seed.commit("acme/web", "next", { message: "feat: next", files: { "next.txt": "n\n" } });
    const refs = await expectStatus(octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: next }), 422);
    expect(refs["message"]).toBe(RULESET_PR);
    // The contents API answers a ruleset's violations with 409, not the git APIs' 422.
    const readme = sim.store.requireRepo("acme/web").git.commit(before)!.files.get("README.md")!;
    const update = await expectStatus(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "README.md",
        message: "docs",
        content: b64("# web\n"),
        sha: readme,
        branch: "main",
      }),
      409,
    );
    expect(update["message"]).toBe(RULESET_PR);
    const remove = await expectStatus(
      octokit.rest.repos.deleteFile({ ...repo, path: "README.md", message: "docs", sha: readme, branch: "main" }),
      409,
    );
    expect(remove["message"]).toBe(RULESET_PR);
    expect(main()).toBe(before);

    const managers = sim.store.team("acme", "release-managers")!.id;
    const webTeam = sim.store.team("acme", "web-team")!.id;
    await octokit.request("PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
      ...repo,
      ruleset_id: id,
      bypass_actors: [
        { actor_id: managers, actor_type: "Team", bypass_mode: "always" },
        { actor_id: webTeam, actor_type: "Team", bypass_mode: "pull_request" },
        { actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "always" },
        { actor_id: sim.app.id, actor_type: "Integration", bypass_mode: "always" },
      ],
    });
    const read = await octokit.request("GET /repos/{owner}/{repo}/rulesets/{ruleset_id}", { ...repo, ruleset_id: id });
    expect(read.data.bypass_actors).toEqual([
      { actor_id: managers, actor_type: "Team", bypass_mode: "always" },
      { actor_id: webTeam, actor_type: "Team", bypass_mode: "pull_request" },
      { actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "always" },
      { actor_id: sim.app.id, actor_type: "Integration", bypass_mode: "always" },
    ]);
    expect(read.data.current_user_can_bypass).toBe("always");

    expect(refusal(() => push("walt"))).toEqual({ status: 422, message: RULESET_PR });
    expect(main()).toBe(before);
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: next });
    expect(main()).toBe(next);
    const written = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "README.md",
      message: "docs",
      content: b64("# web\n\nbypassed\n"),
      sha: readme,
      branch: "main",
    });
    expect(main()).toBe(written.data.commit.sha);
    for (const login of ["olga", "ada"]) {
      const sha = push(login);
      expect(main()).toBe(sha);
    }
  });
});
