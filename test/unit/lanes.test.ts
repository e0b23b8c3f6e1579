// The lanes on simulated time: vitest's fake timers drive the debounce, maxWait and the
// reconciles' own duration, so the counts and instants below do not depend on how fast
// the machine is.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Lanes } from "../../src/github/lanes.js";
import { deferred } from "../helpers/deferred.js";

/** A reconcile that takes `ms` of simulated time. */
const takes = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") }));
afterEach(() => void vi.useRealTimers());

describe("Lanes: one lane per train", () => {
  it("never overlaps reconciles of one train and coalesces a burst", async () => {
    let running = 0;
    let maxRunning = 0;
    const lanes = new Lanes(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await takes(20);
        running -= 1;
      },
      { debounceMs: 5, maxWaitMs: 50 },
    );
    const hints: Promise<void>[] = [];
    // 1,000 hints, 3 ms apart in groups of 100: each group restarts the quiet period.
    for (let i = 0; i < 1000; i += 1) {
      hints.push(lanes.hint("train-a"));
      if (i % 100 === 0) await vi.advanceTimersByTimeAsync(3);
    }
    await vi.advanceTimersByTimeAsync(5);
    expect(running).toBe(1);
    // 1,000 more while that reconcile runs: one more reconcile after it, not 1,000.
    for (let i = 0; i < 1000; i += 1) hints.push(lanes.hint("train-a"));
    await vi.runAllTimersAsync();
    await Promise.all(hints);
    await lanes.whenIdle();
    expect(maxRunning).toBe(1);
    expect(lanes.runs.get("train-a")).toBe(2);
  });

  it("a hint during a run causes exactly one more run, which it waits for", async () => {
    const order: string[] = [];
    const blocked = deferred();
    const lanes = new Lanes(
      async () => {
        order.push("start");
        if (order.length === 1) await blocked.promise;
        order.push("end");
      },
      { debounceMs: 0, maxWaitMs: 0 },
    );
    const first = lanes.hint("t");
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["start"]);
    const second = lanes.hint("t");
    const third = lanes.hint("t");
    blocked.resolve();
    await first;
    expect(order).toEqual(["start", "end"]);
    await vi.runAllTimersAsync();
    await Promise.all([second, third]);
    expect(order).toEqual(["start", "end", "start", "end"]);
    expect(lanes.runs.get("t")).toBe(2);
  });

  it("different trains run independently", async () => {
    const active = new Set<string>();
    let together = false;
    const lanes = new Lanes(
      async (key) => {
        active.add(key);
        if (active.size === 2) together = true;
        await takes(20);
        active.delete(key);
      },
      { debounceMs: 0, maxWaitMs: 0 },
    );
    const both = Promise.all([lanes.hint("a"), lanes.hint("b")]);
    await vi.runAllTimersAsync();
    await both;
    expect(together).toBe(true);
  });

  it("reports a failing reconcile and keeps the lane usable", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const lanes = new Lanes(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
      },
      { debounceMs: 0, maxWaitMs: 0 },
      (_key, error) => errors.push(error),
    );
    const first = lanes.hint("t");
    await vi.runAllTimersAsync();
    await first;
    const second = lanes.hint("t");
    await vi.runAllTimersAsync();
    await second;
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("boom");
  });

  it("maxWait bounds how long a steady stream of hints can delay a reconcile", async () => {
    const starts: number[] = [];
    const lanes = new Lanes(async () => void starts.push(Date.now()), { debounceMs: 30, maxWaitMs: 60 });
    const t0 = Date.now();
    // A hint every 15 ms: the 30 ms quiet period never comes.
    for (let i = 0; i < 10; i += 1) {
      void lanes.hint("t");
      await vi.advanceTimersByTimeAsync(15);
    }
    await vi.runAllTimersAsync();
    await lanes.whenIdle();
    expect(starts[0]! - t0).toBe(60);
  });
});
