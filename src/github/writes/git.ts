// Writes to Git data: release branches, the release commits, cherry-picks and tags.
// Each is guarded by the commit it expects, so a repeat never moves a ref elsewhere.
import { pickTrailer } from "../../train/picks/pick-tree.js";
import type { Octokit } from "../octokit.js";
import { repoParams } from "../repo-params.js";
import type { ActionOf } from "./action-of.js";
import { alreadyExists } from "./already-exists.js";

const CREATE_COMMIT = `mutation ReleaseCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;

const UPDATE_REFS = `mutation PickRef($input: UpdateRefsInput!) {
  updateRefs(input: $input) { clientMutationId }
}`;

export async function createBranch(octokit: Octokit, action: ActionOf<"createBranch">): Promise<void> {
  const repo = repoParams(action.repo);
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${action.branch}`, sha: action.sha });
  } catch (error) {
    // Guard: an existing ref at the same commit counts as done.
    if (!alreadyExists(error, "Reference already exists")) throw error;
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${action.branch}` });
    if (data.object.sha !== action.sha)
      throw new Error(
        `${action.branch} already exists at ${data.object.sha.slice(0, 7)}, not ${action.sha.slice(0, 7)}`,
      );
  }
}

export async function commitFiles(octokit: Octokit, action: ActionOf<"commitFiles">): Promise<void> {
  // Guard: expectedHeadOid; if the branch moved, GitHub refuses and we look again.
  await octokit.graphql(CREATE_COMMIT, {
    input: {
      branch: { repositoryNameWithOwner: action.repo, branchName: action.branch },
      expectedHeadOid: action.expectedHeadOid,
      message: { headline: action.headline, body: action.body },
      fileChanges: {
        additions: action.files.map((f) => ({
          path: f.path,
          contents: Buffer.from(f.contents, "utf8").toString("base64"),
        })),
      },
    },
  });
}

/**
 * An annotated tag: the tag object, then its ref. A ref that already exists counts as
 * done only when it points (through its tag object) at the same commit; a tag is never moved.
 */
export async function createTag(octokit: Octokit, action: ActionOf<"createTag">): Promise<void> {
  const repo = repoParams(action.repo);
  const { data: tag } = await octokit.rest.git.createTag({
    ...repo,
    tag: action.tag,
    message: action.message,
    object: action.sha,
    type: "commit",
  });
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/tags/${action.tag}`, sha: tag.sha });
  } catch (error) {
    if (!alreadyExists(error, "Reference already exists")) throw error;
    const { data: ref } = await octokit.rest.git.getRef({ ...repo, ref: `tags/${action.tag}` });
    const commit =
      ref.object.type === "tag"
        ? (await octokit.rest.git.getTag({ ...repo, tag_sha: ref.object.sha })).data.object.sha
        : ref.object.sha;
    if (commit !== action.sha)
      throw new Error(`${action.tag} already exists at ${commit.slice(0, 7)}, not ${action.sha.slice(0, 7)}`);
  }
}

/** Commits on the branch this many back are searched for a pick's trailer before it is written. */
const PICKED_SEARCH = 100;

/**
 * A cherry-pick with the Git Data API: the tree decide computed on the branch's tree, a
 * commit on the branch head with the fix's message (its author a co-author), then the ref, moved only
 * from that head (updateRefs' beforeOid). A pick already on the branch (its trailer,
 * after a lost response) is not written again.
 */
export async function cherryPick(octokit: Octokit, action: ActionOf<"cherryPick">): Promise<void> {
  const repo = repoParams(action.repo);
  const { data: recent } = await octokit.rest.repos.listCommits({
    ...repo,
    sha: action.branch,
    per_page: PICKED_SEARCH,
  });
  if (recent.some((c) => c.commit.message.includes(pickTrailer(action.sha)))) return;
  const { data: tree } = await octokit.rest.git.createTree({ ...repo, base_tree: action.baseTree, tree: action.tree });
  const { data: commit } = await octokit.rest.git.createCommit({
    ...repo,
    message: action.message,
    tree: tree.sha,
    parents: [action.expectedHeadOid],
  });
  await octokit.graphql(UPDATE_REFS, {
    input: {
      repositoryId: action.repositoryId,
      refUpdates: [{ name: `refs/heads/${action.branch}`, beforeOid: action.expectedHeadOid, afterOid: commit.sha }],
    },
  });
}
