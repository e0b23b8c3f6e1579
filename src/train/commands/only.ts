import { only as chooseRepositories } from "../subset.js";
import { ORCHESTRATION, type CommandSpec } from "./spec.js";

export const only: CommandSpec<"only"> = {
  name: "only",
  usage: "/only <repo> [repo…]",
  summary: "release only these repositories in this train, before Phase 1 starts (orchestration team)",
  rules: [
    {
      who: ORCHESTRATION,
      when: "before Phase 1 starts (preconditions not yet met); every name a configured repository; `maintenance.repo` included when the train deploys to production",
      refused:
        'reply "only members of @… can use `/only`", "Phase 1 has started, so the repositories of this train can no longer change", "`x` is not a repository of this train\'s configuration"',
    },
  ],
  run: (ctx, comment, args) =>
    chooseRepositories(
      {
        ...ctx,
        configuredPlan: ctx.configuredPlan,
        mustInclude: ctx.mustInclude,
        ...(ctx.subsetRebuiltStart ? { rebuiltStart: ctx.subsetRebuiltStart } : {}),
      },
      comment,
      args,
    ),
};
