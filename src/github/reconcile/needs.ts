// What decide asks for beyond the first look (team answers, Phase 1 details, scans, rules,
// ...): read on demand, each by its reader and its cache, and added to the observation.
import type { TrainConfig } from "../../config/schema.js";
import type { Decision } from "../../train/decide.js";
import type { Observation } from "../../train/model/observation.js";
import type { RepoObservation } from "../../train/model/repo-observation.js";
import type { TrainState } from "../../train/model/train-state.js";
import { branchPoint } from "../../train/maintenance.js";
import { filesToRead, isOwnBump } from "../../train/preparation/release-commit.js";
import type { ReleasePlan } from "../../train/plan.js";
import { detailsBase } from "../../train/repo-versions.js";
import { trainVersionOf } from "../../train/version.js";
import type { TrainVersion } from "../../train/model/train-version.js";
import { BranchRulesReader } from "../branch-rules.js";
import { CodeScanningReader } from "../code-scanning.js";
import { DetailsReader, type DetailsRequest } from "../details.js";
import { EnvironmentRulesReader } from "../environments.js";
import { observeFinal } from "../observe-final.js";
import { PickReader } from "../picks.js";
import { TeamLeads } from "../team-leads.js";
import type { ReconcileContext } from "./connect.js";

/** The train as decide sees it: what it releases, at which version, and what was observed. */
export interface DecideContext {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  /** Reads the named repositories as GitHub is now; answers those that changed since the cache's read. */
  refresh(names: string[]): Promise<Record<string, RepoObservation>>;
}

/** The repositories a command is judged on, as GitHub is now: no longer unverified. */
async function refreshRepos(train: DecideContext, names: string[]): Promise<void> {
  const { observation } = train;
  Object.assign(observation.repos, await train.refresh(names));
  const rest = (observation.unverified ?? []).filter((name) => !names.includes(name));
  if (rest.length > 0) observation.unverified = rest;
  else delete observation.unverified;
}

export class NeedReaders {
  private readonly details: DetailsReader;
  private readonly codeScanning = new CodeScanningReader();
  private readonly branchRules = new BranchRulesReader();
  private readonly environmentRules = new EnvironmentRulesReader();
  private readonly teamLeads = new TeamLeads();
  private readonly picks = new PickReader();

  constructor(today: () => string) {
    this.details = new DetailsReader(today);
  }

  /** Reads everything `decision` needs into the observation, in a fixed order. */
  async read(ctx: ReconcileContext, train: DecideContext, decision: Decision): Promise<void> {
    const { octokit, ref } = ctx;
    const { config, version, observation } = train;
    const { needs } = decision;
    // First: a repository read again replaces what the other readers would add to.
    if (needs.fresh?.length) await refreshRepos(train, needs.fresh);
    await ctx.deps.memberships.fetch(octokit, ref.owner, config, needs.memberships, observation.memberships);
    await this.readDetails(ctx, train, decision.state, needs.changelogVersions ?? {}, needs.details);
    await this.teamLeads.read(octokit, ref.owner, config, needs.teamLeads, observation.teamLeads);
    Object.assign(observation.health, await ctx.deps.health.probe(needs.health));
    if (needs.final) observation.final = await readFinal(ctx, train, decision.repoTags);
    if (needs.picks?.length)
      observation.picks = {
        ...observation.picks,
        ...(await this.picks.read(octokit, needs.picks, version.branch)),
      };
    for (const name of needs.rules) {
      const observed = observation.repos[name]!;
      observed.rules = await this.branchRules.read(octokit, name, observed.defaultBranch!, version.branch);
    }
    for (const need of needs.environments ?? []) {
      const observed = observation.repos[need.repo]!;
      observed.environments = {
        ...observed.environments,
        [need.environment]: await this.environmentRules.read(octokit, need.repo, need.environment),
      };
    }
    for (const need of needs.codeScanning) await this.readCodeScanning(ctx, train, need);
  }

  /** The open critical alerts at the default branch for precondition P4, the release branch for gate 2.2. */
  private async readCodeScanning(
    ctx: ReconcileContext,
    { config, version, observation }: DecideContext,
    need: Decision["needs"]["codeScanning"][number],
  ): Promise<void> {
    const name = need.repo;
    const observed = observation.repos[name]!;
    const release = need.head === "release" && observed.releaseBranch;
    const head = release ? observed.releaseBranch! : observed.defaultHead!;
    const branch = release ? version.branch : observed.defaultBranch!;
    const checksKey = head.checks
      .filter((c) => config.checks.security.includes(c.name))
      .map((c) => `${c.name}:${c.state}:${c.at}`)
      .join("|");
    const scan = await this.codeScanning.read(ctx.octokit, name, branch, head.oid, checksKey);
    if (release) observed.codeScanning = scan;
    else observed.defaultCodeScanning = scan;
  }

  /** Phase 1's details of the repositories `names`, from their branch point. */
  private async readDetails(
    ctx: ReconcileContext,
    { config, plan, version, observation }: DecideContext,
    state: TrainState | null,
    versions: Record<string, string>,
    names: string[],
  ): Promise<void> {
    const repos: Record<string, RepoObservation> = observation.repos;
    const independent = config.versioning === "independent";
    const requests: DetailsRequest[] = [];
    for (const planned of plan.repos.filter((r) => names.includes(r.fullName))) {
      const observed = repos[planned.fullName];
      const oid = observed ? branchPoint(observed, version.version, !independent)?.from : undefined;
      if (!observed || !oid) continue;
      const base = detailsBase(config, version, state, observed);
      const own = versions[planned.fullName] ?? (independent ? base.version : undefined);
      requests.push({
        owner: planned.owner,
        name: planned.name,
        fullName: planned.fullName,
        url: observed.url,
        oid,
        previousTag: base.previousTag,
        paths: filesToRead(planned, independent),
        isOwnCommit: (headline) =>
          isOwnBump(headline, version) || (own !== undefined && isOwnBump(headline, trainVersionOf(own))),
        ...(own !== undefined ? { version: own } : {}),
      });
    }
    const details = await this.details.read(ctx.graphql, requests, version.version);
    for (const [name, value] of Object.entries(details)) repos[name]!.details = value;
  }
}

/** Phase 7's reads: releases (each repository at its tag), the summary file and discussions. */
function readFinal(ctx: ReconcileContext, { plan, version }: DecideContext, tags: Record<string, string>) {
  return observeFinal(ctx.graphql, {
    owner: ctx.ref.owner,
    repo: ctx.ref.repo,
    tag: version.tag,
    botLogin: ctx.botLogin,
    repos: plan.repos
      .filter((r) => tags[r.fullName])
      .map((r) => ({
        owner: r.owner,
        name: r.name,
        ...(tags[r.fullName] !== version.tag ? { tag: tags[r.fullName] } : {}),
      })),
  });
}
