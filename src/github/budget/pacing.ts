// One installation's API budget, as pure rules over its state: when may the next request
// start? GitHub's pacing (writes 1 s apart, 3 s for those that notify people), its
// content-creation caps (80 writes a minute, 500 an hour), the primary budgets it reports
// in x-ratelimit-* headers, and the pause it orders with a secondary-limit 403 or a 429.
// The same rules run in one process (LocalBudgetStore) and across replicas (Redis).

export const WRITE_SPACING_MS = 1_000;
export const NOTIFYING_WRITE_SPACING_MS = 3_000;
export const CONTENT_PER_MINUTE = 80;
export const CONTENT_PER_HOUR = 500;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** "No write yet" (a number that survives JSON, unlike -Infinity). */
const NEVER = -1e15;
/** Retry a second after GitHub's reset time, as GitHub asks. */
const AFTER_RESET_MS = 1_000;

export interface BudgetState {
  /** No request of the installation starts before this (a secondary limit, a 429). */
  pausedUntil: number;
  pauseReason: string | null;
  lastWriteAt: number;
  lastNotifyingAt: number;
  /** Start times of the writes of the last hour (sent or reserved), ascending. */
  writes: number[];
  /** The primary budgets GitHub last reported, by resource ("core", "graphql"). */
  budgets: Record<string, { remaining: number; resetAt: number; limit: number }>;
}

export interface RequestShape {
  write: boolean;
  notifies: boolean;
  resource: "core" | "graphql";
  /** The 1 s / 3 s spacing between writes (off for a client without pacing; the caps still hold). */
  spacing: boolean;
}

export function emptyBudget(): BudgetState {
  return { pausedUntil: 0, pauseReason: null, lastWriteAt: NEVER, lastNotifyingAt: NEVER, writes: [], budgets: {} };
}

/** When a request of `resource` may start at the earliest: after a pause, after a spent budget's reset. */
export function blockedUntil(state: BudgetState, resource: string, now: number): number {
  return Math.max(now, state.pausedUntil, budgetOpensAt(state, resource, now));
}

/** When the primary budget of `resource` allows a request again (its reset, when spent). */
function budgetOpensAt(state: BudgetState, resource: string, now: number): number {
  const b = state.budgets[resource];
  return b && b.remaining <= 0 && b.resetAt > now ? b.resetAt + AFTER_RESET_MS : now;
}

/** Reserves the earliest start for a request (mutating `state`); the caller waits until then. */
export function reserve(state: BudgetState, now: number, req: RequestShape): number {
  let start = blockedUntil(state, req.resource, now);
  if (!req.write) return start;
  state.writes = state.writes.filter((t) => t > now - HOUR_MS);
  start = Math.max(start, state.lastWriteAt + (req.spacing ? WRITE_SPACING_MS : 0));
  if (req.notifies && req.spacing) start = Math.max(start, state.lastNotifyingAt + NOTIFYING_WRITE_SPACING_MS);
  for (;;) {
    const inMinute = state.writes.filter((t) => t > start - MINUTE_MS);
    const inHour = state.writes.filter((t) => t > start - HOUR_MS);
    let next = start;
    if (inMinute.length >= CONTENT_PER_MINUTE)
      next = Math.max(next, inMinute[inMinute.length - CONTENT_PER_MINUTE]! + MINUTE_MS);
    if (inHour.length >= CONTENT_PER_HOUR) next = Math.max(next, inHour[inHour.length - CONTENT_PER_HOUR]! + HOUR_MS);
    if (next === start) break;
    start = next;
  }
  state.writes.push(start);
  state.lastWriteAt = start;
  if (req.notifies) state.lastNotifyingAt = start;
  return start;
}

/** When the last of `count` more writes could start at the earliest, were they asked for now (`state` is not changed). */
export function nextWritesAt(state: BudgetState, now: number, count: number, shape: RequestShape): number {
  const copy: BudgetState = { ...state, writes: [...state.writes], budgets: { ...state.budgets } };
  let start = now;
  for (let i = 0; i < count; i += 1) start = reserve(copy, now, shape);
  return start;
}

/** Stops every request of the installation until `until` (GitHub's retry-after). */
export function pause(state: BudgetState, until: number, reason: string): void {
  if (until <= state.pausedUntil) return;
  state.pausedUntil = until;
  state.pauseReason = reason;
}

/** Records the primary budget GitHub reported in a response's x-ratelimit-* headers. */
export function recordBudget(
  state: BudgetState,
  resource: string,
  remaining: number,
  resetAtMs: number,
  limit: number,
): void {
  state.budgets[resource] = { remaining, resetAt: resetAtMs, limit };
}

/** Content-creating requests left in the current minute and hour windows at `now`. */
export function contentLeft(state: BudgetState, now: number): { minute: number; hour: number } {
  const sent = state.writes.filter((t) => t <= now);
  return {
    minute: Math.max(0, CONTENT_PER_MINUTE - sent.filter((t) => t > now - MINUTE_MS).length),
    hour: Math.max(0, CONTENT_PER_HOUR - sent.filter((t) => t > now - HOUR_MS).length),
  };
}

/** Why and until when the installation's writes wait at `now` (null when they go out at once). */
export function waiting(state: BudgetState, now: number): { queued: number; resumesAt: number; reason: string } | null {
  const queued = state.writes.filter((t) => t > now + NOTIFYING_WRITE_SPACING_MS);
  if (state.pausedUntil > now)
    return {
      queued: Math.max(queued.length, 1),
      resumesAt: state.pausedUntil,
      reason: state.pauseReason ?? "secondary rate limit",
    };
  if (queued.length === 0) return null;
  return { queued: queued.length, resumesAt: queued[queued.length - 1]!, reason: "content-creation limit" };
}
