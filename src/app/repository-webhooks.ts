// Webhooks from the constellation's repositories and the installation: they move the
// trains that include the repository, or change which repositories the app can see.
import type { Probot } from "probot";
import type { InstallationRepos } from "../github/installation-repos.js";
import type { TrainRegistry } from "../github/registry.js";
import { trainId } from "../train/model/observation.js";
import type { TrainHints } from "./hints.js";
import type { RepoPayload, WebhookContext } from "./webhook-context.js";

// Everything that happens in a constellation repository may move its trains along.
export function onRepositoryActivity(
  app: Probot,
  webhooks: WebhookContext,
  registry: TrainRegistry,
  hints: TrainHints,
): void {
  app.on(
    [
      "check_run",
      "check_suite",
      "status",
      "pull_request",
      "pull_request_review",
      "push",
      "deployment",
      "deployment_status",
      "create",
    ],
    async (context) =>
      webhooks.acknowledged(async () => {
        if (!(await webhooks.admit(context))) return;
        const full = (context.payload as RepoPayload).repository?.full_name;
        if (!full) return;
        for (const train of registry.byRepo(full))
          hints.hintKey(trainId(train.ref), { delivery: context.id, repo: full });
      }),
  );
}

export function onInstallationChanges(
  app: Probot,
  webhooks: WebhookContext,
  installationRepos: InstallationRepos,
): void {
  app.on(["installation_repositories", "installation"], async (context) =>
    webhooks.acknowledged(async () => {
      if (!(await webhooks.admit(context))) return;
      installationRepos.invalidate(context.payload.installation.id);
    }),
  );
}
