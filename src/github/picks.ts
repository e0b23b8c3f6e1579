// Reads what `/pick` needs from GitHub: the named commit (the REST commit endpoint resolves
// a short sha), the paths it changes against its first parent with their blobs before and
// after, and the release branch: its head and tree, its blobs at those paths, CHANGELOG.md,
// and the commit on it that already carries the pick's trailer. What a commit changes never
// changes, so it is cached by commit.
import { CHANGELOG_PATH } from "../train/preparation/release-commit.js";
import { pickTrailer } from "../train/picks/pick-tree.js";
import {
  pickKey,
  type BlobMode,
  type PathChange,
  type PickObservation,
  type TreeBlob,
} from "../train/model/observation.js";
import { httpStatus, type Octokit } from "./octokit.js";
import { repoParams } from "./repo-params.js";

/** The release branch's newest commits searched for a pick's trailer (a pick is recent). */
const PICKED_SEARCH = 100;
const CACHE_LIMIT = 500;
const BLOB_MODES = new Set<string>(["100644", "100755", "120000"]);

type Tree = Map<string, TreeBlob>;

export class PickReader {
  private readonly changes = new Map<string, PathChange[] | null>();
  private readonly repositoryIds = new Map<string, string>();

  /** Each named commit of `needs` with the state of `branch`, by pickKey. */
  async read(
    octokit: Octokit,
    needs: ReadonlyArray<{ repo: string; sha: string }>,
    branch: string,
  ): Promise<Record<string, PickObservation>> {
    const out: Record<string, PickObservation> = {};
    for (const need of needs) {
      const seen = await this.readOne(octokit, need.repo, need.sha, branch);
      // Under the name it was asked by and under its full sha (the name a recorded pick keeps).
      out[pickKey(need.repo, need.sha)] = seen;
      if (seen.found) out[pickKey(need.repo, seen.oid)] = seen;
    }
    return out;
  }

  private async readOne(octokit: Octokit, fullName: string, sha: string, branch: string): Promise<PickObservation> {
    const { owner, repo } = repoParams(fullName);
    const named = await octokit.rest.repos.getCommit({ owner, repo, ref: sha }).catch((error: unknown) => {
      // GitHub answers 422 ("No commit found for SHA") or 404 for a commit it does not have.
      if (httpStatus(error) === 422 || httpStatus(error) === 404) return null;
      throw error;
    });
    // The REST endpoint takes any ref: only a commit whose sha starts with what was named counts.
    if (!named?.data.sha.startsWith(sha.toLowerCase())) return { found: false };
    const commit = named.data;
    const parent = commit.parents[0]?.sha ?? null;
    const changed = await this.changesOf(octokit, fullName, commit.sha, commit.commit.tree.sha, parent);
    const onBranch = changed ? await this.branchOf(octokit, fullName, branch, changed) : null;
    // Undefined: the branch's tree is listed only in part, so the pick cannot be computed either.
    const changes = onBranch === undefined ? null : changed;
    const author =
      commit.commit.author?.name && commit.commit.author.email && commit.commit.author.date
        ? { name: commit.commit.author.name, email: commit.commit.author.email, date: commit.commit.author.date }
        : null;
    return {
      found: true,
      oid: commit.sha,
      message: commit.commit.message,
      parent,
      author,
      changes,
      branch: onBranch ?? null,
      appliedAs: await this.appliedAs(octokit, fullName, branch, commit.sha),
      repositoryId: await this.repositoryId(octokit, fullName),
    };
  }

  /** The blobs a commit changes against its first parent (every blob, for a root commit). */
  private async changesOf(
    octokit: Octokit,
    fullName: string,
    oid: string,
    tree: string,
    parent: string | null,
  ): Promise<PathChange[] | null> {
    const cached = this.changes.get(`${fullName}@${oid}`);
    if (cached !== undefined) return cached;
    const after = await readTree(octokit, fullName, tree);
    const before = parent
      ? await readTree(
          octokit,
          fullName,
          (await octokit.rest.git.getCommit({ ...repoParams(fullName), commit_sha: parent })).data.tree.sha,
        )
      : new Map<string, TreeBlob>();
    if (!after || !before) return null;
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    const changes = paths
      .map((path) => ({ path, before: before.get(path) ?? null, after: after.get(path) ?? null }))
      .filter((c) => c.before?.sha !== c.after?.sha || c.before?.mode !== c.after?.mode);
    if (this.changes.size >= CACHE_LIMIT) this.changes.delete(this.changes.keys().next().value!);
    this.changes.set(`${fullName}@${oid}`, changes);
    return changes;
  }

  private async branchOf(octokit: Octokit, fullName: string, branch: string, changes: readonly PathChange[]) {
    const ref = await octokit.rest.git
      .getRef({ ...repoParams(fullName), ref: `heads/${branch}` })
      .catch((error: unknown) => {
        if (httpStatus(error) === 404) return null;
        throw error;
      });
    if (!ref) return null;
    const head = ref.data.object.sha;
    const tree = (await octokit.rest.git.getCommit({ ...repoParams(fullName), commit_sha: head })).data.tree.sha;
    const files = await readTree(octokit, fullName, tree);
    if (!files) return undefined;
    const changelogBlob = files.get(CHANGELOG_PATH);
    const changelog = changelogBlob
      ? Buffer.from(
          (await octokit.rest.git.getBlob({ ...repoParams(fullName), file_sha: changelogBlob.sha })).data.content,
          "base64",
        ).toString("utf8")
      : null;
    return {
      oid: head,
      tree,
      blobs: Object.fromEntries(changes.map((c) => [c.path, files.get(c.path) ?? null])),
      changelog,
    };
  }

  private async appliedAs(octokit: Octokit, fullName: string, branch: string, oid: string): Promise<string | null> {
    const listed = await octokit.rest.repos
      .listCommits({ ...repoParams(fullName), sha: branch, per_page: PICKED_SEARCH })
      .catch((error: unknown) => {
        if (httpStatus(error) === 404 || httpStatus(error) === 409) return null;
        throw error;
      });
    return listed?.data.find((c) => c.commit.message.includes(pickTrailer(oid)))?.sha ?? null;
  }

  private async repositoryId(octokit: Octokit, fullName: string): Promise<string> {
    const known = this.repositoryIds.get(fullName);
    if (known) return known;
    const { data } = await octokit.rest.repos.get(repoParams(fullName));
    this.repositoryIds.set(fullName, data.node_id);
    return data.node_id;
  }
}

/** A tree's blobs by path (submodules and trees left out); null when GitHub lists it only in part. */
async function readTree(octokit: Octokit, fullName: string, sha: string): Promise<Tree | null> {
  const { data } = await octokit.rest.git.getTree({ ...repoParams(fullName), tree_sha: sha, recursive: "true" });
  if (data.truncated) return null;
  const blobs: Tree = new Map();
  for (const entry of data.tree) {
    if (entry.type === "blob" && entry.path && entry.sha && entry.mode && BLOB_MODES.has(entry.mode))
      blobs.set(entry.path, { sha: entry.sha, mode: entry.mode as BlobMode });
  }
  return blobs;
}
