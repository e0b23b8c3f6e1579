import type { RouteContext } from "../http/context.js";

/** A test on an ISO timestamp for the `since` query parameter (always true without one). */
export function sinceFilter(ctx: RouteContext): (iso: string) => boolean {
  const since = ctx.query.get("since");
  if (!since) return () => true;
  const t = new Date(since).getTime();
  return (iso) => new Date(iso).getTime() >= t;
}
