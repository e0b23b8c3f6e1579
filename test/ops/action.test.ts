// GitHub Actions mode against the simulated GitHub: no app server listens; each run is
// one runAction() that reads the workflow's event and reconciles to quiescence.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../../src/action.js";
import { ORCHESTRATION_REPO } from "../../src/demo/constellation.js";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { createLogger } from "../../src/ops/logger.js";
import { ORCH } from "../e2e/helpers.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const quiet = createLogger("fatal");

/** A world whose app server is gone: only workflow runs act on it. */
async function worldWithoutApp(extraConfig?: string): Promise<DemoWorld> {
  const w = await startDemoWorld({ quiet: true, commitsPerRepo: 1, ...(extraConfig ? { extraConfig } : {}) });
  await w.server.close();
  w.sim.setWebhookTarget(undefined, undefined);
  return w;
}

function eventFile(payload: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "rt-event-")), "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

function actionEnv(w: DemoWorld, event: string, payload: unknown): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventFile(payload),
    GITHUB_API_URL: w.sim.url,
    GITHUB_RUN_ID: "1234",
    APP_ID: String(w.sim.app.id),
    // As a one-line secret, the way people paste keys into repository secrets.
    PRIVATE_KEY: w.sim.app.privateKey!.replace(/\n/g, "\\n"),
    RELEASE_TRAIN_REPO: ORCHESTRATION_REPO,
    WEBHOOK_SECRET: "state-signing-secret",
  };
}

