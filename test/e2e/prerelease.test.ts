// End to end: pre-release trains on one release branch, then the final release.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { fixOnReleaseBranch, releaseTrain } from "../../src/demo/scenarios.js";
import { ORCH } from "./helpers.js";
import { changelogHeading, latestTag, recordReleases, releaseStable, summaryOf } from "./releases.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const API = `${ORG}/blackroad-os-api`;
const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";

describe("pre-release trains: rc.1 → rc.2 → final", () => {
  it("marks release candidates as pre-releases that are never latest, continues on release/v2.0.0, and the final release is latest with a changelog since the last stable tag", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: START });
    const api = world.sim.store.requireRepo(API);
    const stable = releaseStable(world, API);

    const sent = recordReleases(world);

    // rc.1
    const rc1Issue = await releaseTrain(world, "v2.0.0-rc.1");
    const rc1Bodies = sent.splice(0);
    expect(rc1Bodies).toHaveLength(12);
    for (const body of rc1Bodies)
      expect(body).toMatchObject({ tag_name: "v2.0.0-rc.1", prerelease: true, make_latest: "false" });
    for (const name of PLAYBOOK_REPOS) {
      const repo = world.sim.store.requireRepo(`${ORG}/${name}`);
      expect(repo.releases.find((r) => r.tagName === "v2.0.0-rc.1")?.prerelease, name).toBe(true);
      expect(repo.git.refs.has("refs/heads/release/v2.0.0-rc.1"), name).toBe(false);
      expect(
        JSON.parse(repo.git.readFile(repo.git.resolveCommit("v2.0.0-rc.1")!, "package.json")!.toString("utf8")).version,
        name,
      ).toBe("2.0.0-rc.1");
    }
    // Staging only: no canary, production or maintenance deployment for a pre-release.
    const rc1Sha = api.git.resolveCommit("release/v2.0.0")!;
    expect(api.deployments.filter((d) => d.sha === rc1Sha).map((d) => `${d.environment}:${d.task}`)).toEqual([
      "staging:deploy",
    ]);
    for (const name of PLAYBOOK_REPOS)
      expect(
        world.sim.store.requireRepo(`${ORG}/${name}`).deployments.every((d) => d.environment === "staging"),
        name,
      ).toBe(true);
    const rc1Body = trackingBody(world, rc1Issue);
    for (const id of ["5.2", "5.5", "6.1", "6.2", "6.3", "6.4"])
      expect(stepLine(rc1Body, id), id).toContain("pre-release: not deployed to production");
    expect(world.sim.store.requireRepo(ORCH).issues.get(rc1Issue)!.state).toBe("closed");
    // The rc is not the repository's latest release; the stable one stays latest.
    expect(latestTag(world, API)).toBe(stable);
    const rc1 = api.releases.find((r) => r.tagName === "v2.0.0-rc.1")!;
    expect(rc1.body).not.toContain("Since ");
    expect(changelogHeading(world, API, "v2.0.0-rc.1")).toContain(`compare/${stable}...v2.0.0-rc.1)`);
    expect(summaryOf(world).train).toMatchObject({ version: "2.0.0-rc.1", mode: "prerelease" });
    expect(summaryOf(world).repos.find((r) => r.fullName === API)?.previousTag).toBe(stable);

    // A fix merged into the release branch, then rc.2 from the same branch.
    const fix = fixOnReleaseBranch(world, "blackroad-os-api");
    await releaseTrain(world, "v2.0.0-rc.2");
    const rc2Bodies = sent.splice(0);
    expect(rc2Bodies).toHaveLength(12);
    for (const body of rc2Bodies)
      expect(body).toMatchObject({ tag_name: "v2.0.0-rc.2", prerelease: true, make_latest: "false" });
    const rc2Pulls = [...api.pulls.values()].filter((p) => p.headRef === "release/v2.0.0");
    expect(rc2Pulls.map((p) => [api.issues.get(p.number)?.title, p.merged])).toEqual([
      ["release: v2.0.0-rc.1", true],
      ["release: v2.0.0-rc.2", true],
    ]);
    expect(api.git.isAncestor(fix, api.git.resolveCommit("v2.0.0-rc.2")!)).toBe(true);
    const rc2 = api.releases.find((r) => r.tagName === "v2.0.0-rc.2")!;
    expect(rc2.prerelease).toBe(true);
    // The rc's notes say what changed since the previous rc; its changelog covers everything since the stable release.
    expect(rc2.body).toMatch(/\*\*Since v2\.0\.0-rc\.1:\*\* \S+\/compare\/v2\.0\.0-rc\.1\.\.\.v2\.0\.0-rc\.2/);
    expect(rc2.body).toContain("close the session on logout");
    expect(rc2.body).not.toContain("chore(release)");
    expect(changelogHeading(world, API, "v2.0.0-rc.2")).toContain(`compare/${stable}...v2.0.0-rc.2`);
    expect(latestTag(world, API)).toBe(stable);

    // The final release: from the same branch, since the last stable tag, and latest.
    await releaseTrain(world, "v2.0.0");
    const finalBodies = sent.splice(0);
    expect(finalBodies).toHaveLength(12);
    for (const body of finalBodies)
      expect(body).toMatchObject({ tag_name: "v2.0.0", prerelease: false, make_latest: "true" });
    // The final release goes to production, from the release branch's head.
    expect(
      api.deployments.filter((d) => d.environment === "production" && d.task === "deploy").map((d) => d.sha),
    ).toEqual([api.git.resolveCommit("release/v2.0.0")]);
    const final = api.releases.find((r) => r.tagName === "v2.0.0")!;
    expect(final.prerelease).toBe(false);
    expect(final.body).not.toContain("Since ");
    expect(final.body).not.toContain("chore(release)");
    expect(changelogHeading(world, API, "v2.0.0")).toContain(`compare/${stable}...v2.0.0)`);
    expect(final.body).toContain("close the session on logout");
    for (const name of PLAYBOOK_REPOS) {
      const repo = world.sim.store.requireRepo(`${ORG}/${name}`);
      // Nothing re-tagged: every rc tag stays where its train put it.
      for (const tag of ["v2.0.0-rc.1", "v2.0.0-rc.2", "v2.0.0"])
        expect(repo.git.refs.has(`refs/tags/${tag}`), `${name} ${tag}`).toBe(true);
      expect(latestTag(world, `${ORG}/${name}`), name).toBe("v2.0.0");
    }
    const summary = summaryOf(world);
    expect(summary.train).toMatchObject({ version: "2.0.0", mode: "release" });
    expect(summary.repos.find((r) => r.fullName === API)?.previousTag).toBe(stable);
  }, 600_000);
});
