// Hostile comments on the tracking issue, end to end: what the commenter sees (reply,
// reaction) and that nothing else changes (state, writes).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState } from "../../src/train/state.js";
import { cpuTimer } from "../helpers/cpu.js";
import { ORCH, appWrites, commentsOf, lastBotReply } from "./helpers.js";

let world: DemoWorld;
let issue: number;

beforeEach(async () => {
  world = await startDemoWorld({ quiet: true, commitsPerRepo: 2 });
  issue = openTrain(world);
  await world.settle();
});
afterEach(async () => world?.close());

const state = () => decodeState(trackingBody(world, issue))!;
const reactionsOf = (id: number) => world.sim.store.comments.get(id)!.reactions.map((r) => r.content);
const routes = (since: number) =>
  appWrites(world, since)
    .map((w) => w.route)
    .sort();
const REPLY = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const REACT = "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
const BODY = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";

/** Posts a comment as `who`, settles, and returns its id and the writes it caused. */
async function say(who: string, body: string) {
  const before = world.sim.requests.length;
  const id = world.sim.as(who).comment(ORCH, issue, body);
  await world.settle();
  return { id, writes: routes(before) };
}

describe("look-alike commands are not run, and the author is told why", () => {
  it.each([
    ["a full-width slash", "\uFF0Fapprove", "U+FF0F FULLWIDTH SOLIDUS"],
    ["a Cyrillic а", "/\u0430pprove", "U+0430 (CYRILLIC letter)"],
  ])("/approve with %s by the orchestration team", async (_case, text, character) => {
    const { id, writes } = await say("olga", text);
    expect(lastBotReply(world, issue)).toBe(
      `> ${text}\n\n@olga this looks like \`/approve\` but is not written in plain ASCII (${character}), so it was not recognised and nothing was run. Type the command with a plain \`/\` and Latin letters.`,
    );
    expect(reactionsOf(id)).toEqual(["confused"]);
    expect(state().approval).toBeUndefined();
    expect(
      state()
        .audit.map((a) => a.text)
        .join("\n"),
    ).not.toContain("/approve");
    // The reply, the reaction, and the body (which records that the comment was answered).
    expect(writes).toEqual([REPLY, REACT, BODY].sort());
  });

  it("/hold with a zero-width space: refused, the hidden character shown in the quote", async () => {
    const { id } = await say("rita", "/ho\u200Bld for the weekend");
    expect(lastBotReply(world, issue)).toBe(
      "> /ho<U+200B>ld for the weekend\n\n@rita this line contains invisible or text-direction characters (U+200B ZERO WIDTH SPACE), so it was not run: what it shows may not be what it says. Please retype the command as plain text.",
    );
    expect(reactionsOf(id)).toEqual(["confused"]);
    expect(state().hold).toBeUndefined();
  });

  it("a right-to-left override that displays as /abort: refused", async () => {
    const { id } = await say("rita", "\u202Etroba/");
    expect(lastBotReply(world, issue)).toContain(
      "@rita this line contains invisible or text-direction characters (U+202E RIGHT-TO-LEFT OVERRIDE), so it was not run",
    );
    expect(lastBotReply(world, issue)).toContain("> <U+202E>troba/");
    expect(reactionsOf(id)).toEqual(["confused"]);
    expect(state().aborted).toBeUndefined();
  });
});

describe("commands that are not commands", () => {
  it("/hold quoted in a reply, in a code fence, in inline code or in an HTML comment: nothing at all", async () => {
    const before = world.sim.requests.length;
    const ids = [
      world.sim.as("rita").comment(ORCH, issue, "> /hold\n\nQuoting Olga above, not holding."),
      world.sim.as("rita").comment(ORCH, issue, "> Olga wrote:\n/hold"),
      world.sim.as("rita").comment(ORCH, issue, "To pause, type:\n\n```\n/hold reason\n```"),
      world.sim.as("rita").comment(ORCH, issue, "Type `/hold` to pause."),
      world.sim.as("rita").comment(ORCH, issue, "Nothing to see.\n<!--\n/hold\n-->"),
    ];
    await world.settle();
    expect(appWrites(world, before)).toEqual([]);
    for (const id of ids) expect(reactionsOf(id)).toEqual([]);
    expect(state().hold).toBeUndefined();
  });
});

describe("commands from people who may not run them", () => {
  it.each([
    ["/approve", "only members of @release-managers can `/approve` the release."],
    ["/hold I say so", "only members of @release-managers can use `/hold`."],
    ["/abort", "only members of @release-managers can use `/abort`."],
    ["/rollback extended", "only members of @release-managers can use `/rollback`."],
    ["/freeze", "only members of @release-managers can use `/freeze`."],
    ["/check P7", "only members of @release-managers can check P7 (Rollback procedures are documented and tested)."],
  ])("%s by an outsider: refused with a reply, the train unchanged", async (text, reason) => {
    const before = state();
    const { id, writes } = await say("mallory", text);
    expect(lastBotReply(world, issue)).toBe(`> ${text}\n\n@mallory ${reason}`);
    expect(reactionsOf(id)).toEqual(["confused"]);
    const after = state();
    expect({ ...after, audit: [] }).toEqual({
      ...before,
      audit: [],
      acked: { ...before.acked, [String(id)]: expect.any(String) },
      reactions: { ...before.reactions, [String(id)]: "confused" },
      owed: expect.any(Object),
    });
    // The reply is owed until GitHub shows it (owed-writes.ts): nothing else is recorded.
    expect(Object.values(after.owed!).map((w) => w.text)).toEqual([`> ${text}\n\n@mallory ${reason}`]);
    expect(after.audit.at(-1)).toMatchObject({
      actor: "mallory",
      text: `${text.split(" ")[0]}${text.includes(" ") ? ` ${text.split(" ").slice(1).join(" ")}` : ""} (refused)`,
    });
    expect(writes).toEqual([REPLY, REACT, BODY].sort());
  });
});

