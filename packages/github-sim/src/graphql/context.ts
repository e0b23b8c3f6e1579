import type { SimCore } from "../core.js";
import type { RouteContext } from "../http/context.js";

export interface GqlContext {
  core: SimCore;
  http: RouteContext;
  /** Login of the caller (the app's bot). */
  viewer: string;
  /** This call's points by GitHub's formula, its possible nodes, and the budget after paying them (set before it runs). */
  cost: number;
  nodeCount: number;
  /** Every repository the request resolved ("owner/name"), for the request record. */
  repositories: string[];
  rate: { limit: number; remaining: number; used: number; resetAt: string };
  /** Whether the call was charged its computed cost (refused calls are charged 1). */
  charged?: boolean;
}
