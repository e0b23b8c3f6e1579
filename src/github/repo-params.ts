/** The `{ owner, repo }` of a REST call from a repository's full name (`owner/name`). */
export function repoParams(fullName: string): { owner: string; repo: string } {
  const [owner, repo] = fullName.split("/") as [string, string];
  return { owner, repo };
}
