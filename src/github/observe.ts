// Reads: one observation of a whole train in batched GraphQL queries.
import semver from "semver";
import type { TrainIssueObservation } from "../train/model/observation.js";
import type {
  BodyRevision,
  CommentObservation,
  IssueEvent,
  IssueObservation,
} from "../train/model/issue-observation.js";
import type {
  ClassicRuleObservation,
  MergeStateStatus,
  ReviewDecision,
  CheckObservation,
  CommitObservation,
  OpenPullObservation,
  PullRequestObservation,
  RepoObservation,
  TagObservation,
  DeploymentObservation,
} from "../train/model/repo-observation.js";
import {
  BODY_HISTORY,
  BODY_ORIGIN,
  branchVariables,
  MORE_COMMENTS,
  REPOS_PER_QUERY,
  reposQuery,
  trainQuery,
  trainQueryVariables,
  type BranchTarget,
  type RepoTarget,
} from "./queries.js";

export type GraphQL = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** The fields of the RepoFingerprint fragment (see queries.ts), as GitHub answers them. */
type GqlFingerprint = Record<
  "fpDefault" | "fpRelease" | "fpTag" | "fpMaintenance" | "fpPulls" | "fpOpen" | "fpDeployments",
  unknown
>;

/** A repository's fingerprint: equal fingerprints mean nothing a train reads there changed. */
export function fingerprintOf(repo: Partial<GqlFingerprint> | null | undefined): string {
  if (!repo) return "not found";
  return JSON.stringify([
    repo.fpDefault,
    repo.fpRelease,
    repo.fpTag,
    repo.fpMaintenance,
    repo.fpPulls,
    repo.fpOpen,
    repo.fpDeployments,
  ]);
}

interface GqlCommit {
  oid: string;
  checkSuites?: { nodes: Array<{ databaseId: number; checkRuns: { nodes: GqlCheckRun[] } } | null> } | null;
  status?: { contexts: Array<{ context: string; state: string; targetUrl: string | null; createdAt: string }> } | null;
}
interface GqlCheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  detailsUrl: string | null;
  startedAt: string | null;
  completedAt: string | null;
}
interface GqlRepo extends GqlFingerprint {
  nameWithOwner: string;
  url: string;
  defaultBranchRef: {
    name: string;
    refUpdateRule?: {
      requiredApprovingReviewCount: number | null;
      requiredStatusCheckContexts: Array<string | null> | null;
      requiresCodeOwnerReviews: boolean;
      requiresSignatures: boolean;
      requiresLinearHistory: boolean;
      viewerCanPush: boolean;
    } | null;
    target: GqlCommit | null;
  } | null;
  mergeQueue?: { configuration: { mergeMethod: "MERGE" | "SQUASH" | "REBASE" | null } | null } | null;
  releaseRef: { target: GqlCommit | null } | null;
  maintenanceRef?: { target: { oid: string } | null } | null;
  tags: { nodes: Array<{ name: string; target: { __typename: string; oid: string; target?: { oid: string } } }> };
  pullRequests: {
    nodes: Array<{
      number: number;
      title: string;
      url: string;
      state: PullRequestObservation["state"];
      mergeable: PullRequestObservation["mergeable"];
      headRefOid: string;
      mergeCommit: { oid: string } | null;
      labels: { nodes: Array<{ name: string }> };
      id?: string;
      mergeStateStatus?: MergeStateStatus;
      reviewDecision?: ReviewDecision;
      mergeQueueEntry?: { state: string; enqueuedAt: string } | null;
      timelineItems?: { nodes: Array<{ reason?: string | null; createdAt?: string } | null> };
      reviews?: {
        nodes: Array<{
          state: string;
          submittedAt: string | null;
          author: { __typename: string; login: string } | null;
          commit: { oid: string } | null;
        } | null>;
      } | null;
    }>;
  };
  openPulls: {
    nodes: Array<{
      number: number;
      headRefName: string;
      headRefOid: string;
      baseRefName: string;
      labels: { nodes: Array<{ name: string }> };
      labelEvents?: {
        nodes: Array<{ actor?: { __typename: string; login: string } | null; label?: { name: string } } | null>;
      };
      commits: {
        nodes: Array<{ commit: { status: { context: { state: string; targetUrl: string | null } | null } | null } }>;
      };
    }>;
  };
  deployments?: { nodes: Array<GqlDeployment | null> };
}
interface GqlDeployment {
  databaseId: number;
  environment: string | null;
  task: string | null;
  payload: string | null;
  commitOid: string;
  createdAt: string;
  latestStatus: { state: string; createdAt: string } | null;
}
interface GqlComment {
  databaseId: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  author: { __typename: string; login: string } | null;
  lastEditedAt?: string | null;
  editor?: { __typename: string; login: string } | null;
  reactionGroups?: Array<{ content: string; viewerHasReacted: boolean }> | null;
}
interface GqlConnection<T> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
type GqlActor = { __typename: string; login: string } | null;
interface GqlRevision {
  editedAt: string;
  editor: GqlActor;
  diff?: string | null;
  deletedAt: string | null;
  deletedBy?: GqlActor;
}
interface GqlEvent {
  __typename: string;
  createdAt: string;
  actor: GqlActor;
  label?: { name: string };
}
interface GqlIssue {
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  url: string;
  lastEditedAt: string | null;
  createdAt: string;
  revisions: { totalCount: number; nodes: GqlRevision[] } | null;
  events: { pageInfo: { hasPreviousPage: boolean }; nodes: Array<GqlEvent | null> };
  author: GqlActor | null;
  editor: { __typename: string; login: string } | null;
  milestone: { title: string; number: number; state: "OPEN" | "CLOSED" } | null;
  labels: { nodes: Array<{ name: string }> };
  comments: GqlConnection<GqlComment>;
}
interface TrainQueryResult {
  orchestration: {
    nameWithOwner: string;
    config: { text: string } | null;
    issue: GqlIssue | null;
    trainIssues?: { nodes: Array<TrainIssueObservation & { author: GqlActor }> };
  } | null;
  [alias: string]: unknown;
}

