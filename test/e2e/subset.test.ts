// End to end: a train on 3 of the 11 repositories, chosen with `repos:` in the tracking
// issue or `/only`; the other 8 are left as they were on GitHub.
import { afterEach, describe, expect, it } from "vitest";
import { startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { releaseTrain } from "../../src/demo/scenarios.js";
import { decodeState } from "../../src/train/state.js";
import type { TrainState } from "../../src/train/model/train-state.js";
import { deploymentsOf, ORCH, toPhase1 } from "./helpers.js";
import { summaryOf } from "./releases.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const BOT = "release-train[bot]";
const SUBSET = ["blackroad-os-infra", "blackroad-os-api", "blackroad-os-web"];
const OTHERS = PLAYBOOK_REPOS.filter((name) => !SUBSET.includes(name));
const full = (name: string) => `${ORG}/${name}`;

/** Everything a train could leave in a repository: refs, pull requests, deployments, releases. */
function footprint(w: DemoWorld, name: string) {
  const repo = w.sim.store.requireRepo(full(name));
  return {
    refs: [...repo.git.refs.entries()].sort(),
    pulls: repo.pulls.size,
    deployments: repo.deployments.length,
    releases: repo.releases.map((r) => r.tagName),
    issues: repo.issues.size,
    statuses: repo.statuses.map((s) => s.context),
    labels: [...repo.labels.keys()].sort(),
  };
}

/** Opens a tracking issue for v2.0.0 as `author`, with `body`, then labels it (as rita). */
function openWithBody(w: DemoWorld, body: string, edit?: { by: string; body: string }): number {
  const rita = w.sim.as("rita");
  const milestone = rita.createMilestone(ORCH, "v2.0.0");
  const issue = rita.createIssue({ repo: ORCH, title: "BlackRoad OS 2.0", body, milestone });
  if (edit) w.sim.as(edit.by).editIssueBody(ORCH, issue, edit.body);
  rita.addLabels(ORCH, issue, ["release-train"]);
  return issue;
}

function stateOf(w: DemoWorld, issue: number): TrainState {
  return decodeState(trackingBody(w, issue))!;
}

/** The state without the bookkeeping every answered command adds (acknowledgement, reaction, audit). */
function decided(state: TrainState) {
  const { acked: _acked, reactions: _reactions, owed: _owed, audit: _audit, revisions: _revisions, ...rest } = state;
  return rest;
}

function botComments(w: DemoWorld, issue: number): string[] {
  return [...w.sim.store.comments.values()]
    .filter((c) => c.repo === ORCH && !c.deleted && c.issueNumber === issue && c.user === BOT)
    .map((c) => c.body);
}

const repliesTo = (w: DemoWorld, issue: number, command: string) =>
  botComments(w, issue).filter((b) => b.includes(`> ${command}`));

describe("a train on a subset", () => {
  it("`repos:` names 3 of 11: they get branch, PR, deployments, tag and release; the other 8 are untouched; levels and sign-offs follow the subset", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T09:00:00Z" });
    // A feature PR open in a repository of the train and in one outside it: the code freeze holds only the first.
    const feature = (name: string) => {
      const ben = world.sim.as("ben");
      ben.createBranch(full(name), "feature/retry");
      const sha = ben.pushCommit(full(name), "feature/retry", {
        message: "feat: retry",
        files: { "src/retry.ts": "export const retry = 1;\n" },
      });
      ben.createPullRequest(full(name), { head: "feature/retry", title: "Retry" });
      return sha;
    };
    const frozen = { api: feature("blackroad-os-api"), core: feature("blackroad-os-core") };
    const before = Object.fromEntries(OTHERS.map((name) => [name, footprint(world, name)]));
    const issue = openWithBody(
      world,
      `The API and the web app, with the infrastructure they need.\n\nrepos: ${SUBSET.join(", ")}\n`,
    );
    await world.settle();
    const started = trackingBody(world, issue);
    expect(started).toContain("### Not in this train");
    expect(started).toContain(
      "8 of the configured repositories are not in this train (chosen by @rita with `repos:` in the description)",
    );
    expect(stateOf(world, issue).subset).toMatchObject({ repos: SUBSET.map(full), by: "rita", via: "body" });

    await toPhase1(world, issue);
    const freezeOn = (name: string, sha: string) =>
      world.sim.store
        .requireRepo(full(name))
        .statuses.filter((st) => st.sha === sha && st.context === "release-train/freeze")
        .map((st) => st.state);
    expect(freezeOn("blackroad-os-api", frozen.api)).toContain("failure");
    expect(freezeOn("blackroad-os-core", frozen.core)).toEqual([]);
    await releaseTrain(world, "v2.0.0", { issue });

    for (const name of SUBSET) {
      const repo = world.sim.store.requireRepo(full(name));
      expect(repo.git.refs.has("refs/heads/release/v2.0.0"), name).toBe(true);
      expect(
        [...repo.pulls.values()].filter((p) => p.headRef === "release/v2.0.0" && p.merged),
        name,
      ).toHaveLength(1);
      expect(repo.git.refs.has("refs/tags/v2.0.0"), name).toBe(true);
      expect(
        repo.releases.map((r) => r.tagName),
        name,
      ).toContain("v2.0.0");
    }
    for (const name of OTHERS) {
      const repo = world.sim.store.requireRepo(full(name));
      expect(
        [...repo.git.refs.keys()].filter((r) => r.startsWith("refs/heads/release/")),
        name,
      ).toEqual([]);
      expect(footprint(world, name), name).toEqual(before[name]);
    }
    expect([...new Set(deploymentsOf(world).map((d) => d.repo))].sort()).toEqual([...SUBSET].sort());

    const summary = summaryOf(world);
    expect(summary.complete).toBe(true);
    expect(summary.subset?.repos).toEqual(SUBSET.map(full));
    expect([...summary.subset!.notInTrain].sort()).toEqual(OTHERS.map(full).sort());
    // Levels over the subset: the API still follows the infrastructure through the gateway, which stays as released.
    expect(Object.fromEntries(summary.repos.map((r) => [r.name, r.level]))).toEqual({
      "blackroad-os-infra": 1,
      "blackroad-os-api": 2,
      "blackroad-os-web": 3,
    });
    // Only the teams that own a repository of the train sign off.
    expect(summary.signoffs.map((s) => s.team).sort()).toEqual(["backend", "frontend", "infrastructure"]);

    const body = trackingBody(world, issue);
    const gateway = world.sim.store.requireRepo(full("blackroad-os-api-gateway")).git.refs;
    const gatewayTag = [...gateway.keys()].find((r) => r.startsWith("refs/tags/v1."))!.slice("refs/tags/".length);
    expect(body).toContain(
      `Dependencies not in this train, at their released versions: blackroad-os-api-gateway ${gatewayTag} (for blackroad-os-api)`,
    );
    expect(body).toContain(`| [blackroad-os-api-gateway](`);
  }, 600_000);

  it("`/only` before Phase 1 by the orchestration team; refused from anyone else, with an unknown name, and after Phase 1: one reply each, the state untouched", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1, frozenAt: "2026-11-27T09:00:00Z" });
    const issue = openWithBody(world, "The big launch.");
    await world.settle();
    const initial = decided(stateOf(world, issue));

    // Each refused `/only`: exactly one reply saying why, and the train's decisions as they were.
    const refused = async (login: string, command: string, why: string) => {
      world.sim.as(login).comment(ORCH, issue, command);
      await world.settle();
      expect(repliesTo(world, issue, command)).toEqual([expect.stringContaining(why)]);
      expect(decided(stateOf(world, issue))).toEqual(initial);
    };
    await refused("ben", "/only blackroad-os-api", "only members of @release-managers can use `/only`");
    await refused(
      "olga",
      "/only blackroad-os-api blackroad-os-nope",
      "`blackroad-os-nope` is not a repository of this train's configuration",
    );
    // A train that deploys to production keeps the repository that switches maintenance mode.
    await refused(
      "olga",
      "/only blackroad-os-api blackroad-os-web",
      "blackroad-os-infra switches maintenance mode for the production deployment (`maintenance.repo`, steps 5.1 and 5.9), so it must be in the train",
    );

    world.sim.as("olga").comment(ORCH, issue, "/only blackroad-os-infra, blackroad-os-api");
    await world.settle();
    expect(repliesTo(world, issue, "/only blackroad-os-infra, blackroad-os-api")).toEqual([
      expect.stringContaining(
        "this train now releases blackroad-os-infra, blackroad-os-api; the other 9 are not in this train",
      ),
    ]);
    expect(stateOf(world, issue).subset).toMatchObject({
      repos: [full("blackroad-os-infra"), full("blackroad-os-api")],
      by: "olga",
    });
    expect(stateOf(world, issue).audit.map((a) => a.text)).toContain(
      "chose the repositories of this train: blackroad-os-infra, blackroad-os-api; the other 9 are not in this train",
    );

    await toPhase1(world, issue);
    const branched = PLAYBOOK_REPOS.filter((name) =>
      world.sim.store.requireRepo(full(name)).git.refs.has("refs/heads/release/v2.0.0"),
    );
    expect(branched).toEqual(["blackroad-os-infra", "blackroad-os-api"]);
    const inPhase1 = decided(stateOf(world, issue));
    world.sim.as("olga").comment(ORCH, issue, "/only blackroad-os-infra blackroad-os-web");
    await world.settle();
    expect(repliesTo(world, issue, "/only blackroad-os-infra blackroad-os-web")).toEqual([
      expect.stringContaining("Phase 1 has started, so the repositories of this train can no longer change"),
    ]);
    expect(decided(stateOf(world, issue))).toEqual(inPhase1);
    expect(world.sim.store.requireRepo(full("blackroad-os-web")).git.refs.has("refs/heads/release/v2.0.0")).toBe(false);
  }, 600_000);

  it("`repos:` in a body last saved by someone outside the orchestration team is ignored, with one notice; a later edit of the line counts as its editor's request", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 1, frozenAt: "2026-11-27T09:00:00Z" });
    const issue = openWithBody(world, "The big launch.", {
      by: "ben",
      body: "The big launch, the API only.\n\nrepos: blackroad-os-api\n",
    });
    await world.settle();
    world.sim.as("rita").comment(ORCH, issue, "/status");
    await world.settle();
    const notices = botComments(world, issue).filter((b) => b.includes("`repos:` line"));
    expect(notices).toEqual([
      expect.stringContaining(
        "was ignored (the body was last saved by @ben, who is not one of members of @release-managers)",
      ),
    ]);
    const state = stateOf(world, issue);
    expect(state.subset).toBeUndefined();
    expect(trackingBody(world, issue)).not.toContain("Not in this train");
    expect(trackingBody(world, issue)).toContain("· 11 repositories");

    // Once the train runs, an edit of the line is a request by its editor: refused with a reply for ben, applied for rita.
    const edit = (who: string, from: string, to: string) =>
      world.sim.as(who).editIssueBody(ORCH, issue, trackingBody(world, issue).replace(from, to));
    const untouched = decided(stateOf(world, issue));
    edit("ben", "repos: blackroad-os-api", "repos: blackroad-os-web");
    await world.settle();
    expect(
      botComments(world, issue).filter((b) => b.includes("@ben the `repos:` line you saved was not applied")),
    ).toEqual([expect.stringContaining("only members of @release-managers can use the `repos:` line.")]);
    expect(decided(stateOf(world, issue)).subset).toEqual(untouched.subset);
    edit("rita", "repos: blackroad-os-web", "repos: blackroad-os-infra, blackroad-os-web");
    await world.settle();
    expect(stateOf(world, issue).subset).toMatchObject({
      repos: [full("blackroad-os-infra"), full("blackroad-os-web")],
      by: "rita",
      via: "body",
    });
    expect(trackingBody(world, issue)).toContain(
      "9 of the configured repositories are not in this train (chosen by @rita with `repos:` in the description)",
    );
  }, 600_000);
});
