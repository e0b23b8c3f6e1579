// What every webhook handler shares: answering the delivery at once, ignoring one seen
// before, and reading which repository and tracking issue a payload is about.
import type { Probot } from "probot";
import type { TrainLanes } from "../github/lanes.js";
import type { TrainRegistry } from "../github/registry.js";
import type { Replicas } from "../replicas/index.js";
import type { TrainRef } from "../train/model/observation.js";

export interface RepoPayload {
  repository?: { name: string; full_name: string; owner: { login: string } };
  installation?: { id: number };
}

export interface WebhookContext {
  /** Runs `handle` after the delivery is answered. */
  acknowledged(handle: () => Promise<void>): Promise<void>;
  /** False for a delivery seen before; true (after syncing the shared directory) otherwise. */
  admit(context: { id: string; name: string }): Promise<boolean>;
}

export function webhookContext(
  app: Probot,
  lanes: TrainLanes,
  replicas: Replicas,
  registry: TrainRegistry,
): WebhookContext {
  return {
    // GitHub gives up on a delivery after 10 s, and Redis may be slow or down: every delivery is
    // answered at once and handled after (the lanes count it as busy until then).
    acknowledged: async (handle) => {
      lanes.track(
        handle().catch((error: unknown) =>
          app.log.error({ err: error }, "handling a webhook failed; the next hint or resync repairs it"),
        ),
      );
    },
    // A delivery seen before (a duplicate, or one another replica handles) is ignored; the
    // shared directory tells this replica about trains other replicas reconciled.
    admit: async (context) => {
      if (!(await replicas.deliveries.firstSeen(context.id))) {
        app.log.debug({ delivery: context.id, event: context.name }, "delivery seen before; ignored");
        return false;
      }
      await replicas.directory.syncInto(registry);
      return true;
    },
  };
}

export function isOrchestrationRepo(payload: RepoPayload, orchestrationRepo: string): boolean {
  return payload.repository?.name.toLowerCase() === orchestrationRepo.toLowerCase();
}

export function trackingRef(payload: RepoPayload, issueNumber: number): TrainRef | null {
  return payload.repository && payload.installation
    ? {
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        issueNumber,
        installationId: payload.installation.id,
      }
    : null;
}
