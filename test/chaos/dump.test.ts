// The chaos runs' comparison must see what matters: a duplicate or a difference in
// refs, tags, pull requests, deployments or releases shows up, with its path.
import { afterEach, describe, expect, it } from "vitest";
import { diffDumps, dumpState } from "../../chaos/dump.js";
import { apiFaultMode, lostWriteMode } from "../../chaos/modes.js";
import { ORG } from "../../src/demo/constellation.js";
import { openTrain, startDemoWorld, type DemoWorld } from "../../src/demo/run.js";
import { toApproved, toPhase1 } from "../../src/demo/script.js";
import { decodeState, encodeState } from "../../src/train/state.js";

let world: DemoWorld;
afterEach(async () => world?.close());

describe("chaos state dump", () => {
  it("is blind to ids and timestamps but sees duplicates and changed content", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    await toPhase1(world);
    const clean = dumpState(world.sim, ORG);
    expect(diffDumps(clean, dumpState(world.sim, ORG))).toEqual([]);

    const repo = world.sim.store.requireRepo(`${ORG}/blackroad-os-api`);
    const head = repo.git.resolveCommit("release/v2.0.0")!;
    const main = repo.git.resolveCommit("main")!;
    // A second release PR for the same branch, and a branch moved to another commit.
    const pull = [...repo.pulls.values()].find((p) => p.headRef === "release/v2.0.0")!;
    const issue = repo.issues.get(pull.number)!;
    repo.pulls.set(999, { ...pull, number: 999 });
    repo.issues.set(999, { ...issue, number: 999 });
    repo.git.refs.set("refs/heads/release/v2.0.0", main);
    const diff = diffDumps(clean, dumpState(world.sim, ORG));
    expect(diff).toContain("blackroad-os/blackroad-os-api.pulls: 1 entries -> 2 entries");
    expect(diff.some((l) => l.startsWith("blackroad-os/blackroad-os-api.refs.refs/heads/release/v2.0.0: "))).toBe(true);
    repo.git.refs.set("refs/heads/release/v2.0.0", head);
    repo.pulls.delete(999);
    repo.issues.delete(999);
    expect(diffDumps(clean, dumpState(world.sim, ORG))).toEqual([]);
  });

  it("a train played a minute later leaves the same state: moments, durations and the shas they change are not state", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    await toPhase1(world);
    const early = world;
    const later = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:01:00Z" });
    try {
      await toPhase1(later);
      // The shas differ (commits carry their time) and the changelogs name them; the dumps do not.
      const changelog = (w: DemoWorld) => {
        const repo = w.sim.store.requireRepo(`${ORG}/blackroad-os-api`);
        return repo.git.readFile(repo.git.resolveCommit("release/v2.0.0")!, "CHANGELOG.md")!.toString("utf8");
      };
      expect(changelog(later)).not.toEqual(changelog(early));
      expect(diffDumps(dumpState(early.sim, ORG), dumpState(later.sim, ORG))).toEqual([]);
      // A changelog that says something else still differs.
      later.sim.as("fran").pushCommit(`${ORG}/blackroad-os-api`, "release/v2.0.0", {
        message: "docs: changelog",
        files: { "CHANGELOG.md": changelog(later).replace("Features", "Feature") },
      });
      expect(
        diffDumps(dumpState(early.sim, ORG), dumpState(later.sim, ORG)).some((l) =>
          l.startsWith(`${ORG}/blackroad-os-api.refs.refs/heads/release/v2.0.0: `),
        ),
      ).toBe(true);
    } finally {
      await later.close();
    }
  }, 60_000);

  it("sees the tracking issue by content, comment texts, reactions and statuses counted, tags' kind and the deployment order", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    const issue = await toApproved(world);
    const orch = world.sim.store.requireRepo(`${ORG}/release-train`);
    const tracking = orch.issues.get(issue)!;
    const body = tracking.body!;
    const state = decodeState(body)!;
    const audit = state.audit.length;
    const app = [...world.sim.store.apps.values()][0]!.botLogin;
    const comments = world.sim.store.commentsOf(orch, issue);
    const reply = comments.find((c) => c.user === app)!;
    const reactedTo = comments.find((c) => c.reactions.some((r) => r.user === app))!;
    const api = world.sim.store.requireRepo(`${ORG}/blackroad-os-api`);
    const head = api.git.resolveCommit("release/v2.0.0")!;
    const stagingDeployments = world.sim.store
      .reposOf(ORG)
      .flatMap((r) => r.deployments.filter((d) => d.environment === "staging"));
    expect(stagingDeployments.length).toBeGreaterThan(1);
    // An app status and an annotated tag, as Phase 7 and the freeze leave them.
    const status = () =>
      world.sim.seed.status(`${ORG}/blackroad-os-api`, head, "release-train/freeze", "success", { creator: app });
    status();
    world.sim.seed.tag(`${ORG}/blackroad-os-api`, "v1.9.9", { target: head, message: "v1.9.9" });
    const clean = dumpState(world.sim, ORG);

    // The app's audit log loses its last entry, the approval its author, a tick disappears from the body.
    const changed = { ...state, audit: state.audit.slice(0, -1), approval: { ...state.approval!, by: "mallory" } };
    tracking.body = body
      .replace(/<!-- release-train:state .*? -->/s, encodeState(changed))
      .replace("- [x] **2.3**", "- [ ] **2.3**");
    // A reply says something else; a reaction and a commit status are there twice; an annotated tag is a lightweight one.
    const text = reply.body;
    reply.body = `${text}\nand more`;
    const reaction = reactedTo.reactions.find((r) => r.user === app)!;
    reactedTo.reactions.push({ ...reaction, id: 999_999 });
    status();
    api.git.refs.set("refs/tags/v1.9.9", head);
    // The last level deployed to staging first.
    const first = stagingDeployments.reduce((a, b) => (a.id < b.id ? a : b));
    const last = stagingDeployments.reduce((a, b) => (a.id > b.id ? a : b));
    [first.id, last.id] = [last.id, first.id];

    const diff = diffDumps(clean, dumpState(world.sim, ORG));
    const tracked = `${ORG}/release-train.tracking.BlackRoad OS 2.0`;
    expect(diff).toContain(`${tracked}.audit: ${audit} entries -> ${audit - 1} entries`);
    expect(diff).toContain(`${tracked}.approval.by: "olga" -> "mallory"`);
    expect(diff.some((l) => l.startsWith(`${tracked}.ticked:`))).toBe(true);
    expect(diff.some((l) => l.startsWith(`${ORG}/release-train.appComments[`))).toBe(true);
    expect(diff.some((l) => l.startsWith(`${ORG}/release-train.reactions: `))).toBe(true);
    expect(diff).toContain(`${ORG}/blackroad-os-api.appStatuses: 1 entries -> 2 entries`);
    expect(diff.some((l) => l.startsWith(`${ORG}/blackroad-os-api.refs.refs/tags/v1.9.9: "tag(\\"v1.9.9\\"`))).toBe(
      true,
    );
    expect(diff.some((l) => l.startsWith("deployment order"))).toBe(true);
  }, 60_000);

  it("a duration in minutes and seconds is not state; what it says is", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    const issue = await toPhase1(world);
    const tracking = world.sim.store.requireRepo(`${ORG}/release-train`).issues.get(issue)!;
    const body = tracking.body!;
    const state = decodeState(body)!;
    const withEntry = (text: string) => {
      const audit = [...state.audit, { at: "2026-11-27T12:00:00Z", actor: "release-train", text }];
      tracking.body = body.replace(/<!-- release-train:state .*? -->/s, encodeState({ ...state, audit }));
      return dumpState(world.sim, ORG);
    };
    const verified = withEntry(
      "rollback verified: verified 4 min 3 s after detection — ✅ within the 15-minute target",
    );
    expect(
      diffDumps(
        verified,
        withEntry("rollback verified: verified 4 min 2 s after detection — ✅ within the 15-minute target"),
      ),
    ).toEqual([]);
    expect(
      diffDumps(
        verified,
        withEntry("rollback verified: verified 19 min 2 s after detection — ❌ over the 15-minute target"),
      ),
    ).toHaveLength(1);
  });

  it("an API fault answers the k-th request as GitHub would, and only that one", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    const mode = apiFaultMode(3, "primary-rate-limit");
    mode.install(world);
    openTrain(world);
    await world.settle();
    const third = world.sim.requests.list()[2]!;
    expect(third.fault).toBe(true);
    expect(mode.fired()).not.toBeNull();
    expect(world.sim.requests.list().filter((r) => r.fault)).toHaveLength(1);
    expect(mode.describe()).toMatch(/^primary-rate-limit on request 3: (GET|POST|PATCH|PUT) /);
  });

  // That the simulator carries out a write whose response it drops is test/sim/lost-response.test.ts.
  it("a lost write counts writes only: the k-th write's response, and only that one, is lost", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    const mode = lostWriteMode(2);
    mode.install(world);
    await toPhase1(world);
    const requests = world.sim.requests.list();
    const writes = requests.filter((r) => r.kind === "write");
    expect(requests.filter((r) => r.fault)).toEqual([writes[1]]);
    expect(writes[1]!.status).toBe(0);
    expect(mode.fired()).toMatchObject({ method: writes[1]!.method, path: writes[1]!.path });
    expect(mode.describe()).toMatch(/^lost-response on write 2: (POST|PATCH|PUT|DELETE) /);
  });
});
