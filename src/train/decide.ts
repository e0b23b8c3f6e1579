// The playbook's rules: (config, plan, observation, now) -> state, checklist, writes.
// Pure: everything it knows comes in as arguments, everything it wants goes out as data.
import { unseenNotice } from "./unseen-repos.js";
import { keepAddedText } from "./added-text.js";
import type { TrainConfig } from "../config/schema.js";
import { Authz, type MembershipQuery } from "./authz.js";
import { handleCommands, handleTicks } from "./interactions.js";
import {
  pickKey,
  trainId,
  type Action,
  type ChecklistItem,
  type Observation,
  type TrainState,
  type TrainView,
} from "./model.js";
import type { ReleasePlan } from "./plan.js";
import { renderBody, renderStatusSummary } from "./render.js";
import { phase1, type Phase1Result } from "./phase1.js";
import { boundAudit, commentMarker, decodeState, markerOf, wasRendered } from "./state.js";
import { renderDryRun } from "./dry-run.js";
import { buildView, type TrainVersion } from "./view.js";
import { withTrainPulls } from "./release-pulls.js";
import { patchedRepos, withReleaseLines } from "./maintenance.js";
import { pickActions } from "./pick.js";
import { successorActions } from "./successor.js";
import { reposIgnoredNotice, subsetFromBody, subsetFromEdits, trainPlan } from "./subset.js";
import { evaluateGates } from "./phase2.js";
import { recordCompliance, requestSignoffs, withdrawStale } from "./signoff-requests.js";
import { deploysToProduction, maintenanceTarget, PRODUCTION_STEPS, rollout } from "./deploy/rollout.js";
import { steer, type SteerResult } from "./deploy/steer.js";
import { finalize, type FinalizeResult } from "./finalize.js";
import { requestReviews } from "./review-requests.js";
import { publish, type PublishResult } from "./publish.js";
import { closedBy } from "./moments.js";
import { undoReopen } from "./reopen.js";
import { recordDependencies, recordVersions, versionFor, versionMatrix } from "./repo-versions.js";
import { environmentsToRead } from "./deploy/waiting.js";
import { signoffsFromReviews } from "./review-signoffs.js";

export interface DecideInput {
  config: TrainConfig;
  plan: ReleasePlan;
  version: TrainVersion;
  observation: Observation;
  now: Date;
  /** Writes the state records that one reconcile makes at most, where they can wait (review requests); the rest come with the next. */
  batchWrites?: number;
}

export interface Decision {
  state: TrainState;
  view: TrainView;
  /** Writes other than the tracking-issue body, in order. */
  actions: Action[];
  /** The repositories this train releases, each with its tag (the train's unless versioning is independent). */
  repoTags: Record<string, string>;
  /** The tracking-issue body as it should be. */
  body: string;
  /** What decide needed but did not have; fetch it and decide again (actions wait until then). */
  needs: Needs;
  /** Look at the train again at this time (epoch ms) even if no webhook comes: canary and bake windows. */
  wakeAt: number | null;
  /**
   * Some writes show on the checklist only once read back (an opened issue, the rollback
   * notice), and our own events do not wake us: reconcile again right after.
   */
  lookAgain: boolean;
}

export interface Needs {
  memberships: MembershipQuery[];
  /** Repositories (full names) whose Phase 1 details are missing. */
  details: string[];
  /** Repositories whose open critical code-scanning alerts are unknown, and at which head. */
  codeScanning: CodeScanningNeed[];
  /** Teams whose leads decide wants to mention. */
  teamLeads: string[];
  /** Health-check URLs to probe. */
  health: string[];
  /** Phase 7 wants releases, the summary file and discussions read. */
  final: boolean;
  /** Repositories whose rulesets (default and release branch) decide wants read: precondition P9. */
  rules: string[];
  /** Independent versioning: the version a repository's changelog is titled with, when not the train's. */
  changelogVersions?: Record<string, string>;
  /** Environments a train deployment waits on, whose protection rules name who can approve. */
  environments?: Array<{ repo: string; environment: string }>;
  /** Commits named by `/pick`, with the release branch they go onto. */
  picks?: Array<{ repo: string; sha: string }>;
}

