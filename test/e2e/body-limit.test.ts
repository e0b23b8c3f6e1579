// The tracking issue body stays within GitHub's 65,536 characters whatever people write
// in commands, and an accepted command is never lost: the one after a flood of long
// commands is recorded, and a 👍 only ever stands for a command that was recorded.
import { afterEach, describe, expect, it } from "vitest";
import { trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState, STATE_AUDIT_CHARS, stateBlockOf } from "../../src/train/state.js";
import { ORCH, appWrites, trainAtPreconditions } from "./helpers.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const reactionsOn = (w: DemoWorld, id: number) =>
  w.sim.store.comment(w.sim.store.requireRepo(ORCH), id)!.reactions.map((r) => `${r.user}:${r.content}`);

describe("the tracking issue body under long commands", () => {
  it("stays within GitHub's limit after 40 long /approve lines, and records the /check that follows", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    const before = trackingBody(w, issue).length;
    const line = `/approve ${"<".repeat(250)}${"‹".repeat(250)}`;
    for (let i = 0; i < 4; i += 1)
      w.sim.as("olga").comment(ORCH, issue, Array.from({ length: 10 }, () => line).join("\n"));
    await w.settle();
    const after = trackingBody(w, issue).length;
    const check = w.sim.as("rita").comment(ORCH, issue, "/check P6");
    await w.settle();
    const body = trackingBody(w, issue);

    // Every one of the 40 lines was recorded in the audit, and the body stays well within the limit.
    expect(after).toBeGreaterThan(before + 10_000);
    expect([...body].length).toBeLessThanOrEqual(65_536);
    expect(stateBlockOf(body)!.length).toBeLessThan(STATE_AUDIT_CHARS + 4_000);
    expect(decodeState(body)?.ticks["P6"]).toMatchObject({ by: "rita" });
    expect(reactionsOn(w, check)).toEqual(["release-train[bot]:+1"]);
  }, 120_000);

  it("gives no 👍 for a command whose body write failed; the next reconcile records it, then reacts", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    let failed = 0;
    w.sim.faults.add((req) => {
      if (failed > 0 || req.route !== "PATCH /repos/{owner}/{repo}/issues/{issue_number}") return undefined;
      failed++;
      return { status: 502, body: { message: "Server Error" } };
    });
    const check = w.sim.as("rita").comment(ORCH, issue, "/check P6");
    await w.settle();
    expect(failed).toBe(1);
    expect(decodeState(trackingBody(w, issue))?.ticks["P6"]).toBeUndefined();
    expect(reactionsOn(w, check)).toEqual([]);

    await w.server.app.resync();
    await w.settle();
    expect(decodeState(trackingBody(w, issue))?.ticks["P6"]).toMatchObject({ by: "rita" });
    expect(reactionsOn(w, check)).toEqual(["release-train[bot]:+1"]);
  }, 120_000);
});

// The 👍 for a recorded command is owed until GitHub shows it: a reaction lost to a 502 is
// sent on the next reconcile, and one whose response was lost is not sent twice.
const REACTION = "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";

describe("the reaction to a recorded command", () => {
  it("lost to a 502, it is sent on the next reconcile, once", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    let failed = 0;
    w.sim.faults.add((req) => {
      if (failed > 0 || req.route !== REACTION) return undefined;
      failed++;
      return { status: 502, body: { message: "Server Error" } };
    });
    const check = w.sim.as("rita").comment(ORCH, issue, "/check P6");
    await w.settle();
    expect(failed).toBe(1);
    expect(decodeState(trackingBody(w, issue))?.ticks["P6"]).toMatchObject({ by: "rita" });
    expect(reactionsOn(w, check)).toEqual([]);

    await w.server.app.resync();
    await w.settle();
    expect(reactionsOn(w, check)).toEqual(["release-train[bot]:+1"]);
    const since = w.sim.requests.list().length;
    await w.server.app.resync();
    await w.settle();
    expect(appWrites(w, since).filter((r) => r.route === REACTION)).toEqual([]);
  }, 120_000);

  it("with its response lost, it is not sent again", async () => {
    const { w, issue } = await trainAtPreconditions((w) => (world = w));
    let lost = 0;
    w.sim.faults.add((req) => {
      if (lost > 0 || req.route !== REACTION) return undefined;
      lost++;
      return "drop-response";
    });
    const check = w.sim.as("rita").comment(ORCH, issue, "/check P6");
    const since = w.sim.requests.list().length;
    await w.settle();
    await w.server.app.resync();
    await w.settle();
    expect(lost).toBe(1);
    expect(reactionsOn(w, check)).toEqual(["release-train[bot]:+1"]);
    expect(appWrites(w, since).filter((r) => r.route === REACTION)).toHaveLength(1);
  }, 120_000);
});
