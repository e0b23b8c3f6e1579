// A comment the tracking issue closes after is posted first; the close waits until GitHub
// shows that comment, written by the app (anyone can paste its marker).
import { describe, expect, it } from "vitest";
import { closesAfter, commentThenClose, completionKey, reopenUndoneKey } from "../../src/train/close-after-comment.js";
import type { Observation } from "../../src/train/model/observation.js";
import { commentMarker } from "../../src/train/state.js";

/** Only what commentThenClose reads of an observation: the bot's login, the issue's number and comments. */
function observing(comments: Array<{ author: string; body: string }>) {
  return { botLogin: "release-train[bot]", issue: { number: 7, comments } } as unknown as Observation;
}

const KEY = completionKey("v2.0.0");

describe("a comment then the close", () => {
  it("posts the comment, with its marker, and does not close while GitHub does not show it", () => {
    const actions = commentThenClose(observing([]), KEY, "🏁 done");
    expect(actions).toEqual([{ kind: "comment", key: "finished-v2.0.0", body: `${commentMarker(KEY)}\n🏁 done` }]);
    expect(actions.every(closesAfter)).toBe(true);
  });

  it("closes, and posts nothing, once the app's comment is shown", () => {
    const shown = observing([{ author: "release-train[bot]", body: `${commentMarker(KEY)}\n🏁 done` }]);
    expect(commentThenClose(shown, KEY, "🏁 done")).toEqual([{ kind: "closeIssue", number: 7 }]);
  });

  it("does not take the marker pasted by someone else for the app's comment", () => {
    const pasted = observing([{ author: "mallory", body: `${commentMarker(KEY)}\n🏁 done` }]);
    expect(commentThenClose(pasted, KEY, "🏁 done").map((a) => a.kind)).toEqual(["comment"]);
  });

  it("reads back the comments the issue closes after, and no others", () => {
    const reply = commentThenClose(observing([]), reopenUndoneKey("2026-11-27T10:00:00Z"), "@mallory closed again");
    expect(reply.map((a) => a.kind === "comment" && a.key)).toEqual([`reopen-${Date.parse("2026-11-27T10:00:00Z")}`]);
    expect(reply.every(closesAfter)).toBe(true);
    expect(closesAfter({ kind: "comment", key: "reply-1-a", body: "" })).toBe(false);
    expect(closesAfter({ kind: "closeIssue", number: 7 })).toBe(false);
  });
});
