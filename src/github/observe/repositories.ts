// Repositories as GitHub answers them: branches, tags, release PRs, open PRs and
// deployments, read in full in chunks, or only by their fingerprint.
import semver from "semver";
import type { ClassicRuleObservation, RepoObservation, TagObservation } from "../../train/model/repo-observation.js";
import {
  branchVariables,
  fingerprintSelections,
  fingerprintsQuery,
  REPOS_PER_QUERY,
  reposQuery,
  type BranchTarget,
  type RepoTarget,
} from "../queries.js";
import { withMissingRepos } from "./answer-errors.js";
import { type GqlCommit, toCommit } from "./checks.js";
import { type GqlDeployment, toDeployment } from "./deployments.js";
import type { GraphQL } from "./graphql.js";
import { type GqlOpenPull, type GqlPull, toOpenPull, toPull } from "./pull-requests.js";

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
  pullRequests: { nodes: GqlPull[] };
  openPulls: { nodes: GqlOpenPull[] };
  deployments?: { nodes: Array<GqlDeployment | null> };
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
    openPulls: repo.openPulls.nodes.map(toOpenPull),
    deployments: (repo.deployments?.nodes ?? []).flatMap((d) => (d ? [toDeployment(d)] : [])),
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

/** Semver release tags only, newest version first. */
export function sortSemverTags(tags: TagObservation[]): TagObservation[] {
  return tags
    .filter((t) => /^v?\d+\.\d+\.\d+/.test(t.name) && semver.valid(semver.clean(t.name)) !== null)
    .sort((a, b) => semver.rcompare(semver.clean(a.name)!, semver.clean(b.name)!));
}

/** Repositories read in full, and the fingerprint of every repository read (in full or not). */
export interface ObservedRepos {
  repos: Record<string, RepoObservation>;
  fingerprints: Record<string, string>;
}

const fullNameOf = (r: RepoTarget) => `${r.owner}/${r.name}`;

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function absorbRepos(
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

/** The fingerprints of `repos`, in one request. */
export async function observeFingerprints(
  graphql: GraphQL,
  target: BranchTarget,
  repos: RepoTarget[],
): Promise<Record<string, string>> {
  if (repos.length === 0) return {};
  const variables = { ...branchVariables(target), ...fingerprintSelections(repos).variables };
  const data = await graphql<Record<string, unknown>>(fingerprintsQuery(repos), variables).catch((error: unknown) => {
    const partial = withMissingRepos<Record<string, unknown>>(error);
    if (!partial) throw error;
    return partial;
  });
  const observed: ObservedRepos = { repos: {}, fingerprints: {} };
  absorbRepos(observed, data, [], repos);
  return observed.fingerprints;
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