describe("Actions mode", () => {
  it("a scheduled run finds a train opened while no app listened and makes its issue the tracking issue", async () => {
    world = await worldWithoutApp();
    const issue = openTrain(world);
    expect(trackingBody(world, issue)).toBe(
      "The big launch: every repository of the constellation ships 2.0.0 together.",
    );

    const result = await runAction({
      env: actionEnv(world, "schedule", { schedule: "*/15 * * * *" }),
      log: quiet,
      pacing: false,
    });
    expect(result).toEqual({
      event: "schedule",
      mode: "resync",
      trains: { [`${ORCH}#${issue}`]: "reconciled" },
      failures: [],
    });
    const body = trackingBody(world, issue);
    expect(body).toContain("⏳ Checking preconditions");
    expect(body).toMatch(/<!-- release-train:state \{.*"version":"2\.0\.0".*\}/s);
    expect(body).toContain("- [x] **P1** Train version is valid and newer than every repository's last release");
    for (const step of ["P6", "P7", "P8"]) expect(body).toContain(`- [ ] **${step}**`);

    // A second scheduled run right after converges: nothing left to write.
    const before = world.sim.requests.length;
    await runAction({ env: actionEnv(world, "schedule", { schedule: "*/15 * * * *" }), log: quiet, pacing: false });
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);
  });

  it("an issue_comment run answers /status and records /check on the tracking issue", async () => {
    world = await worldWithoutApp();
    const issue = openTrain(world);
    await runAction({ env: actionEnv(world, "schedule", { schedule: "*/15 * * * *" }), log: quiet, pacing: false });

    world.sim.as("rita").comment(ORCH, issue, "/status\n/check P6 all teams are ready");
    await world.sim.settle();
    // The payload GitHub gives the workflow: the webhook's shape without the installation.
    const delivery = world.sim.deliveries.last({ event: "issue_comment", action: "created" })!;
    const { installation: _installation, ...payload } = delivery.payload;
    expect((payload as { comment: { body: string } }).comment.body).toBe("/status\n/check P6 all teams are ready");

    const before = world.sim.requests.length;
    const result = await runAction({ env: actionEnv(world, "issue_comment", payload), log: quiet, pacing: false });
    expect(result).toEqual({
      event: "issue_comment",
      mode: "event",
      trains: { [`${ORCH}#${issue}`]: "reconciled" },
      failures: [],
    });
    // The installation was looked up as the app.
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .map((r) => r.route),
    ).toContain("GET /repos/{owner}/{repo}/installation");

    const comments = world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue);
    const reply = comments.find((c) => c.user === world!.sim.app.botLogin && c.body.includes("Next up:"));
    // /status came first on its line, so it reports the train before /check P6.
    expect(reply?.body).toContain(
      "> /status\n\n@rita\n\n**v2.0.0** — ⏳ Checking preconditions\n\nPreconditions 5/9 · Phase 1 0/5 · Phase 2 0/5",
    );
    expect(reply?.body).toContain(
      "Next up:\n- P4 Security scans have been completed with no critical issues (pending 0/11)\n- P6 ",
    );
    const body = trackingBody(world, issue);
    expect(body).toMatch(/- \[x\] \*\*P6\*\*.*@rita/);
    expect(body).not.toMatch(/- \[x\] \*\*P7\*\*/);
  });

  it("an event on an issue the train opened finds the trains; one on an unrelated issue reconciles nothing", async () => {
    world = await worldWithoutApp();
    const issue = openTrain(world);
    await runAction({ env: actionEnv(world, "schedule", { schedule: "*/15 * * * *" }), log: quiet, pacing: false });
    const rita = world.sim.as("rita");
    const workflowPayload = (event: string) => {
      const { installation: _installation, ...payload } = world!.sim.deliveries.last({ event })!.payload;
      return payload;
    };

    const unrelated = rita.createIssue({ repo: ORCH, title: "Office plants", body: "Who waters them?" });
    rita.comment(ORCH, unrelated, "/status");
    await world.sim.settle();
    const before = world.sim.requests.length;
    expect(
      await runAction({
        env: actionEnv(world, "issue_comment", workflowPayload("issue_comment")),
        log: quiet,
        pacing: false,
      }),
    ).toEqual({ event: "issue_comment", mode: "event", trains: {}, failures: [] });
    expect(
      world.sim.requests
        .list()
        .slice(before)
        .filter((r) => r.kind === "write"),
    ).toEqual([]);

    const followUp = rita.createIssue({ repo: ORCH, title: "Follow-up: flaky smoke test", body: "From the train." });
    rita.addLabels(ORCH, followUp, ["release-train:follow-up"]);
    await world.sim.settle();
    const result = await runAction({
      env: actionEnv(world, "issues", workflowPayload("issues")),
      log: quiet,
      pacing: false,
    });
    // The labelled issue is looked at as a possible train first (a label may start one); then the train is found.
    expect(result).toEqual({
      event: "issues",
      mode: "event",
      trains: { [`${ORCH}#${followUp}`]: "not-a-train", [`${ORCH}#${issue}`]: "reconciled" },
      failures: [],
    });
  });

  it("a train that cannot run (invalid configuration) makes the run fail, naming the train", async () => {
    world = await worldWithoutApp("dryRun: maybe");
    const issue = openTrain(world);
    const result = await runAction({
      env: actionEnv(world, "workflow_dispatch", { inputs: {} }),
      log: quiet,
      pacing: false,
    });
    expect(result.trains).toEqual({ [`${ORCH}#${issue}`]: "refused" });
    expect(result.failures).toEqual([
      `${ORCH}#${issue}: refused: Invalid \`${ORCH}:.github/release-train.yml\` (1 problem): - \`dryRun\`: expected true, false, or a mapping { owner } naming the account that holds the test repositories`,
    ]);
    const comments = world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue);
    expect(comments.map((c) => c.body).join("\n")).toContain("cannot run this train until the configuration is fixed");
  });

  it("fails with a clear message when an input is missing, and on a payload it cannot read", async () => {
    world = await worldWithoutApp();
    const env = actionEnv(world, "issue_comment", {});
    await expect(runAction({ env: { ...env, PRIVATE_KEY: "" }, log: quiet, pacing: false })).rejects.toThrow(
      "PRIVATE_KEY is required (the private-key input)",
    );
    await expect(runAction({ env: { ...env, WEBHOOK_SECRET: " " }, log: quiet, pacing: false })).rejects.toThrow(
      "WEBHOOK_SECRET is required (the webhook-secret input: the app's webhook secret, which signs each train's hidden state)",
    );
    await expect(
      runAction({ env: { ...env, GITHUB_EVENT_PATH: "/nonexistent/event.json" }, log: quiet, pacing: false }),
    ).rejects.toThrow(/^cannot read the event payload at \/nonexistent\/event\.json: ENOENT/);
    await expect(runAction({ env, log: quiet, pacing: false })).rejects.toThrow(
      "the issue_comment payload has no repository",
    );
  });
});
