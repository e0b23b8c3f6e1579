// Reconcile one train: observe -> decide -> act. Level-triggered: it looks at GitHub
// as it is and converges; running it twice in a row writes nothing the second time.
import type { Logger } from "pino";
import { loadConfig } from "../config/load.js";
import { DEFAULT_CONFIG_PATH, formatConfigErrors } from "../config/parse.js";
import { decide, hasNeeds } from "../train/decide.js";
import {
  trainId,
  type Action,
  type GitHubWait,
  type HealthObservation,
  type Memberships,
  type Observation,
  type RepoObservation,
  type TrainRef,
  type TrainState,
} from "../train/model.js";
import { retargetPlan } from "../train/dry-run.js";
import { filesToRead, isOwnBump } from "../train/phase1.js";
import { planRelease, type ReleasePlan } from "../train/plan.js";
import { branchPoint } from "../train/maintenance.js";
import { detailsBase } from "../train/repo-versions.js";
import type { TrainConfig } from "../config/schema.js";
import type { TrainVersion } from "../train/view.js";
import { commentMarker, markerOf, sealBody, stateBlockOf, wasRendered, withStateBlock } from "../train/state.js";
import { historyRead, needsHistory, originRead, trainOrigin, trustBody, type BodyTrust } from "../train/trust.js";
import { trainVersionOf, versionFromIssue } from "../train/version.js";
import { stoppedReplies } from "../train/stopped-replies.js";
import { boundedList, unseenNotice, unseenRepos } from "../train/unseen-repos.js";
import { executeActions, executeBatch, writeBody } from "./act.js";
import { NOTIFYING_WRITE_SPACING_MS } from "./budget/pacing.js";
import { BATCH_WINDOW_MS, BATCH_WRITES, derivedFromGitHub, WriteBatch } from "./write-batch.js";
import { ObservationCache } from "./observation-cache.js";
import { alwaysWrite, type BeforeWrite } from "./lanes.js";
import { guardWrites } from "./write-guard.js";
import { BodyWrites } from "./body-writes.js";
import { CodeScanningReader } from "./code-scanning.js";
import { BranchRulesReader } from "./branch-rules.js";
import { EnvironmentRulesReader } from "./environments.js";
import { DetailsReader, type DetailsRequest } from "./details.js";
import { TeamLeads } from "./team-leads.js";
import { PickReader } from "./picks.js";
import type { InstallationRepos } from "./installation-repos.js";
import type { MembershipCache } from "./memberships.js";
import { notFoundRepo, observeHistory, observeOrigin, observeRepos, observeTrain, type GraphQL } from "./observe.js";
import { observeFinal } from "./observe-final.js";
import type { Octokit } from "./octokit.js";
import { CONFIG_FILE, type BranchTarget, type RepoTarget } from "./queries.js";
import type { TrainRegistry } from "./registry.js";
import type { HealthProber } from "./health.js";

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

/** Where a train stands, for operators (metrics): before Phase 1, a phase, a rollback, or over. */
export type TrainPhase = "preconditions" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "rollback" | "finished";

/** `points`: what GitHub charged for the reconcile's GraphQL reads (its `rateLimit.cost`). */
export type ReconcileOutcome =
  | {
      kind: "reconciled";
      writes: number;
      failures: string[];
      bodyWritten: boolean;
      conflict: boolean;
      lookAgain: boolean;
      phase: TrainPhase;
      rollbackStarted: boolean;
      points: number;
    }
  | { kind: "not-a-train"; reason: string; points: number }
  | { kind: "refused"; reason: string; points: number };

/**
 * What a reconcile reads: `named` are the repositories webhooks said changed (read in
 * full with the tracking issue); `resync` also reads every other repository's fingerprint
 * and in full those that moved. Without either, only the tracking issue and what this
 * process wrote to is read again; the rest comes from the cache of the last reads.
 */
export interface ReconcileScope {
  named: string[];
  resync: boolean;
}

/** A scope that trusts no cache entry: the periodic resync, or a hint whose cause is unknown. */
export const RESYNC: ReconcileScope = { named: [], resync: true };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An outcome before its points are added. */
type Outcome = DistributiveOmit<ReconcileOutcome, "points">;

const targetOf = (fullName: string): RepoTarget => {
  const [owner, name] = fullName.split("/") as [string, string];
  return { owner, name };
};

