// What the train releases: its plan against the repositories the installation can see,
// and the train's registration (what the next look reads).
import { formatConfigErrors } from "../../config/parse.js";
import type { TrainConfig } from "../../config/schema.js";
import type { TrainState } from "../../train/model/train-state.js";
import { retargetPlan } from "../../train/dry-run.js";
import { planRelease, type ReleasePlan } from "../../train/plan.js";
import { boundedList, unseenNotice, unseenRepos } from "../../train/unseen-repos.js";
import type { TrainVersion } from "../../train/model/train-version.js";
import type { ReconcileContext } from "./connect.js";
import type { LoadedConfig } from "./load-config.js";
import { shortHash, type IssueNotices } from "./notices.js";
import type { StepResult } from "./outcome.js";

export interface PlannedTrain {
  plan: ReleasePlan;
  /** Repositories of the plan the installation cannot see (only mid-train: before, the train is refused). */
  unseen: string[];
  /** The environments deployments are read for, sorted. */
  environments: string[];
}

export async function planTrain(
  ctx: ReconcileContext,
  { config, source }: LoadedConfig,
  state: TrainState | null,
  version: TrainVersion,
  notices: IssueNotices,
): Promise<StepResult<PlannedTrain>> {
  const { deps, ref, octokit } = ctx;
  const installationRepos = await deps.installationRepos.list(octokit, ref.installationId);
  const planned = planRelease(config, { owner: ref.owner, installationRepos });
  if (!planned.ok) {
    const text = formatConfigErrors(planned.errors, source);
    return notices.refuse(
      `plan-${shortHash(text)}`,
      `⚠️ release-train cannot plan this train. Nothing was changed.\n\n${text}`,
      text,
      `its configuration cannot be planned:\n\n${text}\n\n`,
    );
  }
  // Repositories the installation cannot see (the list is cached: read it again before saying so).
  const planNames = planned.plan.repos.map((r) => r.fullName);
  let unseen = unseenRepos(planNames, installationRepos);
  if (unseen.length > 0) {
    deps.installationRepos.invalidate(ref.installationId);
    unseen = unseenRepos(planNames, await deps.installationRepos.list(octokit, ref.installationId));
  }
  if (unseen.length > 0 && !state?.reached.preconditions) return refuseUnseen(ctx, unseen, notices);
  // Dry run with a test organisation: the same train against its same-named repositories.
  const plan = typeof config.dryRun === "object" ? retargetPlan(planned.plan, config.dryRun.owner) : planned.plan;
  const environments = environmentsOf(config);
  deps.registry.upsert(ref, {
    branch: version.branch,
    repos: plan.repos.map((r) => r.fullName),
    resyncMs: config.resyncMinutes * 60_000,
    environments,
  });
  return { plan, unseen, environments };
}

function refuseUnseen(ctx: ReconcileContext, unseen: string[], notices: IssueNotices) {
  const notice = unseenNotice(unseen, false);
  ctx.log.warn({ unseen: unseen.length }, "configured repositories not visible to the app");
  const why = `it names ${unseen.length === 1 ? "a repository" : `${unseen.length} repositories`} the app cannot see (${boundedList(unseen)}).`;
  return notices.refuse(
    notice.key,
    `${notice.text} Nothing was changed.`,
    `configured repositories not visible to the app: ${boundedList(unseen)}`,
    why,
  );
}

const environmentsOf = (config: TrainConfig): string[] =>
  [
    ...new Set([
      config.environments.staging,
      config.environments.production,
      ...(config.maintenance ? [config.maintenance.environment] : []),
    ]),
  ].sort();
