// The clients one reconcile works with: its requests carry the train's log, GraphQL
// reads are charged to the reconcile, and writes are guarded by its lane.
import type { Logger } from "pino";
import { DEFAULT_CONFIG_PATH } from "../../config/parse.js";
import { trainId, type TrainRef } from "../../train/model/observation.js";
import { alwaysWrite, type BeforeWrite } from "../lanes.js";
import type { GraphQL } from "../observe.js";
import type { Octokit } from "../octokit.js";
import { guardWrites } from "../write-guard.js";
import type { ReconcilerDeps } from "./deps.js";

/** What every step of one reconcile works with. */
export interface ReconcileContext {
  deps: ReconcilerDeps;
  ref: TrainRef;
  /** The train's id (see trainId). */
  id: string;
  log: Logger;
  octokit: Octokit;
  graphql: GraphQL;
  botLogin: string;
  configPath: string;
}

export async function connect(
  deps: ReconcilerDeps,
  ref: TrainRef,
  options: { log?: Logger; beforeWrite?: BeforeWrite },
  charged: (points: number) => void,
): Promise<ReconcileContext> {
  const id = trainId(ref);
  const log = options.log ?? deps.log.child({ train: id });
  const octokit = await deps.octokitFor(ref.installationId);
  // Probot builds a client per auth() call: its request lines carry the train and delivery too,
  // and its writes are guarded by this reconcile's lane as they leave.
  octokit.log = log as unknown as Octokit["log"];
  guardWrites(octokit, options.beforeWrite ?? alwaysWrite);
  const graphql: GraphQL = async <T>(query: string, variables: Record<string, unknown>) => {
    const data = await octokit.graphql<T & { rateLimit?: { cost?: number } | null }>(query, variables);
    charged(data?.rateLimit?.cost ?? 0);
    return data;
  };
  const botLogin = await deps.botLogin();
  return { deps, ref, id, log, octokit, graphql, botLogin, configPath: deps.configPath ?? DEFAULT_CONFIG_PATH };
}
