// End to end: `/pick` on a patch train. A fix merged on the API's default branch (the newer
// line) is cherry-picked onto its release/v2.0.1 by the Git Data API: one commit on the
// release branch's head, whose tree is the head's with the fix's files, carrying the
// `cherry picked from` trailer; the v2.0.1 changelog and release notes list it. A lost
// response to the ref update, a replayed webhook and a resync make no second commit.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG } from "../../src/demo/constellation.js";
import { openPatchTrain, shipTwoLines } from "../../src/demo/patch.js";
import { releaseTrain } from "../../src/demo/scenarios.js";
import type { FaultRequest } from "github-sim";
import { appWrites, ORCH, toPhase1 } from "./helpers.js";
import { changelogHeading } from "./releases.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const API = `${ORG}/blackroad-os-api`;
const BRANCH = "release/v2.0.1";
const FIX_MESSAGE = "fix: bound the session store\n\nSessions past the limit are evicted oldest first.";

/** Commits on the release branch that carry the trailer of `sha`. */
function picksOf(w: DemoWorld, sha: string) {
  const repo = w.sim.store.requireRepo(API);
  return repo.git
    .log(repo.git.resolveCommit(BRANCH)!)
    .filter((c) => c.message.includes(`(cherry picked from commit ${sha})`));
}

describe("/pick on a patch train", () => {
  it("cherry-picks a fix from the default branch onto release/v2.0.1: one commit on the branch head with the fix's files and the trailer, listed in the changelog and the release notes, once", async () => {
    world = await startDemoWorld({
      quiet: true,
      commitsPerRepo: 1,
      frozenAt: "2026-11-27T09:00:00Z",
      productionClient: true,
    });
    shipTwoLines(world);
    const issue = openPatchTrain(world);
    await toPhase1(world, issue);
    const api = world.sim.store.requireRepo(API);
    const head = api.git.resolveCommit(BRANCH)!;
    expect(api.git.commit(head)!.message).toMatch(/^chore\(release\): v2\.0\.1/);

    // The fix on main (the v2.1 line) changes a file both lines share, adds one and removes one.
    const fix = world.sim.seed.commit(API, "main", {
      message: FIX_MESSAGE,
      author: "bella",
      files: {
        "README.md": "# blackroad-os-api\n\nSessions are bounded.\n",
        "src/limits.ts": "export const maxSessions = 10_000;\n",
        "src/change-0.ts": null,
      },
    });
    const fixCommit = api.git.commit(fix)!;
    // Release branches take signed commits only: the pick must be a commit GitHub signs.
    world.sim.seed.ruleset(API, {
      name: "signed releases",
      conditions: { ref_name: { include: ["refs/heads/release/**"], exclude: [] } },
      rules: [{ type: "required_signatures" }],
    });
    // The ref update's response is lost (GitHub moved the branch): the app must not pick again.
    let lost: FaultRequest | null = null;
    world.sim.faults.add((req) => {
      if (lost || req.operationName !== "PickRef") return undefined;
      lost = req;
      return "drop-response";
    });
    const trees: unknown[] = [];
    world.sim.faults.add((req) => void (req.route === "POST /repos/{owner}/{repo}/git/trees" && trees.push(req.body)));
    const since = world.sim.requests.list().length;
    world.sim.as("rita").comment(ORCH, issue, `/pick blackroad-os-api ${fix.slice(0, 9)}`);
    await world.settle();
    expect(lost).not.toBeNull();
    // The reconcile that saw the ref update fail looks again (as the 30-second retry or the resync would).
    await world.server.app.resync();
    await world.settle();

    const picked = picksOf(world, fix);
    expect(picked).toHaveLength(1);
    const pick = picked[0]!;
    expect(pick.parents).toEqual([head]);
    // The app's commit, signed by GitHub; the fix's author is credited as its co-author.
    expect(pick.message).toBe(
      `${FIX_MESSAGE}\n\n(cherry picked from commit ${fix})\nCo-authored-by: ${fixCommit.author.name} <${fixCommit.author.email}>`,
    );
    expect(pick.verified).toBe(true);
    expect(pick.author.name).not.toBe(fixCommit.author.name);
    // The tree: the release head's, with the fix's three paths as the fix left them.
    const expected = new Map(api.git.commit(head)!.files);
    expected.set("README.md", fixCommit.files.get("README.md")!);
    expected.set("src/limits.ts", fixCommit.files.get("src/limits.ts")!);
    expected.delete("src/change-0.ts");
    expect(new Map(pick.files)).toEqual(expected);
    // The newer line's work the fix was made on is not brought along.
    expect(pick.files.has("src/search.ts")).toBe(false);
    const writes = appWrites(world, since);
    expect(writes.filter((r) => r.route === "POST /repos/{owner}/{repo}/git/commits")).toHaveLength(1);
    expect(trees).toEqual([{ base_tree: api.git.commit(head)!.tree, tree: expect.arrayContaining([]) }]);
    expect((trees[0] as { tree: unknown[] }).tree).toHaveLength(3);

    // The changelog commit on top lists the pick in the v2.0.1 section.
    const top = api.git.commit(api.git.resolveCommit(BRANCH)!)!;
    expect(top.parents).toEqual([pick.sha]);
    expect(top.message).toMatch(/^chore\(release\): v2\.0\.1/);
    const changelog = api.git.readFile(top.sha, "CHANGELOG.md")!.toString("utf8");
    expect(changelog.split("\n## ")[1]).toContain(
      `### Cherry-picked fixes\n\n* fix: bound the session store ([${pick.sha.slice(0, 7)}]`,
    );
    expect(changelog.split("\n## ")[1]).toContain(
      `cherry picked from [${fix.slice(0, 7)}](https://github.com/${API}/commit/${fix}) by @rita`,
    );
    const body = trackingBody(world, issue);
    expect(body).toContain("### Cherry-picked fixes");
    expect(body).toContain(`blackroad-os-api: [\`${fix.slice(0, 7)}\`]`);
    expect(body).toContain(`picked by @rita, on \`${BRANCH}\` as [\`${pick.sha.slice(0, 7)}\`]`);

    // The comment's webhook again, and a resync: nothing is picked or listed twice.
    const delivery = world.sim.deliveries.last({ event: "issue_comment", action: "created" })!;
    const before = world.sim.requests.list().length;
    world.sim.redeliver(delivery.id);
    await world.settle();
    await world.server.app.resync();
    await world.settle();
    expect(appWrites(world, before).filter((r) => r.path.includes("blackroad-os-api"))).toEqual([]);
    expect(picksOf(world, fix)).toHaveLength(1);

    // The train runs to its end: the tag and the release notes carry the pick.
    await releaseTrain(world, "v2.0.1", { issue });
    expect(trackingBody(world, issue)).toContain("🎉 Released v2.0.1");
    const tagged = api.git.resolveCommit("v2.0.1")!;
    expect(api.git.isAncestor(pick.sha, tagged)).toBe(true);
    expect(api.git.readFile(tagged, "src/limits.ts")!.toString("utf8")).toBe("export const maxSessions = 10_000;\n");
    expect(changelogHeading(world, API, "v2.0.1")).toContain("compare/v2.0.0...v2.0.1");
    expect(api.releases.find((r) => r.tagName === "v2.0.1")!.body).toContain(`cherry picked from [${fix.slice(0, 7)}]`);
    expect(picksOf(world, fix)).toHaveLength(1);
  }, 600_000);
});
