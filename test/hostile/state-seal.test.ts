// The signed hidden state (pure): what counts as release-train's own state and what does not.
import { describe, expect, it } from "vitest";
import type { TrainState } from "../../src/train/model.js";
import { decodeState, encodeState, sealBody, stateBlockOf, trustedState, withStateBlock } from "../../src/train/state.js";

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
const trust = (text: string, extra: Partial<Parameters<typeof trustedState>[0]> = {}) =>
  trustedState({ body: text, key: KEY, train: TRAIN, botEditedLast: false, ...extra });

describe("sealing the state block", () => {
  it("adds a signature, keeps the state readable, and is stable", () => {
    expect(stateBlockOf(sealed)).toMatch(/^<!-- release-train:state \{.*\} sig=[0-9a-f]{64} -->$/s);
    expect(decodeState(sealed)).toEqual(state);
    expect(sealBody(body(), KEY, TRAIN)).toBe(sealed);
    // `$&` in the state's text stays literal.
    expect(sealed).toContain("costs $& and $1");
  });

  it("a signed block in a body someone else edited counts (ticking a box leaves it intact)", () => {
    const ticked = sealed.replace("- [x] **P7**", "- [ ] **P7**");
    expect(trust(ticked)).toMatchObject({ source: "body", tampered: false, state });
  });

  it.each([
    ["unsigned", body()],
    ["signed with another key", sealBody(body(), "another-key", TRAIN)],
    ["signed for another train", sealBody(body(), KEY, "acme/release-train#8")],
    ["changed after signing", sealed.replace('"by":"olga"', '"by":"mallory"')],
    ["a signature that is not hex", sealed.replace(/sig=[0-9a-f]{64}/, `sig=${"z".repeat(64)}`)],
    ["a truncated signature", sealed.replace(/sig=([0-9a-f]{64})/, (_m, sig: string) => `sig=${sig.slice(0, 63)}0`)],
  ])("%s: not trusted, flagged as tampered", (_case, text) => {
    expect(trust(text)).toEqual({ state: null, block: null, source: "none", tampered: true });
  });

  it("an unsigned block is trusted when GitHub says release-train edited the body last (older versions, a new secret)", () => {
    expect(trust(body(), { botEditedLast: true })).toMatchObject({ source: "body", state });
  });

  it("an untrusted block falls back to the block last written, flagged as tampered", () => {
    const lastWritten = stateBlockOf(sealed)!;
    const forged = body({ ...state, signoffs: { backend: { by: "bella", at: "x", via: "comment:1", heads: {} } } });
    expect(trust(forged, { lastWritten })).toEqual({ state, block: lastWritten, source: "last-written", tampered: true });
    expect(trust("random text", { lastWritten })).toMatchObject({ source: "last-written", tampered: true });
  });

  it("a new issue without any state is not tampering; a rendered body without its state is", () => {
    expect(trust("Our big launch.")).toEqual({ state: null, block: null, source: "none", tampered: false });
    expect(trust(body().replace(encodeState(state), ""))).toMatchObject({ source: "none", tampered: true });
  });

  it("a state naming a version that is no release version is refused even when signed", () => {
    for (const version of ["2.0.0/../../main", "2.0.0;rm -rf /", "v2.0.0", "2.0.0\n", "２.0.0", "01.0.0", `2.0.0-${"a".repeat(70)}`]) {
      // Written by hand: encodeState itself refuses such a state.
      expect(() => encodeState({ ...state, version })).toThrow();
      const text = sealBody(body().replace('"version":"2.0.0"', `"version":${JSON.stringify(version)}`), KEY, TRAIN);
      expect(decodeState(text)).toBeNull();
      expect(trust(text).state).toBeNull();
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
