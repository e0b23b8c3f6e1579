// The reconciler the app's lanes run, wired to the app's GitHub access and options.
import type { Probot } from "probot";
import { HealthProber } from "../github/health.js";
import type { InstallationRepos } from "../github/installation-repos.js";
import { MembershipCache } from "../github/memberships.js";
import type { Octokit } from "../github/octokit.js";
import { Reconciler } from "../github/reconciler.js";
import type { TrainRegistry } from "../github/registry.js";
import type { AppOptions } from "./options.js";

export function createReconciler(
  app: Probot,
  options: AppOptions,
  registry: TrainRegistry,
  installationRepos: InstallationRepos,
  ownLogin: () => Promise<string>,
): Reconciler {
  let stateKey: Promise<string> | null = null;
  return new Reconciler({
    octokitFor: async (installationId) => (await app.auth(installationId)) as Octokit,
    registry,
    installationRepos,
    memberships: new MembershipCache(),
    log: app.log,
    now: options.now,
    botLogin: ownLogin,
    // An HMAC of a constant under the webhook secret: the state key needs no setting of its own.
    stateKey: () => (stateKey ??= app.webhooks.sign("release-train:state-key")),
    health: new HealthProber(options.health, options.now),
    ...(options.githubWait ? { githubWait: options.githubWait } : {}),
    ...(options.nextWritesAt ? { nextWritesAt: options.nextWritesAt } : {}),
    ...(options.batchWrites ? { batchWrites: options.batchWrites } : {}),
  });
}