const checkState = (status: string, conclusion: string | null): CheckObservation["state"] => {
  if (status !== "COMPLETED") return "pending";
  switch (conclusion) {
    case "SUCCESS":
      return "success";
    case "NEUTRAL":
      return "neutral";
    case "SKIPPED":
      return "skipped";
    default:
      return "failure";
  }
};

const statusState = (state: string): CheckObservation["state"] =>
  state === "SUCCESS" ? "success" : state === "PENDING" || state === "EXPECTED" ? "pending" : "failure";

export function toCommit(commit: GqlCommit | null | undefined): CommitObservation | null {
  if (!commit?.oid) return null;
  const checks: CheckObservation[] = [];
  for (const suite of commit.checkSuites?.nodes ?? []) {
    for (const run of suite?.checkRuns.nodes ?? []) {
      checks.push({
        name: run.name,
        source: "check",
        state: checkState(run.status, run.conclusion),
        url: run.detailsUrl,
        suiteId: suite!.databaseId,
        at: run.completedAt ?? run.startedAt,
      });
    }
  }
  for (const ctx of commit.status?.contexts ?? []) {
    checks.push({
      name: ctx.context,
      source: "status",
      state: statusState(ctx.state),
      url: ctx.targetUrl,
      at: ctx.createdAt,
    });
  }
  return { oid: commit.oid, checks };
}

/** A repository GitHub does not show the app (missing, renamed, or the app not installed on it). */
export function notFoundRepo(fullName: string): RepoObservation {
  return {
    fullName,
    found: false,
    url: `https://github.com/${fullName}`,
    defaultBranch: null,
    defaultHead: null,
    releaseBranch: null,
    tags: [],
    pullRequest: null,
    openPulls: [],
    deployments: [],
  };
}