/** Simple, stable hash for comment keys (not security-relevant). */
function shortHash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i += 1) h = ((h << 5) + h + text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

const MAX_NEED_ROUNDS = 6;

export class Reconciler {
  private readonly details: DetailsReader;
  private readonly codeScanning = new CodeScanningReader();
  private readonly branchRules = new BranchRulesReader();
  private readonly environmentRules = new EnvironmentRulesReader();
  private readonly teamLeads = new TeamLeads();
  private readonly picks = new PickReader();
  private readonly observations = new ObservationCache();
  /** The tag each train was last read with (the fingerprint reads it). */
  private readonly tags = new Map<string, string>();

  /** The tracking-issue bodies written, to tell from GitHub's webhook whether a write overwrote someone's edit. */
  readonly bodyWrites = new BodyWrites();

  /** Write failures of the last reconcile per train, shown on the issue until a retry succeeds. */
  private readonly failures = new Map<string, string[]>();
  /**
   * Per train, the writes carried out since its body was last written (a batch goes out
   * after the body): the review requests decide may add before the next body are what is
   * left of a batch, so the issue never trails more than one batch. In this process only:
   * a reconcile on another replica starts from a whole batch.
   */
  private readonly sinceBody = new Map<string, number>();

  constructor(private readonly deps: ReconcilerDeps) {
    this.details = new DetailsReader(() => deps.now().toISOString().slice(0, 10));
  }

  private async readDetails(
    graphql: GraphQL,
    context: { config: TrainConfig; state: TrainState | null; versions: Record<string, string> },
    plan: ReleasePlan,
    version: TrainVersion,
    repos: Record<string, RepoObservation>,
    names: string[],
  ): Promise<void> {
    const independent = context.config.versioning === "independent";
    const requests: DetailsRequest[] = [];
    for (const planned of plan.repos.filter((r) => names.includes(r.fullName))) {
      const observed = repos[planned.fullName];
      const oid = observed ? branchPoint(observed, version.version, !independent)?.from : undefined;
      if (!observed || !oid) continue;
      const base = detailsBase(context.config, version, context.state, observed);
      const own = context.versions[planned.fullName] ?? (independent ? base.version : undefined);
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
    const details = await this.details.read(graphql, requests, version.version);
    for (const [name, value] of Object.entries(details)) repos[name]!.details = value;
  }

  /** `log` (bound to the train and the delivery that caused this reconcile) is used for every line when given. */
  /** `beforeWrite` guards every write (across replicas: the lane's lease); when it throws, the reconcile stops. */
  /** `scope` says which repositories may have changed (default: any, see ReconcileScope). */
  async reconcile(
    ref: TrainRef,
    options: { log?: Logger; beforeWrite?: BeforeWrite; scope?: ReconcileScope } = {},
  ): Promise<ReconcileOutcome> {
    let points = 0;
    const outcome = await this.run(ref, options, (cost) => (points += cost));
    return { ...outcome, points };
  }

  private async run(
    ref: TrainRef,
    options: { log?: Logger; beforeWrite?: BeforeWrite; scope?: ReconcileScope },
    charged: (points: number) => void,
  ): Promise<Outcome> {
    const { deps } = this;
    const id = trainId(ref);
    const log = options.log ?? deps.log.child({ train: id });
    const beforeWrite = options.beforeWrite ?? alwaysWrite;
    const octokit = await deps.octokitFor(ref.installationId);
    // Probot builds a client per auth() call: its request lines carry the train and delivery too,
    // and its writes are guarded by this reconcile's lane as they leave.
    octokit.log = log as unknown as Octokit["log"];
    guardWrites(octokit, beforeWrite);
    const graphql: GraphQL = async <T>(query: string, variables: Record<string, unknown>) => {
      const data = await octokit.graphql<T & { rateLimit?: { cost?: number } | null }>(query, variables);
      charged(data?.rateLimit?.cost ?? 0);
      return data;
    };
    const configPath = deps.configPath ?? DEFAULT_CONFIG_PATH;
    const known = deps.registry.get(id);
    // Observe the issue, its config and (when already known) the constellation in one go:
    // in full what may have changed, by fingerprint on a resync, the rest from the cache.
    const branchGuess = known?.branch ?? "release/unknown";
    const guess: BranchTarget = {
      releaseBranch: branchGuess,
      tag: this.tags.get(id) ?? branchGuess.replace(/^release\//, ""),
      environments: known?.environments ?? ["staging", "production", "maintenance"],
    };
    const environmentsGuess = guess.environments;
    const botLogin = await deps.botLogin();
    const reads = this.observations.plan(id, guess, [...(known?.repos ?? [])], options.scope ?? RESYNC);
    const raw = await observeTrain(graphql, {
      owner: ref.owner,
      repo: ref.repo,
      issue: ref.issueNumber,
      configPath,
      ...guess,
      repos: reads.full.map(targetOf),
      fingerprintOnly: reads.fingerprint.map(targetOf),
      botLogin,
    });
    const issue = raw.issue;
    let again: string[] = [];
    if (issue) {
      // Another writer (a replica) left the body: nothing cached can be trusted. Else only what moved is read.
      const trusted = this.observations.trusts(id, stateBlockOf(issue.body));
      const fingerprinted = Object.fromEntries(reads.fingerprint.map((name) => [name, raw.fingerprints[name]!]));
      again = trusted ? this.observations.moved(id, fingerprinted) : [...reads.fingerprint, ...reads.cached];
      const more = await observeRepos(graphql, guess, again.map(targetOf));
      Object.assign(raw.repos, more.repos);
      Object.assign(raw.fingerprints, more.fingerprints);
      for (const name of [...reads.fingerprint, ...reads.cached]) raw.repos[name] ??= this.observations.get(id, name)!;
    }
    const readInFull = new Set([...reads.full, ...again]);
    if (!issue) {
      // Once: without a registration nothing looks for this issue again until a webhook names it.
      log.info("tracking issue not found (deleted, or no such issue); the train is no longer tracked");
      deps.registry.remove(ref);
      return { kind: "not-a-train", reason: "tracking issue not found" };
    }
    // The hidden state counts only as the latest release-train wrote (see trust.ts); the
    // body's text history is read only when someone else saved it since.
    const issueRef = { owner: ref.owner, repo: ref.repo, issue: ref.issueNumber };
    const history = needsHistory(issue, botLogin)
      ? await observeHistory(graphql, issueRef, historyRead(issue.revisions.total, botLogin))
      : null;
    const trusted = trustBody({
      body: issue.body,
      botLogin,
      author: issue.author,
      lastEditor: issue.lastEditor,
      total: issue.revisions.total,
      history,
    });
    // A rollback, once started, runs to its end whatever happens to the issue.
    const rollingBack = Boolean(trusted.state?.rollback && !trusted.state.rollback.verifiedAt);
    if (issue.state === "CLOSED" && !rollingBack) {
      deps.registry.remove(ref);
      return { kind: "not-a-train", reason: "tracking issue is closed" };
    }
    const postOnce = async (key: string, text: string) => {
      const already = issue.comments.some((c) => markerOf(c.body) === key);
      if (already) return;
      await octokit.rest.issues.createComment({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.issueNumber,
        body: `${commentMarker(key)}\n${text}`,
      });
    };

    /** Refuses to run the train: one notice, `/status` and `/help` still answered (saying `why`), nothing else written. */
    const refuse = async (key: string, notice: string, reason: string, why: string): Promise<Outcome> => {
      await postOnce(key, notice);
      for (const answer of stoppedReplies(issue.comments, why)) {
        if (!issue.comments.some((c) => markerOf(c.body) === answer.key))
          await octokit.rest.issues.createComment({
            owner: ref.owner,
            repo: ref.repo,
            issue_number: ref.issueNumber,
            body: answer.body,
          });
      }
      return { kind: "refused", reason };
    };

    const loaded = await loadConfig(
      raw.configText,
      { owner: ref.owner, repo: ref.repo, path: configPath },
      async (owner, repo, path) => {
        const data = await graphql<{ repository: { object: { text: string } | null } | null }>(CONFIG_FILE, {
          owner,
          repo,
          expr: `HEAD:${path}`,
        });
        return data.repository?.object?.text ?? null;
      },
    );
    if (!loaded.result.ok) {
      const text = formatConfigErrors(loaded.result.errors, loaded.source);
      log.warn({ errors: loaded.result.errors }, "invalid configuration");
      return refuse(
        `config-${shortHash(text)}`,
        `⚠️ release-train cannot run this train until the configuration is fixed. Nothing was changed.\n\n${text}`,
        text,
        `its configuration is invalid:\n\n${text}\n\n`,
      );
    }
    const config = loaded.result.config;
    if (!rollingBack && !issue.labels.some((l) => l.toLowerCase() === config.label.toLowerCase())) {
      deps.registry.remove(ref);
      return { kind: "not-a-train", reason: `issue is not labelled ${config.label}` };
    }

    if (trusted.replaced) {
      log.warn(
        { editors: trusted.editors, replaced: trusted.replaced, restoredFrom: trusted.source },
        "tracking issue state changed by hand; not trusted",
      );
      await postOnce(`state-${Date.parse(issue.lastEditedAt ?? "") || 0}`, replacedNotice(trusted));
    }
    const state = trusted.state;
    // Rebuilt from GitHub: where the train started (the `repos:` line, Phase 1's start) comes from the body's edit history.
    const origin =
      !state && wasRendered(issue.body)
        ? trainOrigin(await observeOrigin(graphql, issueRef, originRead(botLogin)), botLogin)
        : undefined;
    const parsedVersion = versionFromIssue({ milestoneTitle: issue.milestoneTitle, issueTitle: issue.title });
    if (!state && !parsedVersion.ok) {
      await postOnce(
        `version-${shortHash(`${issue.milestoneTitle ?? ""}|${issue.title}`)}`,
        `⚠️ ${parsedVersion.message}`,
      );
      deps.registry.remove(ref);
      return { kind: "refused", reason: parsedVersion.message };
    }
    const version = state
      ? trainVersionOf(state.version)
      : (parsedVersion as Extract<typeof parsedVersion, { ok: true }>);

    const installationRepos = await deps.installationRepos.list(octokit, ref.installationId);
    const planned = planRelease(config, { owner: ref.owner, installationRepos });
    if (!planned.ok) {
      const text = formatConfigErrors(planned.errors, loaded.source);
      return refuse(
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
    const started = Boolean(state?.reached.preconditions);
    if (unseen.length > 0 && !started) {
      const notice = unseenNotice(unseen, false);
      log.warn({ unseen: unseen.length }, "configured repositories not visible to the app");
      const why = `it names ${unseen.length === 1 ? "a repository" : `${unseen.length} repositories`} the app cannot see (${boundedList(unseen)}).`;
      return refuse(
        notice.key,
        `${notice.text} Nothing was changed.`,
        `configured repositories not visible to the app: ${boundedList(unseen)}`,
        why,
      );
    }
    // Dry run with a test organisation: the same train against its same-named repositories.
    const plan = typeof config.dryRun === "object" ? retargetPlan(planned.plan, config.dryRun.owner) : planned.plan;
    const environments = [
      ...new Set([
        config.environments.staging,
        config.environments.production,
        ...(config.maintenance ? [config.maintenance.environment] : []),
      ]),
    ].sort();
    deps.registry.upsert(ref, {
      branch: version.branch,
      repos: plan.repos.map((r) => r.fullName),
      resyncMs: config.resyncMinutes * 60_000,
      environments,
    });

    // Repositories not covered by the first request (new train, changed config or branch).
    // Deployments read for other environments than the config's would hide ours: read again.
    const stale = version.branch !== branchGuess || environments.join() !== [...environmentsGuess].sort().join();
    // Mid-train, repositories the installation cannot see are not asked for: GitHub would answer "not found".
    const hidden = new Set(unseen);
    for (const name of hidden) raw.repos[name] = notFoundRepo(name);
    const missing = plan.repos.filter((r) => !hidden.has(r.fullName) && (!raw.repos[r.fullName] || stale));
    const target: BranchTarget = { releaseBranch: version.branch, tag: version.tag, environments };
    // Fingerprints read for another tag say nothing: only those read for this train's are kept.
    const fresh = guess.tag === version.tag ? { ...raw.fingerprints } : {};
    if (missing.length > 0) {
      const read = await observeRepos(
        graphql,
        target,
        missing.map((r) => ({ owner: r.owner, name: r.name })),
      );
      Object.assign(raw.repos, read.repos);
      Object.assign(fresh, read.fingerprints);
      for (const name of Object.keys(read.repos)) readInFull.add(name);
    }
    this.tags.set(id, version.tag);
    this.observations.store(
      id,
      target,
      stateBlockOf(issue.body),
      Object.fromEntries([...readInFull].filter((n) => raw.repos[n]).map((n) => [n, raw.repos[n]!])),
      fresh,
    );
    this.observations.retain(
      id,
      plan.repos.filter((r) => !hidden.has(r.fullName)).map((r) => r.fullName),
    );

    const memberships: Memberships = {};
    const teamLeads: Record<string, string[]> = {};
    const health: Record<string, HealthObservation> = {};
    const observation: Observation = {
      train: ref,
      botLogin,
      issue: {
        ...issue,
        body: withStateBlock(issue.body, trusted.block),
        edits: trusted.edits,
        ...(origin !== undefined ? { origin } : {}),
      },
      repos: raw.repos,
      memberships,
      teamLeads,
      failures: this.failures.get(id) ?? [],
      health,
      trainIssues: raw.trainIssues,
      githubWait: (await deps.githubWait?.(ref.installationId)) ?? null,
    };
    // Review requests notify people: GitHub paces them 3 s apart, and they must all go within the batch's window.
    const allowance = Math.max(
      0,
      Math.min(
        (deps.batchWrites ?? BATCH_WRITES) - (this.sinceBody.get(id) ?? 0),
        Math.floor(BATCH_WINDOW_MS / NOTIFYING_WRITE_SPACING_MS),
      ),
    );
    let decision = decide({ config, plan, version, observation, now: deps.now(), batchWrites: allowance });
    // Decide asks for what it lacks (team answers, Phase 1 details); fetch and decide again.
    // Needs can chain (memberships -> precondition scans -> Phase 1 starts -> release scans -> leads).
    for (let round = 0; hasNeeds(decision.needs) && round < MAX_NEED_ROUNDS; round += 1) {
      await deps.memberships.fetch(octokit, ref.owner, config, decision.needs.memberships, memberships);
      await this.readDetails(
        graphql,
        { config, state: decision.state, versions: decision.needs.changelogVersions ?? {} },
        plan,
        version,
        raw.repos,
        decision.needs.details,
      );
      await this.teamLeads.read(octokit, ref.owner, config, decision.needs.teamLeads, teamLeads);
      Object.assign(health, await deps.health.probe(decision.needs.health));
      if (decision.needs.final) {
        const tags = decision.repoTags;
        observation.final = await observeFinal(graphql, {
          owner: ref.owner,
          repo: ref.repo,
          tag: version.tag,
          repos: plan.repos
            .filter((r) => tags[r.fullName])
            .map((r) => ({
              owner: r.owner,
              name: r.name,
              ...(tags[r.fullName] !== version.tag ? { tag: tags[r.fullName] } : {}),
            })),
        });
      }
      if (decision.needs.picks?.length)
        observation.picks = {
          ...observation.picks,
          ...(await this.picks.read(octokit, decision.needs.picks, version.branch)),
        };
      for (const name of decision.needs.rules) {
        const observed = raw.repos[name]!;
        observed.rules = await this.branchRules.read(octokit, name, observed.defaultBranch!, version.branch);
      }
      for (const need of decision.needs.environments ?? []) {
        const observed = raw.repos[need.repo]!;
        observed.environments = {
          ...observed.environments,
          [need.environment]: await this.environmentRules.read(octokit, need.repo, need.environment),
        };
      }
      for (const need of decision.needs.codeScanning) {
        // The default branch for precondition P4, the release branch for gate 2.2.
        const name = need.repo;
        const observed = raw.repos[name]!;
        const release = need.head === "release" && observed.releaseBranch;
        const head = release ? observed.releaseBranch! : observed.defaultHead!;
        const branch = release ? version.branch : observed.defaultBranch!;
        const checksKey = head.checks
          .filter((c) => config.checks.security.includes(c.name))
          .map((c) => `${c.name}:${c.state}:${c.at}`)
          .join("|");
        const scan = await this.codeScanning.read(octokit, name, branch, head.oid, checksKey);
        if (release) observed.codeScanning = scan;
        else observed.defaultCodeScanning = scan;
      }
      decision = decide({ config, plan, version, observation, now: deps.now(), batchWrites: allowance });
    }
    if (hasNeeds(decision.needs))
      throw new Error(`decide still needs ${JSON.stringify(decision.needs)} after fetching it`);
    deps.registry.setWake(id, decision.wakeAt);

    // A reaction tells people their command was taken: it goes out only once the body that records it is written.
    const reactions = decision.actions.filter((a) => a.kind === "react");
    const writes = decision.actions.filter((a) => a.kind !== "react");
    // What the body records is carried out before it; what decide derives from GitHub alone
    // (Phase 1's writes) after it, in a bounded batch: the body shows what the last batch did.
    const derived = writes.filter((a) => derivedFromGitHub(a, `${ref.owner}/${ref.repo}`));
    // A write changes its repository: read it in full next time (marked before it leaves).
    const dirty = (action: Action) => "repo" in action && this.observations.markDirty(id, action.repo);
    const done = await executeActions(
      octokit,
      ref,
      writes.filter((a) => !derived.includes(a)),
      dirty,
    );
    const sealed = sealBody(decision.body, await deps.stateKey(), id);
    // Noted before the write: GitHub's webhook for it may arrive before its response.
    this.bodyWrites.wrote(id, issue.body, sealed);
    const body = await writeBody(octokit, ref, issue.body, sealed);
    this.observations.setBlock(id, stateBlockOf(body === "written" ? sealed : issue.body));
    const reacted = body === "conflict" ? { done: 0, failures: [] } : await executeActions(octokit, ref, reactions);
    // After a conflict (someone edited the body meanwhile) the next reconcile decides them again.
    const batch = new WriteBatch({
      maxWrites: deps.batchWrites ?? BATCH_WRITES,
      windowMs: BATCH_WINDOW_MS,
      now: () => deps.now().getTime(),
      ...(deps.nextWritesAt ? { nextWritesAt: (count: number) => deps.nextWritesAt!(ref.installationId, count) } : {}),
    });
    const batched =
      body === "conflict"
        ? { done: 0, failures: [], deferred: derived.length }
        : await executeBatch(octokit, ref, derived, batch, dirty);
    const result = {
      done: done.done + reacted.done + batched.done,
      failures: [...done.failures, ...reacted.failures, ...batched.failures],
    };
    // A body written or already current shows everything before the batch that followed it.
    this.sinceBody.set(id, (body === "conflict" ? (this.sinceBody.get(id) ?? 0) + done.done : 0) + batched.done);
    if (batched.deferred > 0) log.debug({ deferred: batched.deferred }, "writes left for the next batch");
    if (result.failures.length > 0) {
      this.failures.set(id, result.failures);
      log.warn({ failures: result.failures }, "some writes failed; they will be retried");
    } else this.failures.delete(id);
    return {
      kind: "reconciled",
      writes: result.done + (body === "written" ? 1 : 0),
      failures: result.failures,
      bodyWritten: body === "written",
      conflict: body === "conflict",
      // Writes left for the next batch: look again at once (hints meanwhile are served with it).
      lookAgain: (decision.lookAgain || batched.deferred > 0) && result.failures.length === 0,
      phase: phaseOf(decision.state, decision.view.currentPhase),
      // Counted once: the body that records the rollback is what makes it started.
      rollbackStarted: body === "written" && !state?.rollback && Boolean(decision.state.rollback),
    };
  }
}

/** The notice on the tracking issue when its hidden state was not the latest release-train wrote. */
function replacedNotice(trusted: BodyTrust): string {
  const names = trusted.editors.map((e) => `@${e}'s`);
  const who = names.length === 0 ? "An edit" : `${names.join(" and ")} ${names.length > 1 ? "edits" : "edit"}`;
  if (trusted.replaced === "older" && trusted.source === "history") {
    return `⚠️ ${who} brought back an older copy of release-train's hidden state at the end of this issue, so it is not used: the train continues from the latest state release-train wrote, as this issue's edit history shows. A box ticked or unticked there counts only as a change to the checklist it was made on.`;
  }
  const how =
    trusted.source === "history"
      ? "restored from the latest state release-train wrote, as this issue's edit history shows"
      : "rebuilt from GitHub: commands in comments are evaluated again, and manual steps ticked in the checklist need ticking again";
  return `⚠️ ${who} changed or removed release-train's hidden state at the end of this issue, so it is not used: the train's state is ${how}. Tick manual steps in the checklist or use commands; everything else here is written by release-train.`;
}

function phaseOf(state: TrainState, currentPhase: number): TrainPhase {
  if (state.finishedAt || state.aborted || state.rollback?.verifiedAt) return "finished";
  if (state.rollback) return "rollback";
  if (!state.reached.preconditions) return "preconditions";
  return String(currentPhase) as TrainPhase;
}
