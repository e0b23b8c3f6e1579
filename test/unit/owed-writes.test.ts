// The writes a state owes (replies, a `/hotfix`'s follow-up issue): kept small, made again
// until GitHub shows them, a reply forgotten only when the state is written anyway.
import { describe, expect, it } from "vitest";
import { initialState } from "../../src/train/decide.js";
import {
  forgetShownReplies,
  OWED_WRITES_MAX,
  owe,
  settleOwedWrites,
} from "../../src/train/interactions/owed-writes.js";
import type { Action } from "../../src/train/model/actions.js";
import type { Observation } from "../../src/train/model/observation.js";
import { OWED_TEXT_CHARS } from "../../src/train/model/train-state.js";
import { commentMarker, decodeState, encodeState } from "../../src/train/state.js";

const state = () => initialState("2.0.0", "2026-11-27T09:00:00Z", "");
const reply = (key: string, text: string) => ({
  kind: "comment" as const,
  key,
  body: `${commentMarker(key)}\n${text}`,
});
const followUp = (key: string) => ({
  kind: "openIssue" as const,
  key,
  title: "Follow-up for v2.0.0: smoke tests failed",
  labels: ["release-train:follow-up"],
  body: `${commentMarker(key)}\n@oscar continued the release train`,
});

/** Only what settleOwedWrites reads of an observation: the bot's login, the issue's comments, the app's train issues. */
function observing(comments: Array<{ author: string; body: string }>, trainIssues: Array<{ body: string }> = []) {
  return { botLogin: "release-train[bot]", issue: { comments }, trainIssues } as unknown as Observation;
}

describe("owed writes", () => {
  it("are made and kept without their marker, a long one cut short, and the state still decodes", () => {
    const s = state();
    const actions: Action[] = [];
    owe(s, actions, reply("reply-1-a", "@rita short"));
    owe(s, actions, reply("reply-2-b", `@rita ${"x".repeat(10_000)}`));
    owe(s, actions, followUp("follow-up-3"));
    expect(actions.map((a) => a.kind)).toEqual(["comment", "comment", "openIssue"]);
    expect(s.owed!["reply-1-a"]).toEqual({ text: "@rita short" });
    expect(s.owed!["reply-2-b"]!.text.length).toBeLessThanOrEqual(OWED_TEXT_CHARS);
    expect(s.owed!["reply-2-b"]!.text).toMatch(/cut short/);
    expect(s.owed!["follow-up-3"]).toEqual({
      text: "@oscar continued the release train",
      issue: { title: "Follow-up for v2.0.0: smoke tests failed", labels: ["release-train:follow-up"] },
    });
    expect(decodeState(encodeState(s))?.owed).toEqual(s.owed);
  });

  it("keep at most OWED_WRITES_MAX, giving up the oldest", () => {
    const s = state();
    for (let i = 0; i <= OWED_WRITES_MAX; i += 1) owe(s, [], reply(`reply-${i}-x`, "text"));
    expect(Object.keys(s.owed!)).toHaveLength(OWED_WRITES_MAX);
    expect(s.owed!["reply-0-x"]).toBeUndefined();
  });

  it("are made again, as they were, while GitHub does not show them and nothing makes them", () => {
    const s = state();
    owe(s, [], reply("reply-1-a", "@rita one"));
    owe(s, [], reply("reply-2-b", "@rita two"));
    owe(s, [], followUp("follow-up-3"));
    const actions: Action[] = [reply("reply-2-b", "@rita two")];
    expect(settleOwedWrites(s, observing([]), actions)).toEqual([]);
    expect(actions).toEqual([
      reply("reply-2-b", "@rita two"),
      reply("reply-1-a", "@rita one"),
      followUp("follow-up-3"),
    ]);
  });

  it("a reply GitHub shows is forgotten only when the body is written anyway: the state or what the body shows changed", () => {
    const posted = observing([{ author: "release-train[bot]", body: reply("reply-1-a", "@rita one").body }]);
    const s = state();
    owe(s, [], reply("reply-1-a", "@rita one"));
    const unchanged = structuredClone(s);
    const actions: Action[] = [];
    const shown = settleOwedWrites(s, posted, actions);
    expect(shown).toEqual(["reply-1-a"]);
    expect(actions).toEqual([]);
    expect(forgetShownReplies(s, unchanged, shown, false)).toBe(false);
    expect(s.owed).toEqual({ "reply-1-a": { text: "@rita one" } });

    // The body shows something new (a batch of Phase 1 done): it is written, and the reply forgotten with it.
    expect(forgetShownReplies(s, unchanged, shown, true)).toBe(true);
    expect(s.owed).toBeUndefined();

    // The state changed otherwise.
    const t = state();
    owe(t, [], reply("reply-1-a", "@rita one"));
    const before = structuredClone(t);
    t.audit.push({ at: "2026-11-27T09:05:00Z", actor: "rita", text: "/check P6" });
    expect(forgetShownReplies(t, before, settleOwedWrites(t, posted, []), false)).toBe(true);
    expect(t.owed).toBeUndefined();
  });

  it("an issue GitHub shows is forgotten at once (only the newest train issues are read)", () => {
    const s = state();
    owe(s, [], followUp("follow-up-3"));
    const actions: Action[] = [];
    expect(settleOwedWrites(s, observing([], [{ body: followUp("follow-up-3").body }]), actions)).toEqual([]);
    expect(s.owed).toBeUndefined();
    expect(actions).toEqual([]);
  });

  it("a comment someone else wrote with the marker does not count as made", () => {
    const forged = observing([{ author: "mallory", body: reply("reply-1-a", "@rita one").body }]);
    const s = state();
    owe(s, [], reply("reply-1-a", "@rita one"));
    const actions: Action[] = [];
    expect(settleOwedWrites(s, forged, actions)).toEqual([]);
    expect(actions).toEqual([reply("reply-1-a", "@rita one")]);
    expect(s.owed).toEqual({ "reply-1-a": { text: "@rita one" } });
  });
});
