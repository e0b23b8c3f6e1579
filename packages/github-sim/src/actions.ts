import { completeCheckRun, setStatus, startCheckRun } from "./actions/checks.js";
import { addDeploymentStatus, reviewDeployment } from "./actions/deployments.js";
import { createBranch, forcePush, pushCommit } from "./actions/git.js";
import { closeMilestone, openIssue, openMilestone, requireComment } from "./actions/issues.js";
import { openPullRequest } from "./actions/pulls.js";
import type { SimCore } from "./core.js";
import { ApiError } from "./errors.js";
import { createDeployment, type CreateDeploymentInput, type DeploymentStatusInput } from "./ops/deployments.js";
import {
  addLabels,
  addReaction,
  createComment,
  deleteComment,
  deleteIssue,
  deleteRevision,
  editComment,
  removeLabel,
  requireIssue,
  updateIssue,
} from "./ops/issues.js";
import { mergePull, submitReview, type MergeInput } from "./ops/pulls.js";
import { enqueue, removeFromQueue } from "./ops/merge-queue.js";
import type { RequestLog } from "./recorder.js";
import type { Seeder } from "./seed.js";
import type { CheckConclusion, CheckStatus, Repo, ReviewState, StatusState } from "./store/types.js";

/**
 * Things a human (or another integration) does on GitHub. Each emits the
 * webhooks GitHub would, with `sender` = that user, and is recorded in
 * `sim.userActions` (kind "user"). Failures throw the same ApiError the REST
 * API would answer with. What an action does beyond one operation lives in actions/.
 */
export class UserSession {
  constructor(
    private readonly core: SimCore,
    private readonly seeder: Seeder,
    private readonly log: RequestLog,
    readonly login: string,
  ) {
    core.store.ensureAccount(login, login.endsWith("[bot]") ? "Bot" : "User");
  }

  private run<T>(action: string, repoName: string, fn: (repo: Repo) => T): T {
    const started = Date.now();
    let status = 200;
    try {
      return fn(this.core.store.requireRepo(repoName));
    } catch (e) {
      status = e instanceof ApiError ? e.status : 500;
      throw e;
    } finally {
      this.log.add({
        method: "USER",
        path: `/${repoName}`,
        query: "",
        route: `user.${action}`,
        status,
        kind: "user",
        at: this.core.now(),
        durationMs: Date.now() - started,
        actor: this.login,
      });
    }
  }

  createIssue(input: { repo: string; title: string; body?: string; labels?: string[]; milestone?: number }): number {
    return this.run("createIssue", input.repo, (repo) => openIssue(this.core, repo, this.login, input));
  }

  /** Adds labels to an issue or pull request: one `labeled` event per label. */
  addLabels(repoName: string, number: number, labels: string[]): void {
    this.run("addLabels", repoName, (repo) =>
      addLabels(this.core, repo, requireIssue(repo, number), this.login, labels),
    );
  }

  removeLabel(repoName: string, number: number, label: string): void {
    this.run("removeLabel", repoName, (repo) =>
      removeLabel(this.core, repo, requireIssue(repo, number), this.login, label),
    );
  }

  /** Comments on an issue or pull request; returns the comment id. */
  comment(repoName: string, number: number, body: string): number {
    return this.run(
      "comment",
      repoName,
      (repo) => createComment(this.core, repo, requireIssue(repo, number), this.login, body).id,
    );
  }

  editComment(repoName: string, id: number, body: string): void {
    this.run("editComment", repoName, (repo) =>
      editComment(this.core, repo, requireComment(this.core, repo, id), this.login, body),
    );
  }

  deleteComment(repoName: string, id: number): void {
    this.run("deleteComment", repoName, (repo) =>
      deleteComment(this.core, repo, requireComment(this.core, repo, id), this.login),
    );
  }

  react(repoName: string, commentId: number, content: string): void {
    this.run("react", repoName, (repo) =>
      addReaction(this.core, requireComment(this.core, repo, commentId).reactions, this.login, content),
    );
  }

  /** Edits an issue body (issues.edited with changes.body.from). */
  editIssueBody(repoName: string, number: number, body: string): void {
    this.run("editIssueBody", repoName, (repo) =>
      updateIssue(this.core, repo, requireIssue(repo, number), this.login, { body }),
    );
  }

  /** Deletes the text of one revision (by its id) from an issue body's edit history, as GitHub's UI lets people with write access. */
  deleteBodyRevision(repoName: string, number: number, revisionId: number): void {
    this.run("deleteBodyRevision", repoName, (repo) =>
      deleteRevision(this.core, requireIssue(repo, number), this.login, revisionId),
    );
  }

  editIssue(
    repoName: string,
    number: number,
    input: { title?: string; body?: string; milestone?: number | null; assignees?: string[] },
  ): void {
    this.run("editIssue", repoName, (repo) =>
      updateIssue(this.core, repo, requireIssue(repo, number), this.login, input),
    );
  }

  closeIssue(repoName: string, number: number, reason: "completed" | "not_planned" = "completed"): void {
    this.run("closeIssue", repoName, (repo) =>
      updateIssue(this.core, repo, requireIssue(repo, number), this.login, { state: "closed", state_reason: reason }),
    );
  }

  deleteIssue(repoName: string, number: number): void {
    this.run("deleteIssue", repoName, (repo) => deleteIssue(this.core, repo, requireIssue(repo, number), this.login));
  }

