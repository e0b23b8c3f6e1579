import { describe, expect, it } from "vitest";
import { Lanes } from "../../src/github/lanes.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Lanes: one lane per train", () => {
  it("never overlaps reconciles of one train and coalesces a burst", async () => {
    let running = 0;
    let maxRunning = 0;
    const lanes = new Lanes(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(20);
        running -= 1;
      },
      { debounceMs: 5, maxWaitMs: 50 },
    );
    const hints: Promise<void>[] = [];
    for (let i = 0; i < 1000; i += 1) {
      hints.push(lanes.hint("train-a"));
      if (i % 100 === 0) await sleep(3);
    }
    await Promise.all(hints);
    await lanes.whenIdle();
    expect(maxRunning).toBe(1);
    expect(lanes.runs.get("train-a")).toBeLessThanOrEqual(3);
  });

  it("a hint during a run causes exactly one more run, which it waits for", async () => {
    const order: string[] = [];
    let release!: () => void;
    const lanes = new Lanes(
      async () => {
        order.push("start");
        if (order.length === 1) await new Promise<void>((r) => (release = r));
        order.push("end");
      },
      { debounceMs: 0, maxWaitMs: 0 },
    );
    const first = lanes.hint("t");
    await sleep(5);
    const second = lanes.hint("t");
    const third = lanes.hint("t");
    release();
    await first;
    expect(order).toEqual(["start", "end"]);
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
        await sleep(20);
        active.delete(key);
      },
      { debounceMs: 0, maxWaitMs: 0 },
    );
    await Promise.all([lanes.hint("a"), lanes.hint("b")]);
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
    await lanes.hint("t");
    await lanes.hint("t");
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("boom");
  });

  it("maxWait bounds how long a steady stream of hints can delay a reconcile", async () => {
    const starts: number[] = [];
    const lanes = new Lanes(async () => void starts.push(Date.now()), { debounceMs: 30, maxWaitMs: 60 });
    const t0 = Date.now();
    for (let i = 0; i < 10; i += 1) {
      void lanes.hint("t");
      await sleep(15);
    }
    await lanes.whenIdle();
    expect(starts[0]! - t0).toBeLessThan(120);
  });
});
