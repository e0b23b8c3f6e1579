// The signed hidden state block (pure): sealing, reading, and putting a block in a body.
import { describe, expect, it } from "vitest";
import type { TrainState } from "../../src/train/model/train-state.js";
import { decodeState, encodeState, sealBody, stateBlockOf, withStateBlock } from "../../src/train/state.js";

const KEY = "sha256=0123456789abcdef";
const TRAIN = "acme/release-train#7";
const state: TrainState = {
  v: 1,
  version: "2.0.0",
  startedAt: "2026-11-27T10:00:00.000Z",
  ticks: { P7: { by: "olga", at: "2026-11-27T10:05:00Z", via: "tick" } },
  acked: {},
  audit: [{ at: "2026-11-27T10:00:00.000Z", actor: "eve", text: "costs $& and $1 and --> <!--" }],
  reached: {},
  signoffs: {},
  compliance: {},
  accepted: {},
  intro: "",
};
const body = (s: TrainState = state) => `# 🚂 Release train v2.0.0\n\n- [x] **P7** Rollback\n\n${encodeState(s)}\n`;
const sealed = sealBody(body(), KEY, TRAIN);

describe("sealing the state block", () => {
  it("adds a signature, keeps the state readable, and is stable", () => {
    expect(stateBlockOf(sealed)).toMatch(/^<!-- release-train:state \{.*\} sig=[0-9a-f]{64} -->$/s);
    expect(decodeState(sealed)).toEqual(state);
    expect(sealBody(body(), KEY, TRAIN)).toBe(sealed);
    // `$&` in the state's text stays literal.
    expect(sealed).toContain("costs $& and $1");
  });

  it("a state naming a version that is no release version is refused even when signed", () => {
    for (const version of [
      "2.0.0/../../main",
      "2.0.0;rm -rf /",
      "v2.0.0",
      "2.0.0\n",
      "２.0.0",
      "01.0.0",
      `2.0.0-${"a".repeat(70)}`,
    ]) {
      // Written by hand: encodeState itself refuses such a state.
      expect(() => encodeState({ ...state, version })).toThrow();
      const text = sealBody(body().replace('"version":"2.0.0"', `"version":${JSON.stringify(version)}`), KEY, TRAIN);
      expect(decodeState(text)).toBeNull();
    }
  });
});

describe("the body decide sees", () => {
  it("gets the trusted block in place of whatever was there", () => {
    const block = stateBlockOf(sealed)!;
    const forged = `${body().replace(encodeState(state), '<!-- release-train:state {"v":1,"version":"9.9.9"} -->')}`;
    expect(withStateBlock(forged, block)).toBe(sealed);
    expect(withStateBlock("random text", block)).toBe(`random text\n\n${block}\n`);
  });

  it("without a trusted block, a body that was ours carries an empty marker; a new issue's body is left alone", () => {
    expect(withStateBlock(body(), null)).toBe(body().replace(encodeState(state), "<!-- release-train:state -->"));
    expect(decodeState(withStateBlock(body(), null))).toBeNull();
    expect(withStateBlock("Our big launch.", null)).toBe("Our big launch.");
  });
});