  reopenIssue(repoName: string, number: number): void {
    this.run("reopenIssue", repoName, (repo) =>
      updateIssue(this.core, repo, requireIssue(repo, number), this.login, { state: "open" }),
    );
  }

  /** Creates a milestone (milestone.created); returns its number. */
  createMilestone(repoName: string, title: string, opts: { description?: string; dueOn?: string } = {}): number {
    return this.run("createMilestone", repoName, (repo) => openMilestone(this.core, repo, this.login, title, opts));
  }

  closeMilestone(repoName: string, number: number): void {
    this.run("closeMilestone", repoName, (repo) => closeMilestone(this.core, repo, this.login, number));
  }

  /**
   * Pushes one commit to a branch (created from the default branch if missing); emits push (and create).
   * Returns the sha. Branch protection and rulesets apply, as to `git push` (422, GitHub's text).
   */
  pushCommit(
    repoName: string,
    branch: string,
    input: { message: string; files?: Record<string, string | null> },
  ): string {
    return this.run("pushCommit", repoName, (repo) => pushCommit(this.core, repo, this.login, branch, input));
  }

  /** Creates a branch at a ref or sha (push + create events). */
  createBranch(repoName: string, branch: string, from?: string): string {
    return this.run("createBranch", repoName, (repo) => createBranch(this.core, repo, this.login, branch, from));
  }

  /** Force-moves (or with null deletes) a ref, as `git push --force` would; branch protection and rulesets apply. */
  forcePush(repoName: string, ref: string, sha: string | null): void {
    this.run("forcePush", repoName, (repo) => forcePush(this.core, repo, this.login, ref, sha));
  }

  createPullRequest(
    repoName: string,
    input: { head: string; base?: string; title: string; body?: string; draft?: boolean },
  ): number {
    return this.run("createPullRequest", repoName, (repo) => openPullRequest(this.core, repo, this.login, input));
  }

  mergePullRequest(repoName: string, number: number, input: MergeInput = {}): string {
    return this.run("mergePullRequest", repoName, (repo) => mergePull(this.core, repo, number, this.login, input).sha);
  }

  review(repoName: string, number: number, state: ReviewState, body = ""): number {
    return this.run(
      "review",
      repoName,
      (repo) => submitReview(this.core, repo, number, this.login, { state, body }).id,
    );
  }

  /**
   * "Review deployments" on the workflow run answering deployment `deploymentId`: approves
   * or rejects its job waiting on the deployment's environment (a required reviewer only).
   */
  reviewDeployment(repoName: string, deploymentId: number, state: "approved" | "rejected", comment = ""): void {
    this.run("reviewDeployment", repoName, (repo) =>
      reviewDeployment(this.core, repo, this.login, deploymentId, { state, comment }),
    );
  }

  /**
   * Creates a check run as the CI app (slug "ci" unless `app` given): check_run.created,
   * plus check_run.completed / check_suite.completed when a conclusion is given.
   */
  createCheckRun(
    repoName: string,
    sha: string,
    name: string,
    conclusionOrOpts:
      | CheckConclusion
      | { status?: CheckStatus; conclusion?: CheckConclusion; app?: string; detailsUrl?: string } = {},
  ): number {
    const opts = typeof conclusionOrOpts === "string" ? { conclusion: conclusionOrOpts } : conclusionOrOpts;
    return this.run("createCheckRun", repoName, (repo) =>
      startCheckRun(this.core, repo, this.seeder.ciApp(opts.app), this.login, { sha, name }, opts),
    );
  }

  /** Completes the latest CI check run with that name on the commit (creating it if needed). */
  completeCheckRun(
    repoName: string,
    sha: string,
    name: string,
    conclusion: CheckConclusion,
    opts: { app?: string } = {},
  ): number {
    return this.run("completeCheckRun", repoName, (repo) =>
      completeCheckRun(this.core, repo, this.seeder.ciApp(opts.app), this.login, { sha, name }, conclusion),
    );
  }

  /** "Merge when ready": adds a pull request to its base branch's merge queue, as a person does on the PR page. */
  enqueue(repoName: string, number: number): void {
    this.run("enqueue", repoName, (repo) => enqueue(this.core, repo, number, this.login, null));
  }

  /** Takes a pull request out of the merge queue (`dequeuePullRequest`), as a person does from the queue page. */
  dequeue(repoName: string, number: number, reason = "removed by a person"): void {
    this.run("dequeue", repoName, (repo) => removeFromQueue(this.core, repo, number, this.login, reason));
  }

  /** Sets a commit status (status event). */
  setStatus(
    repoName: string,
    sha: string,
    context: string,
    state: StatusState,
    opts: { description?: string; targetUrl?: string } = {},
  ): number {
    return this.run("setStatus", repoName, (repo) =>
      setStatus(this.core, repo, this.login, { sha, context, state }, opts),
    );
  }

  /** Creates a deployment (deployment.created), as a person or CD tool would; the deployer picks it up. Returns its id. */
  createDeployment(repoName: string, input: CreateDeploymentInput & { ref: string }): number {
    return this.run("createDeployment", repoName, (repo) => createDeployment(this.core, repo, this.login, input).id);
  }

  /** Adds a deployment status (deployment_status.created), as a deploy system would. */
  createDeploymentStatus(
    repoName: string,
    deploymentId: number,
    state: string,
    opts: Omit<DeploymentStatusInput, "state"> = {},
  ): number {
    return this.run("createDeploymentStatus", repoName, (repo) =>
      addDeploymentStatus(this.core, repo, this.login, deploymentId, { ...opts, state }),
    );
  }
}
