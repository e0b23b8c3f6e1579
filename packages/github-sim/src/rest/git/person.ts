import { unprocessable } from "../../errors.js";
import type { RouteContext } from "../../http/context.js";
import type { GitPerson } from "../../store/git.js";

/** An `author`, `committer` or `tagger` from a request body; undefined when absent. */
export function personInput(ctx: RouteContext, v: unknown): GitPerson | undefined {
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o["name"] !== "string" || typeof o["email"] !== "string")
    throw unprocessable("Invalid request.\n\nAuthor and committer need name and email.");
  return {
    name: o["name"],
    email: o["email"],
    date: typeof o["date"] === "string" ? new Date(o["date"]).toISOString().replace(".000Z", "Z") : ctx.core.now(),
  };
}
