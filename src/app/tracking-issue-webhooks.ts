// Webhooks from the orchestration repository: its tracking issues start and move trains,
// and a new milestone may open one.
import type { Probot } from "probot";
import { autoOpenTrain } from "../github/auto-open.js";
import type { Octokit } from "../github/octokit.js";
import { TRAIN_ISSUE_LABELS } from "../github/queries.js";
import type { Reconciler } from "../github/reconciler.js";
import type { TrainRegistry } from "../github/registry.js";
import { trainId } from "../train/model/observation.js";
import type { TrainHints } from "./hints.js";
import type { AppOptions } from "./options.js";
import { isOrchestrationRepo, trackingRef, type WebhookContext } from "./webhook-context.js";

export interface TrackingIssueDeps {
  app: Probot;
  options: AppOptions;
  webhooks: WebhookContext;
  registry: TrainRegistry;
  hints: TrainHints;
  reconciler: Reconciler;
  ownLogin: () => Promise<string>;
}

// Tracking issues: labelling starts a train; any other change to a known one is a hint.
export function onTrackingIssues(deps: TrackingIssueDeps): void {
  const { app, options, webhooks, registry, hints } = deps;
  app.on(["issues", "issue_comment"], async (context) =>
    webhooks.acknowledged(async () => {
      if (!(await webhooks.admit(context))) return;
      const payload = context.payload;
      if (!isOrchestrationRepo(payload, options.orchestrationRepo)) return;
      if ("pull_request" in payload.issue && payload.issue.pull_request) return;
      const ref = trackingRef(payload, payload.issue.number);
      if (!ref) return;
      const labels = (payload.issue.labels ?? []).map((l) => l?.name.toLowerCase());
      const labelled = labels.includes(options.defaultLabel);
      const starting = context.name === "issues" && payload.action === "labeled";
      // A tracking issue we opened and labelled ourselves (`/rc`, `/promote`) starts its train.
      const ownLabel = starting && "label" in payload && payload.label?.name.toLowerCase() === options.defaultLabel;
      const cause = { delivery: context.id, repo: `${ref.owner}/${ref.repo}` };
      // Our own edits and comments change nothing we have not already decided, unless our edit overwrote someone's.
      if (payload.sender.type === "Bot" && payload.sender.login === (await deps.ownLogin()) && !ownLabel) {
        const from = bodyBefore(payload);
        if (from !== undefined && deps.reconciler.bodyWrites.overwrote(trainId(ref), from, payload.issue.body ?? ""))
          hints.hintTrain(ref, cause);
        return;
      }
      if (starting || labelled || registry.byIssue(ref.owner, ref.repo, ref.issueNumber)) hints.hintTrain(ref, cause);
      // A train's own issues (the retrospective above all) move their train along when people close them.
      else if (labels.some((l) => l && TRAIN_ISSUE_LABELS.includes(l))) {
        for (const train of registry.byRepo(`${ref.owner}/${ref.repo}`)) hints.hintKey(trainId(train.ref), cause);
      }
    }),
  );
}

/** The body an `edited` delivery says the issue had before (undefined for other deliveries). */
function bodyBefore(payload: object): string | undefined {
  return "changes" in payload ? (payload.changes as { body?: { from?: string } } | undefined)?.body?.from : undefined;
}

export function onMilestoneCreated({ app, options, webhooks }: TrackingIssueDeps): void {
  app.on("milestone.created", async (context) =>
    webhooks.acknowledged(async () => {
      if (!(await webhooks.admit(context))) return;
      if (!isOrchestrationRepo(context.payload, options.orchestrationRepo)) return;
      const outcome = await autoOpenTrain(context.octokit as Octokit, {
        owner: context.payload.repository.owner.login,
        repo: context.payload.repository.name,
        milestone: context.payload.milestone,
      });
      app.log.info({ milestone: context.payload.milestone.title, outcome }, "milestone created");
    }),
  );
}
