// End to end: Phase 7's merges and tags on the simulated GitHub.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS, QUEUE_REPO } from "../../src/demo/constellation.js";
import { LEVEL, ORCH, toApproved, toBaked } from "./helpers.js";
import { summarySchema } from "../../src/train/summary.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";
const lastComment = (w: DemoWorld, issue: number) =>
  w.sim.store.commentsOf(w.sim.store.requireRepo(ORCH), issue).at(-1)!.body;

function released(w: DemoWorld, name: string) {
  const repo = w.sim.store.requireRepo(`${ORG}/${name}`);
  const pr = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
  const tagRef = repo.git.refs.get("refs/tags/v2.0.0");
  return {
    merged: pr.merged,
    mergeCommit: pr.mergeCommitSha ?? null,
    tagged: tagRef ? repo.git.resolveCommit("v2.0.0") : null,
    annotated: tagRef ? tagRef !== repo.git.resolveCommit("v2.0.0") : false,
  };
}

describe("Phase 7 end to end: merge and tag", () => {
  it("merges every release PR in release order, guarded by the approved head, and tags v2.0.0 at each merge commit", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    expect(stepLine(trackingBody(world, issue), "7.1")).toMatch(/^- \[ \] \*\*7\.1\*\* .* · 0\/11 — /);
    const mergeBodies: Array<[string, unknown]> = [];
    world.sim.faults.add((req) => {
      if (req.method === "PUT" && req.path.endsWith("/merge")) mergeBodies.push([req.path, req.body]);
      return undefined;
    });
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
    await world.settle();

    for (const name of PLAYBOOK_REPOS) {
      const state = released(world, name);
      expect(state.merged, name).toBe(true);
      expect(state.tagged, name).toBe(state.mergeCommit);
      expect(state.annotated, name).toBe(true);
    }
    // Ten merges through pulls.merge; blackroad-os-api's default branch has a merge queue, so its PR is enqueued instead.
    const merges = world.sim.requests
      .list()
      .filter(
        (r) =>
          (r.method === "PUT" && r.path.endsWith("/merge")) ||
          (r.graphql?.operationName === "ReleaseEnqueue" && r.status === 200),
      );
    expect(merges.filter((r) => r.method === "PUT")).toHaveLength(10);
    expect(merges.filter((r) => r.graphql)).toHaveLength(1);
    // In release order: a level's PRs merge (or are enqueued) only after every PR of the levels before it.
    const levels = merges.map((r) => LEVEL[r.graphql ? QUEUE_REPO : r.path.split("/")[3]!]!);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    // Each merge names the approved head (GitHub refuses with 409 if the branch moved) and the method.
    expect(mergeBodies).toHaveLength(10);
    for (const [path, body] of mergeBodies) {
      const name = path.split("/")[3]!;
      expect(body, name).toEqual({
        sha: world.sim.store.requireRepo(`${ORG}/${name}`).git.resolveCommit("release/v2.0.0"),
        merge_method: "merge",
        commit_title: expect.stringMatching(/^release: v2\.0\.0 \(#\d+\)$/),
      });
    }
    const body = trackingBody(world, issue);
    expect(stepLine(body, "7.1")).toMatch(/^- \[x\] .* · 11\/11/);
    expect(stepLine(body, "7.2")).toMatch(/^- \[x\] .* · 11\/11/);
    // The train's own tag is not "a newer release" for precondition P1.
    expect(stepLine(body, "P1")).toMatch(/^- \[x\]/);
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);
  });

  it("a merge conflict holds the train with the reason; /retry after the fix completes it", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    const web = `${ORG}/blackroad-os-web`;
    const original = world.sim.store
      .requireRepo(web)
      .git.readFile(world.sim.store.requireRepo(web).git.resolveCommit("main")!, "CHANGELOG.md")!
      .toString("utf8");
    world.sim.seed.commit(web, "main", {
      message: "docs: hand-edited changelog",
      files: { "CHANGELOG.md": "# Changelog\n\nEdited by hand on main.\n" },
    });
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();

    let body = trackingBody(world, issue);
    expect(body).toMatch(
      /\*\*⏸️ On hold: blackroad-os-web#\d+ has merge conflicts with its default branch: resolve them on the release branch, then `\/retry`\*\*/,
    );
    expect(released(world, "blackroad-os-web").merged).toBe(false);
    // Levels before the web's merged; the web's level and later wait.
    expect(released(world, "blackroad-os-api").merged).toBe(true);
    expect(released(world, "blackroad-os-docs").merged).toBe(false);

    world.sim.as("bella").comment(ORCH, issue, "/retry");
    await world.settle();
    expect(lastComment(world, issue)).toContain("only members of @release-managers can use `/retry`.");

    world.sim.seed.commit(web, "main", {
      message: "revert: hand-edited changelog",
      files: { "CHANGELOG.md": original },
    });
    world.sim.as("rita").comment(ORCH, issue, "/retry");
    await world.settle();
    body = trackingBody(world, issue);
    expect(body).not.toContain("On hold");
    for (const name of PLAYBOOK_REPOS)
      expect(released(world, name).tagged, name).toBe(released(world, name).mergeCommit);
  });

  it("an existing tag at another commit stops the train with the message and is never moved", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    const core = `${ORG}/blackroad-os-core`;
    const elsewhere = world.sim.store.requireRepo(core).git.resolveCommit("main")!;
    world.sim.seed.tag(core, "v2.0.0", { message: "made by hand", target: elsewhere });
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();

    const body = trackingBody(world, issue);
    expect(stepLine(body, "7.2")).toContain(
      `v2.0.0 already exists in blackroad-os-core at ${elsewhere.slice(0, 7)}, not at the merge commit ${released(world, "blackroad-os-core").mergeCommit!.slice(0, 7)}; release-train never moves a tag`,
    );
    expect(body).toContain("**⏸️ On hold: v2.0.0 already exists in blackroad-os-core");
    expect(world.sim.store.requireRepo(core).git.resolveCommit("v2.0.0")).toBe(elsewhere);
  });
});

