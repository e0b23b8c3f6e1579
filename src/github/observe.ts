// Reads: one observation of a whole train in batched GraphQL queries. The first request
// reads the tracking issue, the config and the first repositories; what is read of each
// lives under observe/ (the tracking issue and its history, repositories, pull requests,
// checks, deployments).
import type { TrainIssueObservation } from "../train/model/observation.js";
import type { IssueObservation } from "../train/model/issue-observation.js";
import { REPOS_PER_QUERY, trainQuery, trainQueryVariables, type BranchTarget, type RepoTarget } from "./queries.js";
import { isIssueNotFound, withMissingRepos } from "./observe/answer-errors.js";
import { actorLogin, type GqlActor, type GraphQL } from "./observe/graphql.js";
import { absorbRepos, observeRepos, type ObservedRepos } from "./observe/repositories.js";
import { type GqlIssue, readIssue } from "./observe/tracking-issue.js";

export { observeHistory, observeOrigin } from "./observe/body-history.js";
export type { GraphQL } from "./observe/graphql.js";
export { notFoundRepo, observeFingerprints, observeRepos, type ObservedRepos } from "./observe/repositories.js";

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

export interface RawTrainObservation extends ObservedRepos {
  configText: string | null;
  trainIssues: TrainIssueObservation[];
  issue: IssueObservation | null;
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

type TrainReads = { full: RepoTarget[]; fingerprint: RepoTarget[] };

/** The tracking issue (all comments), the config text, and the given repositories; no issue when GitHub has none. */
export async function observeTrain(graphql: GraphQL, req: TrainObservationRequest): Promise<RawTrainObservation> {
  const reads = { full: req.repos.slice(0, REPOS_PER_QUERY), fingerprint: req.fingerprintOnly ?? [] };
  const data = await firstRead(graphql, req, reads);
  if (!data) return { configText: null, trainIssues: [], issue: null, repos: {}, fingerprints: {} };
  const observed: ObservedRepos = { repos: {}, fingerprints: {} };
  absorbRepos(observed, data, reads.full, reads.fingerprint);
  const rest = await observeRepos(graphql, req, req.repos.slice(REPOS_PER_QUERY));
  Object.assign(observed.repos, rest.repos);
  Object.assign(observed.fingerprints, rest.fingerprints);
  const { repos, fingerprints } = observed;

  const gqlIssue = data.orchestration?.issue ?? null;
  const issue = gqlIssue ? await readIssue(graphql, req, gqlIssue) : null;
  // Opened by the app, as GitHub says (whatever text or labels other issues carry).
  const trainIssues = (data.orchestration?.trainIssues?.nodes ?? [])
    .filter((i) => actorLogin(i.author)?.toLowerCase() === req.botLogin.toLowerCase())
    .map(({ author: _author, ...i }) => i);
  return { configText: data.orchestration?.config?.text ?? null, trainIssues, issue, repos, fingerprints };
}

/** The first request's answer; null when GitHub has no such tracking issue (or the app cannot see it). */
async function firstRead(
  graphql: GraphQL,
  req: TrainObservationRequest,
  reads: TrainReads,
): Promise<TrainQueryResult | null> {
  try {
    return await graphql<TrainQueryResult>(
      trainQuery(reads),
      trainQueryVariables({ ...req, configExpr: `HEAD:${req.configPath}` }, reads),
    );
  } catch (error) {
    if (isIssueNotFound(error)) return null;
    const partial = withMissingRepos<TrainQueryResult>(error);
    if (!partial) throw error;
    return partial;
  }
}
