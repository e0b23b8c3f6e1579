import { describe, expect, it } from "vitest";
import { emptyBudget, nextWritesAt, reserve, type RequestShape } from "../../src/github/budget/pacing.js";

const notifying: RequestShape = { write: true, notifies: true, resource: "core", spacing: true };

describe("when the next writes could start", () => {
  it("answers what reserving them would give, without reserving anything", () => {
    const state = emptyBudget();
    reserve(state, 0, notifying);
    const before = JSON.stringify(state);
    expect(nextWritesAt(state, 0, 2, notifying)).toBe(6_000);
    expect(JSON.stringify(state)).toBe(before);
    expect([reserve(state, 0, notifying), reserve(state, 0, notifying)]).toEqual([3_000, 6_000]);
  });

  it("waits for the hour's window when its 500 writes are spent", () => {
    const state = emptyBudget();
    for (let i = 0; i < 500; i += 1) state.writes.push(i * 1_000);
    state.lastWriteAt = 499_000;
    expect(nextWritesAt(state, 500_000, 1, { ...notifying, notifies: false })).toBe(3_600_000);
  });
});
