// End to end: `/rc` opens the next candidate's train on the shared release branch, and
// `/promote` the final release's, from the last candidate's finished train.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { fixOnReleaseBranch, releaseTrain, successorIssue } from "../../src/demo/scenarios.js";
import { toApproved, validateStaging } from "../../src/demo/script.js";
import { ORCH } from "./helpers.js";
import { changelogHeading, latestTag, recordReleases, releaseStable, summaryOf } from "./releases.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const API = `${ORG}/blackroad-os-api`;
const BOT = "release-train[bot]";

/** The app's replies on `issue` that quote `command`. */
function repliesTo(w: DemoWorld, issue: number, command: string): string[] {
  return [...w.sim.store.comments.values()]
    .filter(
      (c) =>
        c.repo === ORCH && !c.deleted && c.issueNumber === issue && c.user === BOT && c.body.includes(`> ${command}`),
    )
    .map((c) => c.body);
}

function openedByApp(w: DemoWorld, title: string) {
  return [...w.sim.store.requireRepo(ORCH).issues.values()].filter(
    (i) => !i.isPull && i.title === title && i.user === BOT,
  );
}

describe("/rc and /promote", () => {
  it("rc.1 → /rc → rc.2 → /promote → v2.0.0: one release branch, candidates never latest, the final release latest with a changelog since the last stable tag, rc tags kept", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    const stable = releaseStable(world, API);
    const sent = recordReleases(world);

    // Before rc.1 is released, `/rc` is refused and nothing is opened; only the orchestration team may continue a train.
    const rc1 = await toApproved(world, "v2.0.0-rc.1");
    world.sim.as("olga").comment(ORCH, rc1, "/rc");
    await world.settle();
    expect(repliesTo(world, rc1, "/rc").join()).toContain("v2.0.0-rc.1 is not released yet");
    await validateStaging(world, rc1);
    world.sim.as("ivan").comment(ORCH, rc1, "/promote");
    await world.settle();
    expect(repliesTo(world, rc1, "/promote").join()).toContain("only members of @release-managers can use `/promote`");
    expect(openedByApp(world, "Release v2.0.0")).toHaveLength(0);
    for (const body of sent.splice(0))
      expect(body).toMatchObject({ tag_name: "v2.0.0-rc.1", prerelease: true, make_latest: "false" });
    const api = world.sim.store.requireRepo(API);
    const rc1Tags = PLAYBOOK_REPOS.map((name) =>
      world.sim.store.requireRepo(`${ORG}/${name}`).git.refs.get("refs/tags/v2.0.0-rc.1"),
    );
    expect(rc1Tags.every(Boolean)).toBe(true);

    // `/rc` on the finished rc.1: the app opens rc.2's tracking issue, labelled, and its train starts by itself.
    world.sim.as("olga").comment(ORCH, rc1, "/rc");
    await world.settle();
    const opened = openedByApp(world, "Release v2.0.0-rc.2");
    expect(opened).toHaveLength(1);
    expect(opened[0]!.labels).toEqual(expect.arrayContaining(["release-train", "release-train:continued"]));
    expect(opened[0]!.body).toContain(`#${rc1}`);
    const rc2 = successorIssue(world, "v2.0.0-rc.2");
    expect(trackingBody(world, rc2)).toContain("# 🚂 Release train v2.0.0-rc.2");
    // A second `/rc` opens nothing more: it says where the train went.
    world.sim.as("rita").comment(ORCH, rc1, "/rc again");
    await world.settle();
    expect(repliesTo(world, rc1, "/rc again").join()).toContain("already continued as v2.0.0-rc.2");
    expect(openedByApp(world, "Release v2.0.0-rc.2")).toHaveLength(1);

    // A fix merged into the release branch, then rc.2 on its train.
    const fix = fixOnReleaseBranch(world, "blackroad-os-api");
    await releaseTrain(world, "v2.0.0-rc.2", { issue: rc2, finalCommand: "/promote" });
    for (const body of sent.splice(0))
      expect(body).toMatchObject({ tag_name: "v2.0.0-rc.2", prerelease: true, make_latest: "false" });
    expect(api.git.isAncestor(fix, api.git.resolveCommit("v2.0.0-rc.2")!)).toBe(true);
    expect(api.releases.find((r) => r.tagName === "v2.0.0-rc.2")!.body).toMatch(
      /\*\*Since v2\.0\.0-rc\.1:\*\* \S+\/compare\/v2\.0\.0-rc\.1\.\.\.v2\.0\.0-rc\.2/,
    );
    expect(changelogHeading(world, API, "v2.0.0-rc.2")).toContain(`compare/${stable}...v2.0.0-rc.2`);
    expect(latestTag(world, API)).toBe(stable);
    // rc.1's train stayed open while rc.2 ran (its summary.json no longer rc.1's to write); its retrospective done, it closes.
    const rc1Retro = [...world.sim.store.requireRepo(ORCH).issues.values()].find(
      (i) => i.title === "Retrospective: release train v2.0.0-rc.1",
    )!;
    world.sim.as("rita").closeIssue(ORCH, rc1Retro.number);
    await world.settle();
    expect(summaryOf(world).train).toMatchObject({ version: "2.0.0-rc.2", mode: "prerelease" });
    expect(world.sim.store.requireRepo(ORCH).issues.get(rc1)?.state).toBe("closed");

    // `/promote` on rc.2's finished train (before its retrospective closed it): the final release's train, from the same branch.
    const final = successorIssue(world, "v2.0.0");
    expect(openedByApp(world, "Release v2.0.0")).toHaveLength(1);
    await releaseTrain(world, "v2.0.0", { issue: final });
    const finalBodies = sent.splice(0);
    expect(finalBodies).toHaveLength(12);
    for (const body of finalBodies)
      expect(body).toMatchObject({ tag_name: "v2.0.0", prerelease: false, make_latest: "true" });
    const pulls = [...api.pulls.values()].filter((p) => p.headRef === "release/v2.0.0");
    expect(pulls.map((p) => [api.issues.get(p.number)?.title, p.merged])).toEqual([
      ["release: v2.0.0-rc.1", true],
      ["release: v2.0.0-rc.2", true],
      ["release: v2.0.0", true],
    ]);
    const release = api.releases.find((r) => r.tagName === "v2.0.0")!;
    expect(release.prerelease).toBe(false);
    expect(release.body).toContain("close the session on logout");
    expect(changelogHeading(world, API, "v2.0.0")).toContain(`compare/${stable}...v2.0.0)`);
    PLAYBOOK_REPOS.forEach((name, i) => {
      const repo = world.sim.store.requireRepo(`${ORG}/${name}`);
      // Nothing re-tagged: rc.1's tag is where its train put it; every tag is there.
      expect(repo.git.refs.get("refs/tags/v2.0.0-rc.1"), name).toBe(rc1Tags[i]);
      for (const tag of ["v2.0.0-rc.2", "v2.0.0"])
        expect(repo.git.refs.has(`refs/tags/${tag}`), `${name} ${tag}`).toBe(true);
      expect(
        repo.releases
          .filter((r) => r.prerelease)
          .map((r) => r.tagName)
          .sort(),
        name,
      ).toEqual(["v2.0.0-rc.1", "v2.0.0-rc.2"]);
      expect(latestTag(world, `${ORG}/${name}`), name).toBe("v2.0.0");
    });
    expect(summaryOf(world).train).toMatchObject({ version: "2.0.0", mode: "release" });
  }, 600_000);
});
