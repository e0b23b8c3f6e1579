// End to end: Phases 3–6 and the rollback procedure on the simulated GitHub, whose
// deployer plays each repository's deploy workflow (in_progress, then success or failure).
import { afterEach, describe, expect, it } from "vitest";
import { HEALTH, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { ORG, PLAYBOOK_REPOS } from "../../src/demo/constellation.js";
import { LEVEL, ORCH, deploymentsOf, toApproved, validateStaging } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const START = "2026-11-27T09:00:00Z";
const CANARY = new Set(Object.keys(LEVEL).filter((r) => r !== "blackroad-os-infra"));

/** Records, for every deployment created, which deployments had already finished successfully. */
function recordTimeline(w: DemoWorld) {
  const created: Array<{ repo: string; environment: string; task: string; finishedBefore: Set<string> }> = [];
  w.sim.core.onDeploymentCreated((repo, d) => {
    const finishedBefore = new Set(
      w.sim.deployer.finished
        .filter((f) => f.state === "success")
        .map((f) => `${f.repo.split("/")[1]}|${f.environment}|${f.task}`),
    );
    created.push({ repo: repo.name, environment: d.environment, task: d.task, finishedBefore });
  });
  return created;
}

const stepLine = (body: string, id: string) => body.split("\n").find((l) => l.includes(`**${id}**`)) ?? "";
/** "HH:MM" of `iso` plus `minutes` (GitHub's limits move the simulated clock while the app writes). */
const clockAt = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString().slice(11, 16);

describe("Phases 3–6 end to end", () => {
  it("deploys level by level in staging and production, canaries first, and no level starts early", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const timeline = recordTimeline(world);
    const issue = await toApproved(world);

    // Staging is done; production waits for Phase 4.
    expect(timeline.map((t) => t.environment)).toEqual(Array(11).fill("staging"));
    expect(stepLine(trackingBody(world, issue), "3.7")).toMatch(/^- \[x\]/);
    await validateStaging(world, issue);

    // Production: maintenance on, infra (no canary), then the level-2 canaries, which must bake 10 minutes.
    const production = () => deploymentsOf(world).filter((d) => d.environment === "production");
    expect(production().map((d) => `${d.repo}:${d.task}`)).toEqual([
      "blackroad-os-infra:deploy",
      "blackroad-os-api-gateway:deploy:canary",
      "blackroad-os-archive:deploy:canary",
    ]);
    expect(stepLine(trackingBody(world, issue), "5.4")).toContain(
      `· running 0/4 — observing canaries until ${clockAt(production()[1]!.createdAt, 10)} UTC`,
    );
    await world.advance(9);
    expect(production()).toHaveLength(3);
    for (let i = 0; i < 4; i += 1) await world.advance(10);

    const all = deploymentsOf(world);
    expect(
      all
        .filter((d) => d.environment === "production" && d.task === "deploy")
        .map((d) => d.repo)
        .sort(),
    ).toEqual([...PLAYBOOK_REPOS].sort());
    expect(
      all
        .filter((d) => d.environment === "production" && d.task === "deploy:canary")
        .map((d) => d.repo)
        .sort(),
    ).toEqual([...CANARY].sort());
    expect(all.filter((d) => d.environment === "maintenance").map((d) => d.task)).toEqual([
      "maintenance:enable",
      "maintenance:disable",
    ]);
    // Every deployment carries the train, the version and its purpose; refs are the approved release heads.
    for (const d of all) {
      expect(d.payload).toMatchObject({ train: `${ORCH}#${issue}`, version: "2.0.0" });
      const head = world.sim.store.requireRepo(`${ORG}/${d.repo}`).git.resolveCommit("release/v2.0.0");
      expect(d.sha).toBe(head);
    }

    // No level started before every repository of the previous levels succeeded in that environment.
    for (const t of timeline.filter((x) => x.environment !== "maintenance")) {
      const earlier = Object.keys(LEVEL).filter((r) => LEVEL[r]! < LEVEL[t.repo]!);
      for (const repo of earlier)
        expect(t.finishedBefore, `${t.repo} ${t.environment} ${t.task} before ${repo}`).toContain(
          `${repo}|${t.environment}|deploy`,
        );
      if (t.environment === "production" && t.task === "deploy" && CANARY.has(t.repo))
        expect(t.finishedBefore).toContain(`${t.repo}|production|deploy:canary`);
      if (t.environment === "production")
        expect(t.finishedBefore).toContain("blackroad-os-infra|maintenance|maintenance:enable");
    }

    const body = trackingBody(world, issue);
    for (const id of [
      "3.1",
      "3.2",
      "3.3",
      "3.4",
      "3.5",
      "3.6",
      "3.7",
      "4.1",
      "5.1",
      "5.2",
      "5.3",
      "5.4",
      "5.5",
      "5.6",
      "5.7",
      "5.8",
      "5.9",
      "6.1",
    ])
      expect(stepLine(body, id), id).toMatch(/^- \[x\]/);
    // The matrix shows the deployment columns while production runs: staging, canary, production.
    expect(body).toMatch(
      /^\| 3 \| \[blackroad-os-api\]\(.*\) \| backend \| ✅ v2\.0\.0 \| ✅ v2\.0\.0 \| ✅ v2\.0\.0 \|$/m,
    );

    // Level-triggered: looking again changes nothing.
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

  it("a failed canary rolls back automatically to the previous tags, in reverse order, and notifies the leads", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    world.sim.deployer.breakRepo("blackroad-os-api", { task: "deploy:canary" });
    const timeline = recordTimeline(world);
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    await world.advance(11); // the level-2 canaries pass; level 3's canaries start and the API's fails

    const rollbacks = deploymentsOf(world).filter((d) => d.task === "rollback");
    const deployed = [
      "blackroad-os-infra",
      "blackroad-os-api-gateway",
      "blackroad-os-archive",
      "blackroad-os-api",
      "blackroad-os-core",
    ];
    expect(rollbacks.map((d) => d.repo).sort()).toEqual([...deployed].sort());
    for (const d of rollbacks) {
      const tag = world.sim.store.requireRepo(`${ORG}/${d.repo}`).git.refs.get(`refs/tags/${d.ref}`);
      expect(d.ref).toMatch(/^v1\.\d+\.\d+$/);
      expect(d.sha).toBe(world.sim.store.requireRepo(`${ORG}/${d.repo}`).git.resolveCommit(d.ref));
      expect(tag).toBeDefined();
      expect(d.environment).toBe("production");
      expect(d.payload.purpose).toBe("rollback");
    }
    // Reverse order: level 3 first, then 2, then 1; each only after the higher levels were rolled back.
    const order = timeline.filter((t) => t.task === "rollback");
    expect(order.map((t) => LEVEL[t.repo])).toEqual([3, 3, 2, 2, 1]);
    for (const t of order)
      for (const r of order.filter((o) => LEVEL[o.repo]! > LEVEL[t.repo]!))
        expect(t.finishedBefore).toContain(`${r.repo}|production|rollback`);
    // Nothing new went forward after the failure.
    expect(
      deploymentsOf(world)
        .filter((d) => d.task === "deploy" && d.environment === "production")
        .map((d) => d.repo)
        .sort(),
    ).toEqual(["blackroad-os-api-gateway", "blackroad-os-archive", "blackroad-os-infra"]);

    const comments = world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue);
    const notice = comments.filter((c) => c.body.includes("Immediate rollback of v2.0.0"));
    expect(notice).toHaveLength(1);
    expect(notice[0]!.body).toContain("the canary deployment of blackroad-os-api to production failed");
    for (const lead of ["@ivan", "@bella", "@carl"]) expect(notice[0]!.body).toContain(lead);
    const body = trackingBody(world, issue);
    expect(body).toContain("↩️ Rolled back (immediate): the canary deployment of blackroad-os-api to production failed");
    expect(body).toMatch(/verified 0 min 0 s after detection — ✅ within the 15-minute target/);
    for (const id of ["RB1", "RB2", "RB3", "RB4"]) expect(stepLine(body, id), id).toMatch(/^- \[x\]/);
    expect(body).toMatch(/\| \[blackroad-os-api\]\(.*\|.*\| ❌ v2\.0\.0 failed \| ✅ ↩ v1\.5\.0 \|/);

    // A verified rollback reads the same on every later reconcile: looking again writes nothing.
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);
    expect(trackingBody(world, issue)).toBe(body);
  });

  it("/rollback extended walks all seven steps and opens the incident review", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    world.sim.as("bella").comment(ORCH, issue, "/rollback extended");
    await world.settle();
    expect(world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue).at(-1)!.body).toContain(
      "only members of @release-managers can use `/rollback`.",
    );

    world.sim.as("rita").comment(ORCH, issue, "/rollback extended payments data looks corrupted");
    await world.settle();
    let body = trackingBody(world, issue);
    expect(stepLine(body, "R1")).toMatch(/^- \[x\]/);
    expect(stepLine(body, "R2")).toMatch(/^- \[ \] \*\*R2\*\* Revert database migrations — 👤 Owning teams($| — )/);
    // Nothing is rolled back before the migrations are reverted.
    expect(deploymentsOf(world).filter((d) => d.task === "rollback")).toEqual([]);

    world.sim.as("carl").comment(ORCH, issue, "/check R2 migrations 41-43 reverted");
    await world.settle();
    body = trackingBody(world, issue);
    for (const id of ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]) expect(stepLine(body, id), id).toMatch(/^- \[x\]/);
    const rollbacks = deploymentsOf(world).filter((d) => d.task === "rollback");
    expect(rollbacks.map((d) => d.repo).sort()).toEqual([...PLAYBOOK_REPOS].sort());
    expect(rollbacks[0]!.repo).toBe("blackroad-os-infra"); // infrastructure first (R3)
    expect(
      deploymentsOf(world)
        .filter((d) => d.payload.purpose?.startsWith("rollback-"))
        .map((d) => `${d.task}:${d.payload.purpose}`),
    ).toEqual(["maintenance:enable:rollback-maintenance-on", "maintenance:disable:rollback-maintenance-off"]);
    const incidents = [...world.sim.store.requireRepo(ORCH).issues.values()].filter((i) =>
      i.labels.includes("release-train:incident"),
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.title).toBe("Incident review: rollback of v2.0.0");
    expect(incidents[0]!.body).toContain(`/${ORCH}/issues/${issue}`);
    expect(incidents[0]!.body).toContain("payments data looks corrupted");
    // Nothing more is written once it is done.
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

  it("/hold stops new deployments and /resume continues", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    world.sim.deployer.disable(); // deployments stay pending until we answer them
    const issue = await toApproved(world);
    expect(deploymentsOf(world).map((d) => d.repo)).toEqual(["blackroad-os-infra"]);

    world.sim.as("rita").comment(ORCH, issue, "/hold waiting for the database team");
    await world.settle();
    const infra = deploymentsOf(world)[0]!;
    world.sim.as("deploy-bot").createDeploymentStatus(`${ORG}/blackroad-os-infra`, infra.id, "success");
    await world.settle();
    expect(deploymentsOf(world)).toHaveLength(1);
    expect(trackingBody(world, issue)).toContain("**⏸️ On hold: waiting for the database team**");

    world.sim.deployer.enable({ delayMs: 5 });
    world.sim.as("rita").comment(ORCH, issue, "/resume");
    await world.settle();
    expect(deploymentsOf(world).filter((d) => d.environment === "staging")).toHaveLength(11);
    expect(trackingBody(world, issue)).not.toContain("On hold");
  });

  it("a restart during the bake window keeps its deadline", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    for (let i = 0; i < 4; i += 1) await world.advance(10);
    const deadline = /observing until (\d\d:\d\d) UTC/.exec(stepLine(trackingBody(world, issue), "6.2"))?.[1];
    const healthy = /verified (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(stepLine(trackingBody(world, issue), "6.1"))![1]!;
    expect(deadline).toBe(clockAt(`${healthy.replace(" ", "T")}:00Z`, 30));

    await world.advance(20);
    await world.restartApp();
    await world.settle();
    const left = Math.ceil(
      (Date.parse(`${healthy.replace(" ", "T")}:00Z`) + 30 * 60_000 - world.sim.clock.ms()) / 60_000,
    );
    expect(stepLine(trackingBody(world, issue), "6.2")).toContain(`observing until ${deadline} UTC (${left} min left)`);
    await world.advance(10);
    expect(stepLine(trackingBody(world, issue), "6.2")).toMatch(/^- \[x\] \*\*6\.2\*\* .* 30 min bake window passed/);
  });

  it("a failing production health check during the bake window rolls back", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    await validateStaging(world, issue);
    for (let i = 0; i < 4; i += 1) await world.advance(10);
    world.sim.health.set(HEALTH.production, 503);
    await world.advance(2);
    let body = trackingBody(world, issue);
    expect(body).toContain("↩️ Rolling back (immediate): production health check failing");
    expect(body).toContain("HTTP 503 after 2 attempts) during the bake window");
    expect(deploymentsOf(world).filter((d) => d.task === "rollback")).toHaveLength(11);
    // Rolled back, but not verified while production is still unhealthy.
    expect(stepLine(body, "RB2")).toMatch(/^- \[x\]/);
    expect(stepLine(body, "RB3")).toContain("· **failed** — health check failing");

    world.sim.health.set(HEALTH.production, 200);
    await world.advance(3);
    body = trackingBody(world, issue);
    expect(stepLine(body, "RB3")).toMatch(/^- \[x\]/);
    expect(body).toMatch(/verified 3 min 0 s after detection — ✅ within the 15-minute target/);
  });

  it("duplicate deployment_status deliveries create no duplicate deployments", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START });
    const issue = await toApproved(world);
    for (const delivery of world.sim.deliveries.list({ event: "deployment_status" })) {
      world.sim.redeliver(delivery.id);
      world.sim.redeliver(delivery.id);
    }
    await world.settle();
    await validateStaging(world, issue);
    for (const delivery of world.sim.deliveries.list({ event: "deployment_status" })) world.sim.redeliver(delivery.id);
    await world.settle();
    const keys = deploymentsOf(world).map((d) => `${d.repo}|${d.environment}|${d.task}|${d.payload.purpose}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.includes("|staging|"))).toHaveLength(11);
  });

  it("a failed staging deployment holds the train; /hotfix continues and opens a follow-up issue", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 3, frozenAt: START, broken: ["blackroad-os-web"] });
    const issue = await toApproved(world);
    let body = trackingBody(world, issue);
    expect(body).toContain("**⏸️ On hold: blackroad-os-web failed to deploy to staging**");
    expect(deploymentsOf(world).filter((d) => LEVEL[d.repo] === 5)).toEqual([]);
    const notice = world.sim.store
      .commentsOf(world.sim.store.requireRepo(ORCH), issue)
      .find((c) => c.body.includes("v2.0.0 is on hold"));
    expect(notice?.body).toContain("(`/hotfix`)");

    world.sim.as("rita").comment(ORCH, issue, "/resume");
    await world.settle();
    expect(world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue).at(-1)!.body).toContain(
      "the train stays on hold while this is unresolved:\n\n- blackroad-os-web failed to deploy to staging",
    );

    world.sim.deployer.fixRepo("blackroad-os-web");
    world.sim.as("rita").comment(ORCH, issue, "/hotfix the web fix ships in 2.0.1");
    await world.settle();
    body = trackingBody(world, issue);
    expect(body).not.toContain("On hold");
    expect(deploymentsOf(world).filter((d) => d.environment === "staging")).toHaveLength(11);
    const followUps = [...world.sim.store.requireRepo(ORCH).issues.values()].filter((i) =>
      i.labels.includes("release-train:follow-up"),
    );
    expect(followUps.map((i) => i.title)).toEqual([
      "Follow-up for v2.0.0: blackroad-os-web failed to deploy to staging",
    ]);
    expect(followUps[0]!.body).toContain("the web fix ships in 2.0.1");
  });
});
