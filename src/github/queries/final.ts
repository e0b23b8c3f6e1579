// Phase 7's reads: releases, changelogs at the tag, the summary file and discussions.
import { RATE_LIMIT } from "./rate-limit.js";
import { type RepoTarget, repoSelections } from "./repositories.js";

/** Phase 7 reads: the orchestration repository's release, summary file and discussions, and each repository's release and changelog at the tag. */
export function finalQuery(tag: string, repos: RepoTarget[], withOrchestration = true): string {
  const { declarations, selections } = repoSelections(repos);
  const expression = JSON.stringify(`${tag}:CHANGELOG.md`);
  // Further chunks of a large constellation read only their repositories.
  const orchestrationVars = withOrchestration ? "$owner: String!, $repo: String!, " : "";
  const orchestration = withOrchestration
    ? `orchestration: repository(owner: $owner, name: $repo) {
    id
    defaultBranchRef { name target { oid } }
    summary: object(expression: "HEAD:status/summary.json") { ... on Blob { text } }
    release(tagName: $tag) { ...ReleaseFields releaseAssets(first: 10) { nodes { name } } }
    discussionCategories(first: 25) { nodes { id name } }
    discussions(first: 20, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { title url body author { __typename login } } }
  }`
    : "";
  return `query TrainFinalization(${orchestrationVars}$tag: String!${declarations.map((d) => `, ${d}`).join("")}) {
  ${RATE_LIMIT}
  ${orchestration}
  ${selections.map((s, i) => s.replace("{ ...RepoFields }", repoFinalFields(repos[i]?.tag, expression))).join("\n  ")}
}
fragment ReleaseFields on Release { databaseId url isDraft }`;
}

/** A repository's release and changelog at the train's tag (`$tag`), or at its own tag (independent versioning). */
function repoFinalFields(ownTag: string | undefined, trainExpression: string): string {
  const tag = ownTag === undefined ? "$tag" : JSON.stringify(ownTag);
  const expression = ownTag === undefined ? trainExpression : JSON.stringify(`${ownTag}:CHANGELOG.md`);
  return `{ release(tagName: ${tag}) { ...ReleaseFields } changelog: object(expression: ${expression}) { ... on Blob { text } } }`;
}

export function finalQueryVariables(
  base: { owner: string; repo: string; tag: string },
  repos: RepoTarget[],
  withOrchestration = true,
): Record<string, unknown> {
  return { ...(withOrchestration ? base : { tag: base.tag }), ...repoSelections(repos).variables };
}