describe("Phase 7 end to end: a whole train", () => {
  it("releases, records, archives, announces and ends: summary.json valid and true to GitHub, tracking issue closed after the retrospective", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 4, frozenAt: START });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4 no escalations");
    await world.settle();

    const orch = world.sim.store.requireRepo(ORCH);
    // 7.3: a release per repository with its changelog section, and the constellation release by level.
    for (const name of PLAYBOOK_REPOS) {
      const repo = world.sim.store.requireRepo(`${ORG}/${name}`);
      const release = repo.releases.find((r) => r.tagName === "v2.0.0");
      expect(release, name).toMatchObject({ draft: false, name: `${name} v2.0.0` });
      const changelog = repo.git.readFile(repo.git.resolveCommit("v2.0.0")!, "CHANGELOG.md")!.toString("utf8");
      const section = changelog.split("\n## ")[1]!.split("\n").slice(1).join("\n").trim();
      expect(release!.body).toBe(section);
    }
    const constellation = orch.releases.find((r) => r.tagName === "v2.0.0")!;
    expect(constellation.name).toBe("Release train v2.0.0");
    for (const level of [1, 2, 3, 4, 5]) expect(constellation.body).toContain(`## Level ${level}`);
    for (const name of PLAYBOOK_REPOS) expect(constellation.body).toContain(`### [${name}](`);
    expect(constellation.body).toContain("## Sign-offs");
    expect(constellation.body).toContain("- **final approval** — @olga");

    // 7.4: status/summary.json, valid and consistent with GitHub.
    const text = orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")!.toString("utf8");
    const summary = summarySchema.parse(JSON.parse(text));
    expect(summary.train).toMatchObject({ id: `${ORCH}#${issue}`, version: "2.0.0", tag: "v2.0.0" });
    expect(summary.repos).toHaveLength(11);
    for (const entry of summary.repos) {
      const repo = world.sim.store.requireRepo(entry.fullName);
      expect(entry.commit, entry.name).toBe(repo.git.resolveCommit("v2.0.0"));
      expect(entry.level).toBe(LEVEL[entry.name]);
      const production = entry.deployments.filter((d) => d.environment === "production" && d.task === "deploy");
      expect(production.map((d) => d.sha)).toEqual([repo.git.resolveCommit("release/v2.0.0")]);
      expect(entry.deployments.length).toBe(repo.deployments.length);
    }
    expect(summary.signoffs.map((s) => s.team).sort()).toEqual([
      "backend",
      "core-platform",
      "docs",
      "frontend",
      "infrastructure",
      "packs",
    ]);
    expect(summary.approval?.by).toBe("olga");
    expect(summary.phases.find((p) => p.phase === 5)?.minutes).toBe(40);

    // 7.5: the archive on the constellation release; 7.6: the announcement; 7.7: the retrospective.
    expect(
      (constellation as unknown as { assets?: Array<{ name: string }> }).assets?.map((a) => a.name).sort(),
    ).toEqual(["audit-log.md", "summary.json"]);
    const comments = world.sim.store.commentsOf(orch, issue);
    const announcement = comments.filter((c) => c.body.includes("v2.0.0 is released"));
    expect(announcement).toHaveLength(1);
    expect(announcement[0]!.body).toContain("@bella");
    const retro = [...orch.issues.values()].find((i) => i.labels.includes("release-train:retrospective"))!;
    expect(retro.title).toBe("Retrospective: release train v2.0.0");
    expect(retro.body).toContain("| 5. Production Deployment | 40 min |");

    let body = trackingBody(world, issue);
    for (const id of ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]) expect(stepLine(body, id), id).toMatch(/^- \[x\]/);
    for (const id of ["Q1", "Q2", "Q3", "Q4", "Q5"]) expect(stepLine(body, id), id).toMatch(/^- \[x\]/);
    expect(body).toContain("**🎉 Released v2.0.0 — retrospective pending (7.7)**");
    expect([...orch.milestones.values()].find((m) => m.title === "v2.0.0")?.state).toBe("closed");
    expect(orch.issues.get(issue)!.state).toBe("open");

    // Nothing more to do until the retrospective is closed.
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);

    world.sim.as("rita").closeIssue(ORCH, retro.number);
    await world.settle();
    body = trackingBody(world, issue);
    expect(stepLine(body, "7.7")).toMatch(/^- \[x\]/);
    expect(orch.issues.get(issue)!.state).toBe("closed");
    expect(world.sim.store.commentsOf(orch, issue).at(-1)!.body).toContain("🏁 The release train v2.0.0 is complete");
  }, 120_000);

  it("with draftReleases the notes stay drafts until /check 7.3", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const orch = world.sim.store.requireRepo(ORCH);
    const config = orch.git.readFile(orch.git.resolveCommit("main")!, ".github/release-train.yml")!.toString("utf8");
    world.sim.seed.commit(ORCH, "main", {
      message: "chore: review release notes",
      files: { ".github/release-train.yml": config.replace("draftReleases: false", "draftReleases: true") },
    });
    const issue = await toApproved(world);
    await toBaked(world, issue);
    world.sim.as("oscar").comment(ORCH, issue, "/check 6.4");
    await world.settle();
    const releases = () =>
      PLAYBOOK_REPOS.concat("release-train").map((n) =>
        world.sim.store.requireRepo(`${ORG}/${n}`).releases.find((r) => r.tagName === "v2.0.0"),
      );
    expect(releases().map((r) => r?.draft)).toEqual(Array(12).fill(true));
    expect(stepLine(trackingBody(world, issue), "7.3")).toContain(
      "drafts ready for review: `/check 7.3` publishes them",
    );
    expect(orch.git.readFile(orch.git.resolveCommit("main")!, "status/summary.json")).toBeUndefined();

    world.sim.as("bella").comment(ORCH, issue, "/check 7.3");
    await world.settle();
    expect(lastComment(world, issue)).toContain(
      "only members of @release-managers can publish the draft release notes (7.3).",
    );
    world.sim.as("rita").comment(ORCH, issue, "/check 7.3");
    await world.settle();
    expect(releases().map((r) => r?.draft)).toEqual(Array(12).fill(false));
    expect(stepLine(trackingBody(world, issue), "7.4")).toMatch(/^- \[x\]/);
  }, 120_000);
});