export interface CodeScanningNeed {
  repo: string;
  /** The default branch head (precondition P4) or the release branch head (gate 2.2). */
  head: "default" | "release";
}

export const hasNeeds = (needs: Needs): boolean =>
  needs.memberships.length +
    needs.details.length +
    needs.codeScanning.length +
    needs.teamLeads.length +
    needs.health.length +
    needs.rules.length +
    (needs.environments?.length ?? 0) +
    (needs.picks?.length ?? 0) >
    0 || needs.final;

const AUDIT_LIMIT = 100;
/** Writes no webhook tells us about (or only as our own, ignored, events): read them back at once. */
const READ_BACK = new Set<Action["kind"]>([
  "openIssue",
  "createRelease",
  "publishRelease",
  "uploadAsset",
  "createDiscussion",
  "closeMilestone",
]);
const INTRO_LIMIT = 4000;
const MERGEABILITY_RETRY_MS = 15_000;

export function initialState(version: string, at: string, intro: string): TrainState {
  return {
    v: 1,
    version,
    startedAt: at,
    ticks: {},
    acked: {},
    audit: [],
    reached: {},
    signoffs: {},
    compliance: {},
    accepted: {},
    intro: intro.slice(0, INTRO_LIMIT),
  };
}

function isDone(view: TrainView, id: string): boolean {
  const item = [...view.preconditions, ...view.phases.flatMap((p) => p.steps)].find((i) => i.id === id);
  return item?.status === "done";
}

/** Records when each item first became done, with an audit line (phase durations come from this). */
function recordMilestones(view: TrainView, state: TrainState, at: string, withoutProduction: boolean): void {
  // Production steps a pre-release skips count as passed when they were skipped, so Phases 5 and 6 end.
  const passed = (item: ChecklistItem) =>
    item.status === "done" ||
    (withoutProduction && item.status === "skipped" && (PRODUCTION_STEPS as readonly string[]).includes(item.id));
  // A step the train has nothing for (no repository of its stage, as on a subset) passes with the rest of its phase.
  const phaseDone = new Set(
    view.phases
      .filter((p) => p.steps.some(passed) && p.steps.every((s) => passed(s) || s.status === "skipped"))
      .flatMap((p) => p.steps.map((s) => s.id)),
  );
  for (const item of [...view.preconditions, ...view.phases.flatMap((p) => p.steps)]) {
    if ((passed(item) || (item.status === "skipped" && phaseDone.has(item.id))) && !state.reached[item.id]) {
      state.reached[item.id] = at;
      if (item.kind === "bot")
        state.audit.push({
          at,
          actor: "release-train",
          text: `${item.id} ${item.status === "done" ? "done" : "skipped"}: ${item.title}`,
        });
    }
  }
}

/**
 * Before Phase 1, precondition P4 wants code scanning read on every default branch head,
 * also where a release branch already exists (a crash may have cut Phase 1 short before
 * its start was recorded).
 */
function preconditionScans(plan: ReleasePlan, observation: Observation): CodeScanningNeed[] {
  return plan.repos
    .map((r) => r.fullName)
    .filter((name) => {
      const observed = observation.repos[name];
      return observed?.found && observed.defaultHead && observed.defaultCodeScanning?.oid !== observed.defaultHead.oid;
    })
    .map((repo) => ({ repo, head: "default" }));
}

/**
 * The end of a train: when every postcondition holds the freeze lifts and the milestone
 * closes; once the retrospective is done the tracking issue closes with a last comment.
 */
