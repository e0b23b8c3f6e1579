import { describe, expect, it } from "vitest";
import type { TrainState } from "../../src/train/model/train-state.js";
import { commentMarker, decodeState, encodeState, markerOf, readTicks } from "../../src/train/state.js";

const state: TrainState = {
  v: 1,
  version: "2.0.0",
  accepted: {},
  startedAt: "2026-11-27T10:00:00.000Z",
  ticks: { P7: { by: "olga", at: "2026-11-27T10:05:00Z", via: "tick" } },
  acked: { "12": "2026-11-27T10:01:00Z" },
  audit: [{ at: "2026-11-27T10:00:00.000Z", actor: "eve", text: "tried to close --> the comment <!-- here" }],
  reached: { P1: "2026-11-27T10:00:00.000Z" },
  signoffs: { backend: { by: "bella", at: "2026-11-27T10:06:00Z", via: "comment:14", heads: { "acme/api": "abc" } } },
  compliance: { "acme/api": [{ repo: "acme/api", pr: 12, key: "finance", label: "compliance:finance" }] },
  intro: "",
};

describe("hidden state", () => {
  it("round-trips, and user text cannot close the HTML comment", () => {
    const encoded = encodeState(state);
    expect(encoded.indexOf("-->")).toBe(encoded.length - 3);
    expect(decodeState(`# Title\n\n${encoded}\n`)).toEqual(state);
  });

  it("is null when absent or garbled", () => {
    expect(decodeState("no state here")).toBeNull();
    expect(decodeState("<!-- release-train:state {not json} -->")).toBeNull();
    expect(decodeState('<!-- release-train:state {"v":2} -->')).toBeNull();
  });

  it("reads task-list ticks by id", () => {
    const ticks = readTicks("- [x] **P7** Rollback\n- [ ] **2.3** Review\n* [X] **4.4** Staging\n- [x] not an item");
    expect([...ticks]).toEqual([
      ["P7", true],
      ["2.3", false],
      ["4.4", true],
    ]);
  });

  it("marks comments so they are posted once", () => {
    expect(markerOf(`${commentMarker("reply-1-2")}\nhello`)).toBe("reply-1-2");
    expect(markerOf("hello")).toBeNull();
  });
});