function toRepo(fullName: string, repo: GqlRepo | null | undefined): RepoObservation {
  if (!repo) return notFoundRepo(fullName);
  const tags: TagObservation[] = repo.tags.nodes.map((t) => ({
    name: t.name,
    commitOid: t.target.target?.oid ?? t.target.oid,
  }));
  const pulls = repo.pullRequests.nodes.map(toPull);
  const pr = pulls.find((p) => p.state === "OPEN") ?? pulls.find((p) => p.state === "MERGED") ?? pulls[0] ?? null;
  return {
    fullName,
    found: true,
    url: repo.url,
    defaultBranch: repo.defaultBranchRef?.name ?? null,
    defaultHead: toCommit(repo.defaultBranchRef?.target),
    releaseBranch: toCommit(repo.releaseRef?.target),
    maintenanceBranch: repo.maintenanceRef?.target ? { oid: repo.maintenanceRef.target.oid } : null,
    tags: sortSemverTags(tags),
    pullRequest: pr,
    releasePulls: pulls,
    classicRule: toClassicRule(repo.defaultBranchRef?.refUpdateRule),
    mergeQueue: repo.mergeQueue ? { method: repo.mergeQueue.configuration?.mergeMethod ?? "MERGE" } : null,
    openPulls: repo.openPulls.nodes.map((p) => ({
      number: p.number,
      headRef: p.headRefName,
      headOid: p.headRefOid,
      baseRef: p.baseRefName,
      labels: p.labels.nodes.map((l) => l.name),
      hotfixBy: actorLogin(
        (p.labelEvents?.nodes ?? []).filter((e) => e?.label?.name.toLowerCase() === "hotfix").at(-1)?.actor,
      ),
      freeze: (p.commits.nodes[0]?.commit.status?.context?.state.toLowerCase() ??
        null) as OpenPullObservation["freeze"],
      freezeTarget: p.commits.nodes[0]?.commit.status?.context?.targetUrl ?? null,
    })),
    deployments: (repo.deployments?.nodes ?? []).flatMap((d) => (d ? [toDeployment(d)] : [])),
  };
}

type GqlPull = GqlRepo["pullRequests"]["nodes"][number];

function toPull(pr: GqlPull): PullRequestObservation {
  const removal = pr.timelineItems?.nodes.find((n) => n?.reason !== undefined && n?.createdAt) ?? null;
  // Latest approving or change-requesting review per reviewer.
  const latest = new Map<string, NonNullable<PullRequestObservation["reviews"]>[number]>();
  for (const r of pr.reviews?.nodes ?? []) {
    const author = actorLogin(r?.author);
    if (!r || !author || (r.state !== "APPROVED" && r.state !== "CHANGES_REQUESTED")) continue;
    latest.set(author.toLowerCase(), {
      author,
      state: r.state,
      commitOid: r.commit?.oid ?? null,
      at: r.submittedAt ?? "",
    });
  }
  return {
    number: pr.number,
    title: pr.title,
    url: pr.url,
    state: pr.state,
    mergeable: pr.mergeable,
    headOid: pr.headRefOid,
    mergeCommitOid: pr.mergeCommit?.oid ?? null,
    labels: pr.labels.nodes.map((l) => l.name),
    ...(pr.id ? { id: pr.id } : {}),
    ...(pr.mergeStateStatus ? { mergeStateStatus: pr.mergeStateStatus } : {}),
    ...(pr.reviewDecision !== undefined ? { reviewDecision: pr.reviewDecision } : {}),
    ...(pr.mergeQueueEntry !== undefined ? { queue: pr.mergeQueueEntry } : {}),
    ...(pr.timelineItems
      ? {
          removedFromQueue: removal
            ? { reason: removal.reason ?? "removed from the merge queue", at: removal.createdAt! }
            : null,
        }
      : {}),
    ...(pr.reviews ? { reviews: [...latest.values()] } : {}),
  };
}

function toClassicRule(rule: NonNullable<GqlRepo["defaultBranchRef"]>["refUpdateRule"]): ClassicRuleObservation | null {
  if (!rule) return null;
  return {
    approvals: rule.requiredApprovingReviewCount ?? 0,
    codeOwners: rule.requiresCodeOwnerReviews,
    checks: (rule.requiredStatusCheckContexts ?? []).filter((c): c is string => !!c),
    signatures: rule.requiresSignatures,
    linearHistory: rule.requiresLinearHistory,
    viewerCanPush: rule.viewerCanPush,
  };
}

