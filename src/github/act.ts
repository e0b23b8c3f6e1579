// Writes: each action decided by the core, carried out with the guard that makes it
// safe to repeat. A failed write is reported, not thrown, so the rest still happens
// and the next reconcile retries what is missing.
import type { TrainRef } from "../train/model/observation.js";
import type { Action } from "../train/model/actions.js";
import { writeAborted } from "./lanes.js";
import { httpStatus, type Octokit } from "./octokit.js";
import { byRepository, type WriteBatch } from "./write-batch.js";
import { pickTrailer } from "../train/pick.js";
import { repoParams } from "./repo-params.js";

export interface ActResult {
  done: number;
  failures: string[];
}

function describe(action: Action): string {
  switch (action.kind) {
    case "comment":
      return `comment ${action.key}`;
    case "react":
      return `reaction ${action.content} on comment ${action.commentId}`;
    case "createBranch":
      return `branch ${action.branch} in ${action.repo}`;
    case "commitFiles":
      return `release commit on ${action.branch} in ${action.repo}`;
    case "cherryPick":
      return `cherry-pick of ${action.sha.slice(0, 7)} onto ${action.branch} in ${action.repo}`;
    case "openPullRequest":
      return `release PR in ${action.repo}`;
    case "addLabels":
      return `labels on ${action.repo}#${action.number}`;
    case "setStatus":
      return `${action.context} status on ${action.repo}@${action.sha.slice(0, 7)}`;
    case "rerequestCheckSuite":
      return `re-run of check suite ${action.suiteId} in ${action.repo}`;
    case "createDeployment":
      return `${action.task} deployment of ${action.repo} to ${action.environment}`;
    case "openIssue":
      return `issue "${action.title}"`;
    case "mergePullRequest":
      return `merge of ${action.repo}#${action.number}`;
    case "enqueuePullRequest":
      return `merge queue entry for ${action.repo}#${action.number}`;
    case "requestReviews":
      return `review request on ${action.repo}#${action.number}`;
    case "createTag":
      return `tag ${action.tag} in ${action.repo}`;
    case "createRelease":
      return `release ${action.tag} in ${action.repo}`;
    case "publishRelease":
      return `publishing release ${action.releaseId} in ${action.repo}`;
    case "uploadAsset":
      return `asset ${action.name} on release ${action.releaseId}`;
    case "createDiscussion":
      return `discussion "${action.title}"`;
    case "closeMilestone":
      return `closing milestone ${action.number}`;
    case "closeIssue":
      return `closing issue #${action.number}`;
  }
}

