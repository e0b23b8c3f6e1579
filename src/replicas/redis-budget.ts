// The installation budgets in Redis: every replica reserves its requests' slots in the
// same state, so together they keep GitHub's pacing and caps and honour one pause. Each
// update holds a short lock on the installation's state (read, apply the rules, write).
import { randomUUID } from "node:crypto";
import { emptyBudget, type BudgetState } from "../github/budget/pacing.js";
import type { BudgetStore } from "../github/budget/store.js";
import type { Redis } from "./redis.js";

const LOCK_MS = 2_000;
/** The state covers the last hour of writes; it is kept a little longer. */
const STATE_TTL_MS = 2 * 3_600_000;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class RedisBudgetStore implements BudgetStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "release-train:budget:",
  ) {}

  async update<T>(installation: string, fn: (state: BudgetState) => T): Promise<T> {
    const key = `${this.prefix}${installation}`;
    const lock = `${key}:lock`;
    const token = randomUUID();
    // Lock contention lasts a Redis round trip or two: a short real-time back-off.
    while ((await this.redis.set(lock, token, "PX", LOCK_MS, "NX")) !== "OK")
      await new Promise((r) => setTimeout(r, 2));
    try {
      const raw = await this.redis.get(key);
      const state: BudgetState = raw ? (JSON.parse(raw) as BudgetState) : emptyBudget();
      const result = fn(state);
      await this.redis.set(key, JSON.stringify(state), "PX", STATE_TTL_MS);
      return result;
    } finally {
      await this.redis.eval(RELEASE, 1, lock, token);
    }
  }
}