/** The train and purpose a deployment was created for come from its JSON payload. */
export function toDeployment(d: GqlDeployment): DeploymentObservation {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(d.payload ?? "{}");
    if (parsed && typeof parsed === "object") payload = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: not one of ours.
  }
  const text = (key: string) => (typeof payload[key] === "string" ? (payload[key] as string) : null);
  return {
    id: d.databaseId,
    environment: d.environment ?? "",
    task: d.task ?? "deploy",
    sha: d.commitOid,
    createdAt: d.createdAt,
    train: text("train"),
    purpose: text("purpose"),
    state: (d.latestStatus?.state.toLowerCase() ?? null) as DeploymentObservation["state"],
    stateAt: d.latestStatus?.createdAt ?? null,
  };
}

/** Semver release tags only, newest version first. */
export function sortSemverTags(tags: TagObservation[]): TagObservation[] {
  return tags
    .filter((t) => /^v?\d+\.\d+\.\d+/.test(t.name) && semver.valid(semver.clean(t.name)) !== null)
    .sort((a, b) => semver.rcompare(semver.clean(a.name)!, semver.clean(b.name)!));
}

/**
 * GraphQL gives a bot's login without the "[bot]" suffix that REST and webhooks use
 * ("release-train" vs "release-train[bot]"); we use the REST form everywhere.
 */
export function actorLogin(actor: { __typename?: string; login: string } | null | undefined): string | null {
  if (!actor) return null;
  return actor.__typename === "Bot" && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
}

function toComment(c: GqlComment): CommentObservation {
  return {
    id: c.databaseId,
    author: actorLogin(c.author) ?? "ghost",
    authorIsBot: c.author?.__typename === "Bot" || (c.author?.login ?? "").endsWith("[bot]"),
    body: c.body,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    url: c.url,
    editor: c.lastEditedAt ? actorLogin(c.editor) : null,
    editedAt: c.lastEditedAt ?? null,
    appReactions: (c.reactionGroups ?? [])
      .filter((g) => g.viewerHasReacted)
      .map((g) => REST_REACTION[g.content] ?? g.content),
  };
}

/** REST's names for GraphQL's reaction contents. */
const REST_REACTION: Record<string, string> = {
  THUMBS_UP: "+1",
  THUMBS_DOWN: "-1",
  LAUGH: "laugh",
  HOORAY: "hooray",
  CONFUSED: "confused",
  HEART: "heart",
  ROCKET: "rocket",
  EYES: "eyes",
};

function toRevision(r: GqlRevision): BodyRevision {
  return {
    editor: actorLogin(r.editor),
    editedAt: r.editedAt,
    body: r.deletedAt ? null : (r.diff ?? null),
    deletedBy: actorLogin(r.deletedBy),
  };
}

const EVENT_KINDS: Record<string, IssueEvent["kind"]> = {
  LabeledEvent: "labeled",
  UnlabeledEvent: "unlabeled",
  ClosedEvent: "closed",
  ReopenedEvent: "reopened",
};

function toEvents(nodes: Array<GqlEvent | null>): IssueEvent[] {
  return nodes.flatMap((e) => {
    const kind = e && EVENT_KINDS[e.__typename];
    return e && kind ? [{ kind, actor: actorLogin(e.actor), at: e.createdAt, label: e.label?.name ?? null }] : [];
  });
}

/** How many pages of the body's history are read at most to find release-train's latest revision and the ones people started from. */
const HISTORY_PAGES = 5;

/** The tracking issue body's revisions with their text, newest first: until one by release-train and `untilOlder` more are read. */
export async function observeHistory(
  graphql: GraphQL,
  req: { owner: string; repo: string; issue: number },
  isDone: (revisions: BodyRevision[]) => boolean,
): Promise<BodyRevision[]> {
  const revisions: BodyRevision[] = [];
  let after: string | null = null;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const data: { repository: { issue: { userContentEdits: GqlConnection<GqlRevision> | null } } } = await graphql(
      BODY_HISTORY,
      { ...req, after },
    );
    const edits = data.repository.issue.userContentEdits;
    revisions.push(...(edits?.nodes ?? []).map(toRevision));
    if (!edits?.pageInfo.hasNextPage || isDone(revisions)) break;
    after = edits.pageInfo.endCursor;
  }
  return revisions;
}