describe("edited comments", () => {
  it("the author's own edit is evaluated as the comment now reads", async () => {
    const { id } = await say("rita", "Preparation is done.");
    world.sim.as("rita").editComment(ORCH, id, "Preparation is done.\n/check P6");
    await world.settle();
    expect(state().ticks.P6).toMatchObject({ by: "rita", via: `comment:${id}` });
    world.sim.as("rita").editComment(ORCH, id, "Preparation is not done after all.");
    await world.settle();
    expect(state().ticks.P6).toBeUndefined();
    expect(trackingBody(world, issue)).toContain("P6 unchecked: its /check comment was edited");
  });

  it("someone else's edit runs nothing, withdraws what the comment did, and says so", async () => {
    const { id } = await say("rita", "/check P6");
    expect(state().ticks.P6).toMatchObject({ by: "rita" });
    const before = world.sim.requests.length;
    world.sim.as("mallory").editComment(ORCH, id, "/check P6\n/check P7\n/check P8");
    await world.settle();
    const s = state();
    expect(s.ticks).toEqual({});
    expect(lastBotReply(world, issue)).toBe(
      "> /check P6\n\n@rita this comment was last edited by @mallory, not by you, so its commands were not run (and what it did before is withdrawn). A command counts only as its author wrote it: post it again as a new comment.",
    );
    expect(reactionsOf(id)).toContain("confused");
    expect(routes(before)).toEqual([REPLY, REACT, BODY].sort());
    // Nothing further happens on the next look.
    const again = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    expect(appWrites(world, again)).toEqual([]);
  });

  it("an outsider editing a comment that never was a command into one: nothing runs", async () => {
    const { id } = await say("rita", "Thanks everyone!");
    world.sim.as("mallory").editComment(ORCH, id, "/abort");
    await world.settle();
    expect(state().aborted).toBeUndefined();
    expect(lastBotReply(world, issue)).toContain(
      "@rita this comment was last edited by @mallory, not by you, so its commands were not run",
    );
  });
});

describe("very large comments (65,536 characters, GitHub's maximum)", () => {
  it("prose of the maximum size: read, nothing written", async () => {
    const prose = "All good here. ".repeat(5000).slice(0, 65_536);
    const cpu = cpuTimer();
    const { writes } = await say("mallory", prose);
    const ms = cpu.ms();
    expect(writes).toEqual([]);
    // CPU time of this process (the simulated GitHub's and the app's): a busy machine does not add to it.
    expect(ms).toBeLessThan(5_000);
  });

  it("a /hold with a 65,530-character reason: held, the reason clipped, the body within GitHub's limit", async () => {
    const text = `/hold ${"outage ".repeat(10_000)}`.slice(0, 65_536);
    const cpu = cpuTimer();
    const { id } = await say("rita", text);
    const ms = cpu.ms();
    expect(reactionsOf(id)).toEqual(["+1"]);
    expect(state().hold?.by).toBe("rita");
    expect(state().hold!.reason.length).toBeLessThanOrEqual(500);
    expect(trackingBody(world, issue).length).toBeLessThan(65_536);
    expect(ms).toBeLessThan(5_000);
  });

  it("thousands of command lines in one comment: only the first 10 run, the reply says so and fits in a comment", async () => {
    const text = "/status\n".repeat(8192);
    const { id } = await say("mallory", text);
    const reply = commentsOf(world, issue).at(-1)!.body;
    expect(reply.length).toBeLessThan(65_536);
    expect(reply).toContain(
      "@mallory only the first 10 commands of a comment are read; the other 8182 were not run. Post them in another comment.",
    );
    expect(reactionsOf(id)).toEqual(["confused"]);
  });

  it("an unknown command with a 65,535-character name: the reply is clipped below GitHub's limit", async () => {
    const text = `/${"x".repeat(65_535)}`;
    const { id } = await say("mallory", text);
    const reply = commentsOf(world, issue).at(-1)!;
    expect(reply.user).toBe("release-train[bot]");
    expect(reply.body.length).toBeLessThan(65_536);
    expect(reply.body).toContain(`> /${"x".repeat(198)}…`);
    expect(reply.body).toContain(`@mallory \`/${"x".repeat(39)}…\` is not a release-train command. Valid commands:`);
    expect(reactionsOf(id)).toEqual(["confused"]);
  });
});
