// Writes about commits' checks and deployments: the app's own commit statuses, re-runs
// of failed check suites, and the deployments the rollout creates.
import type { Octokit } from "../octokit.js";
import { repoParams } from "../repo-params.js";
import type { ActionOf } from "./action-of.js";

export async function setStatus(octokit: Octokit, action: ActionOf<"setStatus">): Promise<void> {
  await octokit.rest.repos.createCommitStatus({
    ...repoParams(action.repo),
    sha: action.sha,
    state: action.state,
    context: action.context,
    description: action.description.slice(0, 140),
    target_url: action.targetUrl,
  });
}

export async function rerequestCheckSuite(octokit: Octokit, action: ActionOf<"rerequestCheckSuite">): Promise<void> {
  await octokit.rest.checks.rerequestSuite({ ...repoParams(action.repo), check_suite_id: action.suiteId });
}

export async function createDeployment(octokit: Octokit, action: ActionOf<"createDeployment">): Promise<void> {
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
}