/** The tracking issue body's revisions with their text, oldest first: from the revision it was opened with until `isDone`. */
export async function observeOrigin(
  graphql: GraphQL,
  req: { owner: string; repo: string; issue: number },
  isDone: (revisions: BodyRevision[]) => boolean,
): Promise<BodyRevision[]> {
  const revisions: BodyRevision[] = [];
  let before: string | null = null;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const data: {
      repository: {
        issue: {
          userContentEdits: {
            pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
            nodes: GqlRevision[];
          } | null;
        };
      };
    } = await graphql(BODY_ORIGIN, { ...req, before });
    const edits = data.repository.issue.userContentEdits;
    revisions.push(...[...(edits?.nodes ?? [])].reverse().map(toRevision));
    if (!edits?.pageInfo.hasPreviousPage || isDone(revisions)) break;
    before = edits.pageInfo.startCursor;
  }
  return revisions;
}

export interface TrainObservationRequest extends BranchTarget {
  owner: string;
  repo: string;
  issue: number;
  configPath: string;
  /** Repositories read in full. */
  repos: RepoTarget[];
  /** Repositories read only by their fingerprint (in the same first request). */
  fingerprintOnly?: RepoTarget[];
  /** The app's login: the issues a train opened are those GitHub says it authored. */
  botLogin: string;
}

/** Repositories read in full, and the fingerprint of every repository read (in full or not). */
export interface ObservedRepos {
  repos: Record<string, RepoObservation>;
  fingerprints: Record<string, string>;
}

export interface RawTrainObservation extends ObservedRepos {
  configText: string | null;
  trainIssues: TrainIssueObservation[];
  issue: IssueObservation | null;
}

const fullNameOf = (r: RepoTarget) => `${r.owner}/${r.name}`;

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function absorbRepos(
  into: ObservedRepos,
  data: Record<string, unknown>,
  full: RepoTarget[],
  fingerprintOnly: RepoTarget[] = [],
): void {
  full.forEach((r, i) => {
    const raw = data[`r${i}`] as GqlRepo | null | undefined;
    into.repos[fullNameOf(r)] = toRepo(fullNameOf(r), raw);
    into.fingerprints[fullNameOf(r)] = fingerprintOf(raw);
  });
  for (const [i, r] of fingerprintOnly.entries())
    into.fingerprints[fullNameOf(r)] = fingerprintOf(data[`f${i}`] as GqlFingerprint | null | undefined);
}

/** Reads repositories in full, in chunks. */
export async function observeRepos(
  graphql: GraphQL,
  target: BranchTarget,
  repos: RepoTarget[],
): Promise<ObservedRepos> {
  const result: ObservedRepos = { repos: {}, fingerprints: {} };
  for (const part of chunk(repos, REPOS_PER_QUERY)) {
    const variables: Record<string, unknown> = branchVariables(target);
    for (const [i, r] of part.entries()) Object.assign(variables, { [`o${i}`]: r.owner, [`n${i}`]: r.name });
    const data = await graphql<Record<string, unknown>>(reposQuery(part), variables).catch((error: unknown) => {
      const partial = withMissingRepos<Record<string, unknown>>(error);
      if (!partial) throw error;
      return partial;
    });
    absorbRepos(result, data, part);
  }
  return result;
}

/**
 * GitHub answers a deleted tracking issue (or a number that never was one) with a
 * NOT_FOUND error on its path and null in its place, and a repository the app cannot
 * see (any more) likewise: that answer means "no such issue", not a failed read. Any
 * other error is one. (Discovery finds the issue again if access comes back.)
 */
function isIssueNotFound(error: unknown): boolean {
  const { errors } = error as { errors?: Array<{ type?: string; path?: unknown[] }> };
  return Boolean(
    errors?.some(
      (e) => e.type === "NOT_FOUND" && ["orchestration", "orchestration.issue"].includes(e.path?.join(".") ?? ""),
    ),
  );
}

