import { retry as retryFinalization } from "../deploy/commands.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const retry: CommandSpec<"retry"> = {
  name: "retry",
  usage: "/retry",
  summary: "try the release finalization again after a merge conflict or a tag problem was fixed (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "the train was held by release-train itself (a hold by hand takes `/resume`)",
      refused:
        'reply "only members of @… can use `/retry`", "nothing to retry: …", "the train was held by @… (…): `/resume` continues it."',
    },
  ],
  run: (ctx, comment) => retryFinalization(ctx, comment),
};