function finish(
  state: TrainState,
  observation: Observation,
  published: PublishResult,
  tag: string,
  at: string,
): Action[] {
  const actions: Action[] = [];
  if (
    !state.finishedAt &&
    published.postconditions.length > 0 &&
    published.postconditions.every((p) => p.status === "done" || p.status === "skipped")
  ) {
    state.finishedAt = at;
    state.audit.push({ at, actor: "release-train", text: `postconditions met: ${tag} released; code freeze lifted` });
  }
  if (!state.finishedAt) return actions;
  const milestone = observation.issue.milestone;
  if (milestone?.state === "OPEN") actions.push({ kind: "closeMilestone", number: milestone.number });
  // The complete summary is written first: once the issue is closed, nothing looks at the train again.
  // Closed once: an orchestration team member who reopens it later keeps it open; a rollback runs to its end first.
  const rollingBack = state.rollback && !state.rollback.verifiedAt;
  if (
    state.ticks["7.7"] &&
    observation.issue.state === "OPEN" &&
    !published.summaryPending &&
    !rollingBack &&
    !closedBy(observation.issue, observation.botLogin, Date.parse(state.finishedAt))
  ) {
    const key = `finished-${tag}`;
    const minutes = Math.round((Date.parse(state.finishedAt) - Date.parse(state.startedAt)) / 60_000);
    actions.push({
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n🏁 The release train ${tag} is complete: released everywhere, postconditions met, retrospective done (${minutes} min from start to release). Closing the tracking issue.`,
    });
    actions.push({ kind: "closeIssue", number: observation.issue.number });
  }
  return actions;
}

/**
 * Before final approval, a release PR GitHub reports blocked for a reason other than its
 * reviews: read the rulesets to name the required check (2.1).
 */
function blockedByRules(observed: Observation["repos"][string], state: TrainState): boolean {
  const pr = observed.pullRequest;
  return (
    !state.approval &&
    pr?.state === "OPEN" &&
    pr.mergeStateStatus === "BLOCKED" &&
    pr.reviewDecision !== "REVIEW_REQUIRED" &&
    pr.reviewDecision !== "CHANGES_REQUESTED"
  );
}

export function decide(input: DecideInput): Decision {
  const { config, now } = input;
  const observation = withReleaseLines(withTrainPulls(input.observation, input.version), input.version);
  const at = now.toISOString();
  const previous = decodeState(observation.issue.body);
  const state: TrainState = previous
    ? structuredClone(previous)
    : initialState(
        input.version.version,
        at,
        observation.issue.body.includes("release-train:state") ? "" : observation.issue.body,
      );
  if (!previous)
    state.audit.push({
      at,
      actor: "release-train",
      text: `train ${input.version.tag} started from #${observation.issue.number}`,
    });
  const authz = new Authz(config, observation.memberships);
  const audit = (actor: string, text: string) => state.audit.push({ at, actor, text });
  // A train on a subset: the `repos:` line the train starts from, then `/only` (below, before Phase 1).
  const mustInclude = deploysToProduction(config, input.version.version)
    ? (maintenanceTarget(config, input.plan).repo?.fullName ?? null)
    : null;
  // A state rebuilt from GitHub takes the `repos:` line and Phase 1's start from the body's edit history.
  const origin = !previous && wasRendered(observation.issue.body) ? observation.issue.origin : undefined;
  const rebuiltStart = origin?.phase1At ? { at: origin.phase1At, handled: origin.handledAtStart } : undefined;
  const subsetContext = {
    configuredPlan: input.plan,
    mustInclude,
    state,
    authz,
    audit,
    ...(rebuiltStart ? { rebuiltStart } : {}),
  };
  if (!previous && !wasRendered(observation.issue.body)) subsetFromBody(subsetContext, observation.issue);
  else if (origin)
    subsetFromBody(subsetContext, {
      body: origin.body,
      author: origin.by,
      lastEditor: null,
      lastEditedAt: null,
      createdAt: origin.at,
    });
  const scope = () => state.subset?.repos.join() ?? null;
  const scopeBefore = scope();
  // Independent versioning: each repository's version, and the plan without the ones that have no changes.
  const chosen = trainPlan(input.plan, state.subset?.repos);
  const matrix = versionMatrix({ config, plan: chosen, version: input.version, observation, state });
  const { plan, version } = matrix;
  // An issue the app opened (`/rc`, `/promote`) keeps its key, so its opener never opens it twice.
  const openedKey =
    !previous && observation.issue.author.toLowerCase() === observation.botLogin.toLowerCase()
      ? markerOf(observation.issue.body)
      : null;
  if (openedKey) state.openedAs = openedKey;
  // People's edits up to here are accounted for from now on (see trust.ts).
  if (!previous || observation.issue.edits.length > 0) state.revisions = observation.issue.revisions.total;
  recordCompliance(config, observation, state);

  const actions: Action[] = [...reposIgnoredNotice(state)];
  const teamLeadNeeds: string[] = [];
  const pickNeeds: Array<{ repo: string; sha: string }> = [];
  const preparation = (started: boolean): Phase1Result =>
    phase1({ config, plan, version, observation, state, started, mayHotfix: (login) => authz.isOrchestrator(login) });
  const draft = preparation(false);
  const prepared = ["1.1", "1.3", "1.4", "1.5"].every((id) => draft.steps[id]?.status === "done");
  // Gates depend on the observation and on what commands change in the state: evaluate once per such state.
  let gatesMemo: { key: string; report: ReturnType<typeof evaluateGates> } | null = null;
  const gates = () => {
    const key = JSON.stringify([state.signoffs, state.approval, state.ticks["2.3"], state.compliance]);
    if (gatesMemo?.key !== key)
      gatesMemo = { key, report: evaluateGates({ config, plan, observation, state, prepared }) };
    return gatesMemo.report;
  };
  const deployInput = () => ({
    config,
    plan,
    version,
    observation,
    state,
    now,
    approved: gates().steps["2.5"]?.status === "done",
  });
  const viewOf = (p1: Phase1Result, deploy?: SteerResult, final?: FinalizeResult, published?: PublishResult) => {
    const g = gates();
    const forward = deploy?.rollout ?? rollout(deployInput());
    return buildView({
      config,
      plan,
      version,
      observation,
      state,
      computed: { ...p1.steps, ...g.steps, ...forward.steps, ...final?.steps, ...published?.steps },
      repoProblems: p1.problems,
      repoWarnings: p1.warnings,
      gates: g,
      cells: forward.cells,
      rollback: deploy?.rollback ?? null,
      postconditions: published?.postconditions ?? [],
      preparations: p1.preparations,
      fullPlan: chosen,
      configuredPlan: input.plan,
    });
  };
  const ctx = {
    config,
    plan,
    observation,
    state,
    authz,
    at,
    actions,
    prepared,
    gates,
    rollout: () => rollout(deployInput()),
    versionTag: version.tag,
    statusSummary: () => renderStatusSummary(viewOf(draft)),
    dryRunPlan: () => renderDryRun(plan, version, observation, draft.preparations),
    configuredPlan: input.plan,
    mustInclude,
    ...(rebuiltStart ? { subsetRebuiltStart: rebuiltStart } : {}),
    version,
    patch:
      patchedRepos(
        plan.repos.map((r) => r.fullName),
        version,
        observation.repos,
      ).size > 0,
    pickNeeds,
  };

  handleCommands(ctx);
  if (prepared) signoffsFromReviews(config, observation, state, gates(), authz, at);
  actions.push(...undoReopen(observation, state, authz));
  // The view before ticks is only needed when someone changed a box on a bot step.
  // Once Phase 1 has started (or starts now), bot steps such as the freeze (1.2) read as started too.
  let beforeTicks: TrainView | undefined;
  const tickView = () =>
    state.reached.preconditions || viewOf(draft).preconditions.every((p) => p.status === "done")
      ? viewOf(preparation(true))
      : viewOf(draft);
  handleTicks(ctx, (id) => {
    beforeTicks ??= tickView();
    return isDone(beforeTicks, id);
  });
  const added = keepAddedText(observation.issue.edits, state, (actor, text) => state.audit.push({ at, actor, text }));
  actions.push(...added.replies.map((r) => ({ kind: "comment" as const, ...r })));
  // Rebuilt: people's edits of the `repos:` line before Phase 1, as the history shows, count again.
  if (previous) actions.push(...subsetFromEdits(subsetContext, observation.issue.edits));
  else if (origin) actions.push(...subsetFromEdits(subsetContext, origin.edits));

  // Phase 1 starts once every precondition is done, and stays started; not over repositories `/only` just changed (decided again at once).
  const rescoped = scope() !== scopeBefore;
  const started =
    Boolean(state.reached.preconditions) ||
    (!rescoped && viewOf(draft).preconditions.every((p) => p.status === "done"));
  if (started && !state.reached.preconditions) {
    state.reached.preconditions = at;
    state.audit.push({ at, actor: "release-train", text: "preconditions met: Phase 1 started" });
  }
  if (started) recordVersions(state, version);
  const p1 = preparation(started);
  actions.push(...p1.actions);
  if (started) recordDependencies(state, p1.preparations);
  // `/pick`: the fixes the orchestration team named, cherry-picked onto the release branches.
  const picked = pickActions({ state, audit, observation, plan, version, needs: pickNeeds });
  actions.push(...picked);
  // Repositories GitHub does not show the app: said once; their rows and P1 give the reason.
  const unseen = plan.repos.filter((r) => !observation.repos[r.fullName]?.found).map((r) => r.fullName);
  if (unseen.length > 0) {
    const notice = unseenNotice(unseen, started);
    actions.push({ kind: "comment", key: notice.key, body: `${commentMarker(notice.key)}\n${notice.text}` });
  }
  if (started && config.dryRun === true && p1.needsDetails.length === 0) {
    const key = `dry-run-${version.tag}`;
    actions.push({
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n${renderDryRun(plan, version, observation, p1.preparations)}\n\n\`dryRun: true\` is set: Phase 1 writes nothing until it is removed from the configuration.`,
    });
  }

  // Phase 2: new commits withdraw sign-offs and approval; the leads are asked (once) to sign.
  const report = gates();
  actions.push(...withdrawStale(report, observation, state, at));
  if (prepared) actions.push(...requestSignoffs(gates(), observation, state, version.tag, teamLeadNeeds));
  const reviews = prepared
    ? requestReviews(config, plan, observation, state, at, input.batchWrites)
    : { actions: [], more: false };
  actions.push(...reviews.actions);
  // The tracking issue's "Now" names the leads who still have to sign off.
  if (prepared && !state.approval)
    teamLeadNeeds.push(...report.required.filter((r) => !state.signoffs[r.team]).map((r) => r.team));

  // Phases 3–6 and the rollback procedure.
  const deploy = steer(deployInput(), observation.teamLeads);
  actions.push(...deploy.actions);
  teamLeadNeeds.push(...deploy.teams);

  // Phase 7: merge and tag once Phase 6 is done; what blocks it holds the train until `/retry`.
  const finalInput = () => ({
    config,
    plan,
    version,
    observation,
    state,
    verified: deploy.rollout.withoutProduction
      ? PRODUCTION_STEPS.every((id) => deploy.rollout.steps[id]?.status === "skipped")
      : ["6.1", "6.2"].every((id) => deploy.rollout.steps[id]?.status === "done") &&
        ["6.3", "6.4"].every((id) => Boolean(state.ticks[id])),
  });
  let final = finalize(finalInput());
  const blockers = Object.values(final.blockers);
  if (blockers.length > 0 && !state.hold && !state.rollback && !state.aborted) {
    state.hold = { by: "release-train", at, reason: blockers.join("; "), auto: true };
    state.audit.push({ at, actor: "release-train", text: `held the train: ${blockers.join("; ")}` });
    const key = `hold-${Date.parse(at)}`;
    actions.push({
      kind: "comment",
      key,
      body: `${commentMarker(key)}\n## ⏸️ ${version.tag} is on hold\n\n${blockers.map((b) => `- ${b}`).join("\n")}`,
    });
    final = finalize(finalInput());
  }
  actions.push(...final.actions);

  const published = publish({
    config,
    plan,
    version,
    observation,
    state,
    at,
    tagged: final.tagged,
    withoutProduction: deploy.rollout.withoutProduction,
    productionVerified: (repo) =>
      deploy.rollout.cells[repo]?.production.status === "ok" &&
      observation.repos[repo]?.pullRequest?.headOid === state.approval?.heads[repo],
  });
  actions.push(...published.actions);
  teamLeadNeeds.push(...published.teams);
  actions.push(...finish(state, observation, published, version.tag, at));
  actions.push(...successorActions(state, observation, config.label));

  const view = viewOf(p1, deploy, final, published);
  recordMilestones(view, state, at, deploy.rollout.withoutProduction);
  if (state.audit.length > AUDIT_LIMIT) state.audit.splice(0, state.audit.length - AUDIT_LIMIT);
  boundAudit(state.audit);

  // Never post the same comment twice: a marker in every bot comment is the guard.
  const posted = new Set(
    observation.issue.comments
      .filter((c) => c.author.toLowerCase() === observation.botLogin.toLowerCase())
      .map((c) => markerOf(c.body)),
  );
  const opened = new Set(observation.trainIssues.map((i) => markerOf(i.body)));
  const writes = actions.filter(
    (a) => (a.kind !== "comment" || !posted.has(a.key)) && (a.kind !== "openIssue" || !opened.has(a.key)),
  );

  return {
    state,
    view,
    actions: writes,
    repoTags: Object.fromEntries(plan.repos.map((r) => [r.fullName, versionFor(version, r.fullName).tag])),
    body: renderBody(view, state),
    needs: {
      memberships: authz.needs,
      details: [...new Set([...matrix.needsDetails, ...p1.needsDetails])],
      ...(Object.keys(matrix.changelogVersions).length > 0 ? { changelogVersions: matrix.changelogVersions } : {}),
      codeScanning: started
        ? report.needsCodeScanning.map((repo) => ({ repo, head: "release" }))
        : preconditionScans(plan, observation),
      teamLeads: [...new Set(teamLeadNeeds)].filter((t) => !(t in observation.teamLeads)),
      health: deploy.healthNeeds.filter((url) => !observation.health[url]),
      final: published.needsFinal,
      rules: plan.repos
        .map((r) => r.fullName)
        .filter(
          (name) =>
            !observation.repos[name]?.rules &&
            observation.repos[name]?.defaultBranch &&
            (!started || blockedByRules(observation.repos[name]!, state)),
        ),
      environments: plan.repos.flatMap((r) =>
        environmentsToRead(r.fullName, observation.repos[r.fullName], trainId(observation.train)),
      ),
      ...(pickNeeds.length > 0
        ? { picks: [...new Map(pickNeeds.map((n) => [pickKey(n.repo, n.sha), n])).values()] }
        : {}),
    },
    // Mergeability GitHub is still computing (at 7.1, or before the approval): look again shortly rather than read it as a failure.
    wakeAt:
      final.waitingForGitHub || (!state.approval && report.computing.length > 0)
        ? Math.min(deploy.wakeAt ?? Infinity, now.getTime() + MERGEABILITY_RETRY_MS)
        : deploy.wakeAt,
    // A pick's commit is read back (to list it in the changelog) at once.
    // Review requests left for the next reconcile: it comes at once.
    lookAgain:
      rescoped ||
      picked.length > 0 ||
      reviews.more ||
      writes.some(
        (a) =>
          READ_BACK.has(a.kind) ||
          (a.kind === "comment" && (a.key.startsWith("rollback-") || a.key.startsWith("announce-"))) ||
          (a.kind === "commitFiles" && a.repo === `${observation.train.owner}/${observation.train.repo}`),
      ),
  };
}