const CREATE_COMMIT = `mutation ReleaseCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;

const UPDATE_REFS = `mutation PickRef($input: UpdateRefsInput!) {
  updateRefs(input: $input) { clientMutationId }
}`;

const ENQUEUE = `mutation ReleaseEnqueue($input: EnqueuePullRequestInput!) {
  enqueuePullRequest(input: $input) { mergeQueueEntry { id } }
}`;

const CREATE_DISCUSSION = `mutation Announce($input: CreateDiscussionInput!) {
  createDiscussion(input: $input) { discussion { url } }
}`;

/** Release assets go to GitHub's uploads host (on GitHub Enterprise Server: /api/uploads). */
function uploadsUrl(octokit: Octokit): string {
  const api = octokit.request.endpoint.DEFAULTS.baseUrl;
  if (api === "https://api.github.com") return "https://uploads.github.com";
  return api.endsWith("/api/v3") ? api.replace(/\/api\/v3$/, "/api/uploads") : api;
}

/** A 422 that means "already done": the guard that makes a repeated create harmless. */
const alreadyExists = (error: unknown, text: string) =>
  httpStatus(error) === 422 &&
  JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? "").includes(text);

async function perform(octokit: Octokit, train: TrainRef, action: Action): Promise<void> {
  const issue = { owner: train.owner, repo: train.repo, issue_number: train.issueNumber };
  switch (action.kind) {
    case "comment":
      // Guard: the body carries a marker; decide skips keys already posted.
      await octokit.rest.issues.createComment({ ...issue, body: action.body });
      return;
    case "react":
      // Guard: GitHub answers 200 instead of 201 when the reaction already exists.
      await octokit.rest.reactions.createForIssueComment({
        owner: train.owner,
        repo: train.repo,
        comment_id: action.commentId,
        content: action.content,
      });
      return;
    case "createBranch": {
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
      return;
    }
    case "commitFiles":
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
      return;
    case "cherryPick":
      await cherryPick(octokit, action);
      return;
    case "openPullRequest":
      try {
        await octokit.rest.pulls.create({
          ...repoParams(action.repo),
          head: action.head,
          base: action.base,
          title: action.title,
          body: action.body,
          maintainer_can_modify: false,
        });
      } catch (error) {
        // Guard: GitHub refuses a second PR for the same head and base.
        if (!alreadyExists(error, "A pull request already exists")) throw error;
      }
      return;
    case "addLabels":
      await octokit.rest.issues.addLabels({
        ...repoParams(action.repo),
        issue_number: action.number,
        labels: action.labels,
      });
      return;
    case "rerequestCheckSuite":
      await octokit.rest.checks.rerequestSuite({ ...repoParams(action.repo), check_suite_id: action.suiteId });
      return;
    case "setStatus":
      await octokit.rest.repos.createCommitStatus({
        ...repoParams(action.repo),
        sha: action.sha,
        state: action.state,
        context: action.context,
        description: action.description.slice(0, 140),
        target_url: action.targetUrl,
      });
      return;
    case "createDeployment":
      // Guard: decide creates a deployment only when none of this train exists for the
      // same purpose, environment, task and commit (it reads them back from the payload).
      await octokit.rest.repos.createDeployment({
        ...repoParams(action.repo),
        ref: action.ref,
        task: action.task,
        environment: action.environment,
        payload: action.payload,
        description: action.description,
        auto_merge: false,
        required_contexts: [],
        production_environment: action.production,
        transient_environment: false,
      });
      return;
    case "openIssue":
      // Guard: the body carries a marker; decide skips keys already opened.
      await octokit.rest.issues.create({
        owner: train.owner,
        repo: train.repo,
        title: action.title,
        body: action.body,
        labels: action.labels,
      });
      return;
    case "mergePullRequest":
      // Guard: `sha` — GitHub refuses (409) when the head is not the approved commit.
      await octokit.rest.pulls.merge({
        ...repoParams(action.repo),
        pull_number: action.number,
        sha: action.sha,
        merge_method: action.method,
        commit_title: `${action.title} (#${action.number})`,
      });
      return;
    case "enqueuePullRequest":
      // Guard: expectedHeadOid — GitHub refuses when the head is not the approved commit; a PR already queued keeps its entry.
      await octokit.graphql(ENQUEUE, { input: { pullRequestId: action.pullRequestId, expectedHeadOid: action.sha } });
      return;
    case "requestReviews":
      // Asked once per release PR (the train records it); GitHub ignores a reviewer already requested.
      await octokit.rest.pulls.requestReviewers({
        ...repoParams(action.repo),
        pull_number: action.number,
        reviewers: action.users,
        team_reviewers: action.teams,
      });
      return;
    case "createTag":
      await createTag(octokit, action);
      return;
    case "createRelease":
      try {
        await octokit.rest.repos.createRelease({
          ...repoParams(action.repo),
          tag_name: action.tag,
          target_commitish: action.target,
          name: action.name,
          body: action.body.slice(0, 120_000),
          draft: action.draft,
          prerelease: action.prerelease,
          make_latest: action.latest ? "true" : "false",
        });
      } catch (error) {
        // Guard: one release per tag; GitHub refuses a second with 422 already_exists.
        if (!alreadyExists(error, "already_exists")) throw error;
      }
      return;
    case "publishRelease":
      await octokit.rest.repos.updateRelease({
        ...repoParams(action.repo),
        release_id: action.releaseId,
        draft: false,
        make_latest: action.latest ? "true" : "false",
      });
      return;
    case "uploadAsset":
      try {
        await octokit.rest.repos.uploadReleaseAsset({
          ...repoParams(action.repo),
          release_id: action.releaseId,
          name: action.name,
          data: action.data,
          baseUrl: uploadsUrl(octokit),
          headers: { "content-type": action.contentType },
        });
      } catch (error) {
        // Guard: an asset of that name on the release is already there.
        if (!alreadyExists(error, "already_exists")) throw error;
      }
      return;
    case "createDiscussion":
      // Guard: the body carries a marker; decide skips the discussion once it exists.
      await octokit.graphql(CREATE_DISCUSSION, {
        input: {
          repositoryId: action.repositoryId,
          categoryId: action.categoryId,
          title: action.title,
          body: action.body,
        },
      });
      return;
    case "closeMilestone":
      await octokit.rest.issues.updateMilestone({
        owner: train.owner,
        repo: train.repo,
        milestone_number: action.number,
        state: "closed",
      });
      return;
    case "closeIssue":
      await octokit.rest.issues.update({
        owner: train.owner,
        repo: train.repo,
        issue_number: action.number,
        state: "closed",
        state_reason: "completed",
      });
      return;
  }
}

