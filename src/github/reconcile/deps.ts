import type { Logger } from "pino";
import type { GitHubWait } from "../../train/model/observation.js";
import type { HealthProber } from "../health.js";
import type { InstallationRepos } from "../installation-repos.js";
import type { MembershipCache } from "../memberships.js";
import type { Octokit } from "../octokit.js";
import type { TrainRegistry } from "../registry.js";

export interface ReconcilerDeps {
  octokitFor: (installationId: number) => Promise<Octokit>;
  registry: TrainRegistry;
  installationRepos: InstallationRepos;
  memberships: MembershipCache;
  log: Logger;
  now: () => Date;
  botLogin: () => Promise<string>;
  /** Key that signs the tracking issue's hidden state (derived from the webhook secret). */
  stateKey: () => Promise<string>;
  /** Probes health-check URLs (cached briefly). */
  health: HealthProber;
  configPath?: string;
  /** Whether and why the installation's writes wait for GitHub's rate limits (the API budget). */
  githubWait?: (installationId: number) => Promise<GitHubWait | null>;
  /** When the last of `count` more writes of the installation could start at the earliest (its API budget; see write-batch.ts). */
  nextWritesAt?: (installationId: number, count: number) => Promise<number>;
  /** How many writes a batch carries out at most (default BATCH_WRITES). */
  batchWrites?: number;
}
