// Phase 7 reads, made only once decide asks for them: releases at the train's tag,
// each repository's changelog at the tag, and the orchestration repository's summary
// file, release (with its archive assets) and discussions. Batched like the observation.
import type { FinalObservation, ReleaseObservation } from "../train/model/observation.js";
import type { GraphQL } from "./observe.js";
import { actorLogin, type GqlActor } from "./observe/graphql.js";
import { finalQuery, finalQueryVariables, REPOS_PER_QUERY, type RepoTarget } from "./queries.js";

interface GqlRelease {
  databaseId: number;
  url: string;
  isDraft: boolean;
  releaseAssets?: { nodes: Array<{ name: string }> };
}
interface GqlFinal {
  orchestration:
    | {
        id: string;
        defaultBranchRef: { name: string; target: { oid: string } } | null;
        summary: { text: string } | null;
        release: GqlRelease | null;
        discussionCategories: { nodes: Array<{ id: string; name: string }> } | null;
        discussions: { nodes: Array<{ title: string; url: string; body: string; author: GqlActor }> } | null;
      }
    | null
    | undefined;
  [alias: string]: unknown;
}

const toRelease = (r: GqlRelease | null | undefined): ReleaseObservation | null =>
  r
    ? { id: r.databaseId, url: r.url, isDraft: r.isDraft, assets: r.releaseAssets?.nodes.map((a) => a.name) ?? [] }
    : null;

export async function observeFinal(
  graphql: GraphQL,
  req: { owner: string; repo: string; tag: string; botLogin: string; repos: RepoTarget[] },
): Promise<FinalObservation> {
  const repos: FinalObservation["repos"] = {};
  let orchestration: FinalObservation["orchestration"] | null = null;
  for (let i = 0; i === 0 || i < req.repos.length; i += REPOS_PER_QUERY) {
    const part = req.repos.slice(i, i + REPOS_PER_QUERY);
    const first = i === 0;
    const data = await graphql<GqlFinal>(
      finalQuery(req.tag, part, first),
      finalQueryVariables({ owner: req.owner, repo: req.repo, tag: req.tag }, part, first),
    );
    part.forEach((r, j) => {
      const found = data[`r${j}`] as { release: GqlRelease | null; changelog: { text: string } | null } | null;
      repos[`${r.owner}/${r.name}`] = { release: toRelease(found?.release), changelog: found?.changelog?.text ?? null };
    });
    if (!first) continue;
    const o = data.orchestration;
    if (!o?.defaultBranchRef)
      throw new Error(`the orchestration repository ${req.owner}/${req.repo} has no default branch`);
    orchestration = {
      id: o.id,
      defaultBranch: o.defaultBranchRef.name,
      headOid: o.defaultBranchRef.target.oid,
      summaryText: o.summary?.text ?? null,
      release: toRelease(o.release),
      categories: o.discussionCategories?.nodes ?? [],
      // The app's own announcements, as GitHub says (whatever text other discussions carry).
      discussions: (o.discussions?.nodes ?? [])
        .filter((d) => actorLogin(d.author)?.toLowerCase() === req.botLogin.toLowerCase())
        .map(({ author: _author, ...d }) => d),
    };
  }
  return { orchestration: orchestration!, repos };
}