/**
 * An annotated tag: the tag object, then its ref. A ref that already exists counts as
 * done only when it points (through its tag object) at the same commit; a tag is never moved.
 */
async function createTag(octokit: Octokit, action: Extract<Action, { kind: "createTag" }>): Promise<void> {
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
async function cherryPick(octokit: Octokit, action: Extract<Action, { kind: "cherryPick" }>): Promise<void> {
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

/** A write the lane may no longer make (WriteAborted, see guardWrites) stops the rest: the error propagates. */
/** `before` is told of each write before it is sent (its answer may be lost, so the write may have happened). */
export async function executeActions(
  octokit: Octokit,
  train: TrainRef,
  actions: Action[],
  before: (action: Action) => void = () => undefined,
): Promise<ActResult> {
  const failures: string[] = [];
  const failedRepos = new Set<string>();
  let done = 0;
  for (const action of actions) {
    // A repository's steps depend on each other: after a failure, the rest wait for the next reconcile.
    const repo = "repo" in action ? action.repo : null;
    if (repo && failedRepos.has(repo) && action.kind !== "setStatus") continue;
    try {
      before(action);
      await perform(octokit, train, action);
      done += 1;
    } catch (error) {
      const aborted = writeAborted(error);
      if (aborted) throw aborted;
      const status = httpStatus(error);
      if (repo) failedRepos.add(repo);
      failures.push(`${describe(action)}: ${status ? `HTTP ${status} ` : ""}${(error as Error).message}`);
    }
  }
  return { done, failures };
}

/** Carries out `actions` one repository's group at a time while `batch` admits them; `deferred` counts those left for the next reconcile. */
export async function executeBatch(
  octokit: Octokit,
  train: TrainRef,
  actions: Action[],
  batch: WriteBatch,
  before: (action: Action) => void = () => undefined,
): Promise<ActResult & { deferred: number }> {
  const result: ActResult = { done: 0, failures: [] };
  const groups = byRepository(actions);
  for (const [i, group] of groups.entries()) {
    if (!(await batch.admits(group.length)))
      return { ...result, deferred: groups.slice(i).reduce((n, g) => n + g.length, 0) };
    const done = await executeActions(octokit, train, group, before);
    result.done += done.done;
    result.failures.push(...done.failures);
    batch.done(group.length);
  }
  return { ...result, deferred: 0 };
}

export type BodyWrite = "unchanged" | "written" | "conflict";

/**
 * Writes the tracking-issue body when it changed. The body is re-read first: if a
 * person edited it since we observed it (a tick), we do not overwrite their edit;
 * the caller reconciles again with the edit included.
 */
export async function writeBody(
  octokit: Octokit,
  train: TrainRef,
  observed: string,
  desired: string,
): Promise<BodyWrite> {
  if (observed === desired) return "unchanged";
  const issue = { owner: train.owner, repo: train.repo, issue_number: train.issueNumber };
  const { data } = await octokit.rest.issues.get(issue);
  if ((data.body ?? "") !== observed) return "conflict";
  await octokit.rest.issues.update({ ...issue, body: desired });
  return "written";
}
