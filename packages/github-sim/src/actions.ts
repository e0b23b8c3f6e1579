import type { SimCore } from "./core.js";
import { ApiError } from "./errors.js";
import { createCheckRun, createStatus, updateCheckRun } from "./ops/checks.js";
import {
  createDeployment,
  createDeploymentStatus,
  type CreateDeploymentInput,
  type DeploymentStatusInput,
} from "./ops/deployments.js";
import { reviewPending } from "./ops/environments.js";
import { commitOnBranch, refChange, setRef } from "./ops/git.js";
import { assertPushAllowed } from "./ops/protection.js";
import {
  addLabels,
  addReaction,
  createComment,
  createIssue,
  createMilestone,
  deleteComment,
  deleteIssue,
  deleteRevision,
  editComment,
  removeLabel,
  requireIssue,
  updateIssue,
  updateMilestone,
} from "./ops/issues.js";
import { createPull, mergePull, submitReview, type MergeInput } from "./ops/pulls.js";
import { enqueue, removeFromQueue } from "./ops/merge-queue.js";
import type { RequestLog } from "./recorder.js";
import type { Seeder } from "./seed.js";
import type { CheckConclusion, CheckStatus, Repo, ReviewState, StatusState } from "./store/types.js";

/**
 * Things a human (or another integration) does on GitHub. Each emits the
 * webhooks GitHub would, with `sender` = that user, and is recorded in
 * `sim.userActions` (kind "user"). Failures throw the same ApiError the REST
 * API would answer with.
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
    return this.run(
      "createIssue",
      input.repo,
      (repo) =>
        createIssue(this.core, repo, this.login, {
          title: input.title,
          body: input.body ?? null,
          labels: input.labels ?? [],
          milestone: input.milestone ?? null,
        }).number,
    );
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
    this.run("editComment", repoName, (repo) => {
      const c = this.core.store.comment(repo, id);
      if (!c) throw new ApiError(404, "Not Found");
      editComment(this.core, repo, c, this.login, body);
    });
  }

  deleteComment(repoName: string, id: number): void {
    this.run("deleteComment", repoName, (repo) => {
      const c = this.core.store.comment(repo, id);
      if (!c) throw new ApiError(404, "Not Found");
      deleteComment(this.core, repo, c, this.login);
    });
  }

  react(repoName: string, commentId: number, content: string): void {
    this.run("react", repoName, (repo) => {
      const c = this.core.store.comment(repo, commentId);
      if (!c) throw new ApiError(404, "Not Found");
      addReaction(this.core, c.reactions, this.login, content);
    });
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
    return this.run(
      "createMilestone",
      repoName,
      (repo) =>
        createMilestone(this.core, repo, this.login, {
          title,
          ...(opts.description !== undefined ? { description: opts.description } : {}),
          ...(opts.dueOn !== undefined ? { due_on: opts.dueOn } : {}),
        }).number,
    );
  }

  closeMilestone(repoName: string, number: number): void {
    this.run("closeMilestone", repoName, (repo) => {
      const m = repo.milestones.get(number);
      if (!m) throw new ApiError(404, "Not Found");
      updateMilestone(this.core, repo, m, this.login, { state: "closed" });
    });
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
    return this.run(
      "pushCommit",
      repoName,
      (repo) =>
        commitOnBranch(this.core, repo, branch, {
          message: input.message,
          files: input.files ?? {},
          actor: this.login,
          guard: { appId: null },
        }).sha,
    );
  }

  /** Creates a branch at a ref or sha (push + create events). */
  createBranch(repoName: string, branch: string, from?: string): string {
    return this.run("createBranch", repoName, (repo) => {
      const sha = repo.git.resolveCommit(from ?? repo.defaultBranch);
      if (!sha) throw new ApiError(422, "Object does not exist");
      if (repo.git.refs.has(`refs/heads/${branch}`)) throw new ApiError(422, "Reference already exists");
      setRef(this.core, repo, `refs/heads/${branch}`, sha, this.login);
      return sha;
    });
  }

  /** Force-moves (or with null deletes) a ref, as `git push --force` would; branch protection and rulesets apply. */
  forcePush(repoName: string, ref: string, sha: string | null): void {
    this.run("forcePush", repoName, (repo) => {
      const full = ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;
      const current = repo.git.refs.get(full);
      if (current !== sha)
        assertPushAllowed(this.core, repo, full, this.login, null, refChange(repo, current, sha), sha);
      setRef(this.core, repo, full, sha, this.login);
    });
  }

  createPullRequest(
    repoName: string,
    input: { head: string; base?: string; title: string; body?: string; draft?: boolean },
  ): number {
    return this.run(
      "createPullRequest",
      repoName,
      (repo) =>
        createPull(this.core, repo, this.login, {
          head: input.head,
          base: input.base ?? repo.defaultBranch,
          title: input.title,
          body: input.body ?? null,
          draft: input.draft ?? false,
        }).pr.number,
    );
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
    this.run("reviewDeployment", repoName, (repo) => {
      const pending = repo.environments.pending.find((p) => p.deploymentId === deploymentId && !p.settled);
      if (!pending) throw new ApiError(422, `Deployment ${deploymentId} is not waiting for review`);
      reviewPending(this.core, repo, pending.runId, this.login, {
        environment_ids: [pending.environmentId],
        state,
        comment,
      });
    });
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
    return this.run("createCheckRun", repoName, (repo) => {
      const app = this.seeder.ciApp(opts.app);
      return createCheckRun(this.core, repo, app.id, this.login, {
        name,
        head_sha: sha,
        status: opts.status ?? "in_progress",
        ...(opts.conclusion ? { conclusion: opts.conclusion } : {}),
        ...(opts.detailsUrl ? { details_url: opts.detailsUrl } : {}),
      }).id;
    });
  }

  /** Completes the latest CI check run with that name on the commit (creating it if needed). */
  completeCheckRun(
    repoName: string,
    sha: string,
    name: string,
    conclusion: CheckConclusion,
    opts: { app?: string } = {},
  ): number {
    return this.run("completeCheckRun", repoName, (repo) => {
      const app = this.seeder.ciApp(opts.app);
      const full = repo.git.resolveCommit(sha) ?? sha;
      const run = [...repo.checkRuns]
        .reverse()
        .find((r) => r.appId === app.id && r.headSha === full && r.name === name);
      if (!run)
        return createCheckRun(this.core, repo, app.id, this.login, {
          name,
          head_sha: full,
          status: "completed",
          conclusion,
        }).id;
      updateCheckRun(this.core, repo, run, this.login, { status: "completed", conclusion });
      return run.id;
    });
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
    return this.run(
      "setStatus",
      repoName,
      (repo) =>
        createStatus(this.core, repo, sha, this.login, {
          state,
          context,
          ...(opts.description !== undefined ? { description: opts.description } : {}),
          ...(opts.targetUrl !== undefined ? { target_url: opts.targetUrl } : {}),
        }).id,
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
    return this.run("createDeploymentStatus", repoName, (repo) => {
      const d = repo.deployments.find((x) => x.id === deploymentId);
      if (!d) throw new ApiError(404, "Not Found");
      return createDeploymentStatus(this.core, repo, d, this.login, { ...opts, state }).id;
    });
  }
}
