// A comment the tracking issue closes after comes with the close (the shell makes the
// close only once the comment went out); once GitHub shows the app's comment, the close
// comes alone (anyone can paste its marker).
import { describe, expect, it } from "vitest";
import { commentThenClose, completionKey, reopenUndoneKey } from "../../src/train/close-after-comment.js";
import type { Observation } from "../../src/train/model/observation.js";
import { commentMarker } from "../../src/train/state.js";

/** Only what commentThenClose reads of an observation: the bot's login, the issue's number and comments. */
function observing(comments: Array<{ author: string; body: string }>) {
  return { botLogin: "release-train[bot]", issue: { number: 7, comments } } as unknown as Observation;
}

const KEY = completionKey("v2.0.0");
const CLOSE = { kind: "closeIssue", number: 7 };

describe("a comment then the close", () => {
  it("is the comment, with its marker, then the close while GitHub does not show it", () => {
    expect(commentThenClose(observing([]), KEY, "🏁 done")).toEqual([
      { kind: "comment", key: "finished-v2.0.0", body: `${commentMarker(KEY)}\n🏁 done` },
      CLOSE,
    ]);
  });

  it("is the close alone once the app's comment is shown", () => {
    const shown = observing([{ author: "release-train[bot]", body: `${commentMarker(KEY)}\n🏁 done` }]);
    expect(commentThenClose(shown, KEY, "🏁 done")).toEqual([CLOSE]);
  });

  it("does not take the marker pasted by someone else for the app's comment", () => {
    const pasted = observing([{ author: "mallory", body: `${commentMarker(KEY)}\n🏁 done` }]);
    expect(commentThenClose(pasted, KEY, "🏁 done").map((a) => a.kind)).toEqual(["comment", "closeIssue"]);
  });

  it("keys the reply to a reopened train by the moment it was reopened", () => {
    const reply = commentThenClose(observing([]), reopenUndoneKey("2026-11-27T10:00:00Z"), "@mallory closed again");
    expect(reply[0]).toMatchObject({ kind: "comment", key: `reopen-${Date.parse("2026-11-27T10:00:00Z")}` });
  });
});