/**
 * A configured repository GitHub does not have (a typo, deleted mid-train) or the app
 * cannot see comes back as NOT_FOUND on its alias (`r3`, or `f3` read by fingerprint) and null in its place: the rest
 * of the answer stands, and the repository is observed as not found (the tracking issue
 * says so). The answer's data when those are its only errors, otherwise null.
 */
function withMissingRepos<T>(error: unknown): T | null {
  const { errors, data } = error as { errors?: Array<{ type?: string; path?: unknown[] }>; data?: T };
  if (!data || !errors?.length) return null;
  return errors.every((e) => e.type === "NOT_FOUND" && e.path?.length === 1 && /^[rf]\d+$/.test(String(e.path[0])))
    ? data
    : null;
}

/** The tracking issue (all comments), the config text, and the given repositories; no issue when GitHub has none. */
export async function observeTrain(graphql: GraphQL, req: TrainObservationRequest): Promise<RawTrainObservation> {
  const reads = { full: req.repos.slice(0, REPOS_PER_QUERY), fingerprint: req.fingerprintOnly ?? [] };
  let data: TrainQueryResult;
  try {
    data = await graphql<TrainQueryResult>(
      trainQuery(reads),
      trainQueryVariables({ ...req, configExpr: `HEAD:${req.configPath}` }, reads),
    );
  } catch (error) {
    if (isIssueNotFound(error)) return { configText: null, trainIssues: [], issue: null, repos: {}, fingerprints: {} };
    const partial = withMissingRepos<TrainQueryResult>(error);
    if (!partial) throw error;
    data = partial;
  }
  const observed: ObservedRepos = { repos: {}, fingerprints: {} };
  absorbRepos(observed, data, reads.full, reads.fingerprint);
  const rest = await observeRepos(graphql, req, req.repos.slice(REPOS_PER_QUERY));
  Object.assign(observed.repos, rest.repos);
  Object.assign(observed.fingerprints, rest.fingerprints);
  const { repos, fingerprints } = observed;

  const gqlIssue = data.orchestration?.issue ?? null;
  let issue: IssueObservation | null = null;
  if (gqlIssue) {
    const comments = gqlIssue.comments.nodes.map(toComment);
    let page = gqlIssue.comments.pageInfo;
    while (page.hasNextPage && page.endCursor) {
      const more = await graphql<{ repository: { issue: { comments: GqlConnection<GqlComment> } } }>(MORE_COMMENTS, {
        owner: req.owner,
        repo: req.repo,
        issue: req.issue,
        after: page.endCursor,
      });
      comments.push(...more.repository.issue.comments.nodes.map(toComment));
      page = more.repository.issue.comments.pageInfo;
    }
    issue = {
      number: gqlIssue.number,
      title: gqlIssue.title,
      body: gqlIssue.body,
      state: gqlIssue.state,
      url: gqlIssue.url,
      milestoneTitle: gqlIssue.milestone?.title ?? null,
      milestone: gqlIssue.milestone ? { number: gqlIssue.milestone.number, state: gqlIssue.milestone.state } : null,
      labels: gqlIssue.labels.nodes.map((l) => l.name),
      author: actorLogin(gqlIssue.author) ?? "ghost",
      lastEditor: gqlIssue.lastEditedAt ? actorLogin(gqlIssue.editor) : null,
      lastEditedAt: gqlIssue.lastEditedAt,
      comments,
      createdAt: gqlIssue.createdAt,
      revisions: {
        total: gqlIssue.revisions?.totalCount ?? 0,
        newest: (gqlIssue.revisions?.nodes ?? []).map(toRevision),
      },
      edits: [],
      events: toEvents(gqlIssue.events.nodes),
      eventsComplete: !gqlIssue.events.pageInfo.hasPreviousPage,
    };
  }
  // Opened by the app, as GitHub says (whatever text or labels other issues carry).
  const trainIssues = (data.orchestration?.trainIssues?.nodes ?? [])
    .filter((i) => actorLogin(i.author)?.toLowerCase() === req.botLogin.toLowerCase())
    .map(({ author: _author, ...i }) => i);
  return { configText: data.orchestration?.config?.text ?? null, trainIssues, issue, repos, fingerprints };
}
