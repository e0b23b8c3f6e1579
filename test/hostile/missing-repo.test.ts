// Configured repositories GitHub does not show the app (a typo, one deleted mid-train,
// thousands the app is not installed on): GraphQL answers NOT_FOUND with the rest of its
// data, which is kept; the tracking issue says so once; /status and /help are answered
// while the train cannot run; mid-train the rest of the train goes on.
import { afterEach, describe, expect, it } from "vitest";
import { CONFIG_PATH, PLAYBOOK_CONFIG } from "../../src/demo/constellation.js";
import { openTrain, reportReleaseChecks, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { toPhase1 } from "../../src/demo/script.js";
import { decodeState } from "../../src/train/state.js";
import { ORCH, appWrites, botComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

const DOCS = "blackroad-os/blackroad-os-docs";
const unseenNotices = (w: DemoWorld, issue: number) =>
  botComments(w, issue).filter((c) => c.body.includes("release-train cannot see"));
const repliesTo = (w: DemoWorld, issue: number, id: number) =>
  botComments(w, issue).filter((c) => c.body.includes(`:key=reply-${id}-`));
const writeLines = (w: DemoWorld, since: number) => appWrites(w, since).map((r) => `${r.method} ${r.path}`);

function pushConfig(w: DemoWorld, config: string): void {
  w.sim
    .as("rita")
    .pushCommit(ORCH, "main", { message: "chore: train configuration", files: { [CONFIG_PATH]: config } });
}

describe("a configured repository GitHub does not have", () => {
  it("a typo before Phase 1: one notice naming it, nothing else written; /status and /help answered; the train runs once it is fixed", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const w = world;
    pushConfig(w, PLAYBOOK_CONFIG.replace("- name: blackroad-os-docs", "- name: blackroad-os-dcos"));
    const since = w.sim.requests.list().length;
    const issue = openTrain(w);
    await w.settle();
    const status = w.sim.as("olga").comment(ORCH, issue, "/status");
    const help = w.sim.as("mallory").comment(ORCH, issue, "/help");
    const check = w.sim.as("rita").comment(ORCH, issue, "/check P6");
    await w.settle();
    await w.server.app.resync();
    await w.settle();

    const notices = unseenNotices(w, issue);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("`blackroad-os/blackroad-os-dcos`");
    expect(notices[0]!.body).toContain("Nothing was changed.");
    expect(repliesTo(w, issue, status)).toHaveLength(1);
    expect(repliesTo(w, issue, status)[0]!.body).toContain("This train is stopped");
    expect(repliesTo(w, issue, status)[0]!.body).toContain("blackroad-os-dcos");
    expect(repliesTo(w, issue, help)).toHaveLength(1);
    expect(repliesTo(w, issue, help)[0]!.body).toContain("`/check <step> [note]`");
    expect(repliesTo(w, issue, check)).toEqual([]);
    // The notice and the two replies, nothing else: no body, no branch, no reaction.
    expect(writeLines(w, since)).toEqual(
      Array.from({ length: 3 }, () => `POST /repos/${ORCH}/issues/${issue}/comments`),
    );
    expect(trackingBody(w, issue)).not.toContain("Release train v2.0.0");

    // Fixed: the train is rendered, the waiting /check is run, /status is not answered twice.
    pushConfig(w, PLAYBOOK_CONFIG);
    await w.server.app.resync();
    await w.settle();
    expect(decodeState(trackingBody(w, issue))?.ticks["P6"]).toMatchObject({ by: "rita" });
    expect(repliesTo(w, issue, status)).toHaveLength(1);
    expect(unseenNotices(w, issue)).toHaveLength(1);
  }, 120_000);

  it("an invalid configuration: /status is answered once, saying why the train is stopped", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const w = world;
    pushConfig(w, PLAYBOOK_CONFIG.replace("label: release-train", "label: [release-train"));
    const issue = openTrain(w);
    await w.settle();
    const status = w.sim.as("olga").comment(ORCH, issue, "/status");
    await w.settle();
    await w.server.app.resync();
    await w.settle();
    const replies = repliesTo(w, issue, status);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain("This train is stopped:** its configuration is invalid");
  }, 120_000);

  it("5,000 repositories the app is not installed on: one notice naming 20 of them, nothing else written", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const w = world;
    const extra = Array.from(
      { length: 5000 },
      (_, i) => `  - name: blackroad-labs/service-${i}\n    team: backend\n`,
    ).join("");
    pushConfig(w, PLAYBOOK_CONFIG.replace("repos:\n", `repos:\n${extra}`));
    const since = w.sim.requests.list().length;
    const issue = openTrain(w);
    await w.settle();
    await w.server.app.resync();
    await w.settle();

    const notices = unseenNotices(w, issue);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("cannot see 5,000 repositories");
    expect(notices[0]!.body).toContain("and 4,980 more");
    expect(notices[0]!.body.match(/`blackroad-labs\/service-\d+`/g)).toHaveLength(20);
    expect(notices[0]!.body.length).toBeLessThan(3_000);
    expect(writeLines(w, since)).toEqual([`POST /repos/${ORCH}/issues/${issue}/comments`]);
    // GitHub is not asked about each of them: a reconcile reads a handful of times, not 200.
    const reads = w.sim.requests
      .list()
      .slice(since)
      .filter((r) => r.kind === "read" && r.graphql);
    expect(reads.length).toBeLessThan(20);
  }, 120_000);

  it("deleted mid-train: the reconcile keeps the rest of GitHub's answer, says so once, and the train goes on without writing to it", async () => {
    world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
    const w = world;
    const issue = await toPhase1(w);
    w.sim.store.repos.delete(DOCS);
    const since = w.sim.requests.list().length;
    await w.server.app.resync();
    await w.settle();
    reportReleaseChecks(
      w,
      "success",
      w.repos.filter((r) => r !== DOCS),
    );
    w.sim.as("rita").comment(ORCH, issue, "/check 2.3");
    await w.settle();
    await w.server.app.resync();
    await w.settle();

    const notices = unseenNotices(w, issue);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain(`\`${DOCS}\``);
    expect(notices[0]!.body).toContain("the rest of the train goes on");
    const body = trackingBody(w, issue);
    expect(body).toContain(`repository ${DOCS} not found or not accessible to the app`);
    expect(body).toContain("**⛔ Held: blackroad-os-docs not found or not accessible to the app — see below**");
    // The train's state still moves: 2.3 is recorded, 2.1 counts the other ten repositories.
    expect(decodeState(body)?.ticks["2.3"]).toMatchObject({ by: "rita" });
    expect(body).toMatch(/\*\*2\.1\*\* [^\n]*10\/11/);
    expect(writeLines(w, since).filter((l) => l.includes("blackroad-os-docs"))).toEqual([]);
  }, 120_000);
});
