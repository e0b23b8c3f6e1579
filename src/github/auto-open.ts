// `autoOpen: true`: a milestone created with a semver title in the orchestration
// repository opens its tracking issue. Guarded: if an open issue with the train label
// already carries the milestone, nothing is created.
import { loadConfig } from "../config/load.js";
import { DEFAULT_CONFIG_PATH } from "../config/parse.js";
import { versionFromIssue } from "../train/version.js";
import type { Octokit } from "./octokit.js";
import { CONFIG_FILE } from "./queries.js";

export interface MilestoneEvent {
  owner: string;
  repo: string;
  milestone: { number: number; title: string };
}

export type AutoOpenOutcome = "opened" | "disabled" | "not-a-version" | "exists" | "invalid-config";

export async function autoOpenTrain(
  octokit: Octokit,
  event: MilestoneEvent,
  configPath = DEFAULT_CONFIG_PATH,
): Promise<AutoOpenOutcome> {
  const read = async (owner: string, repo: string, path: string) => {
    const data = await octokit.graphql<{ repository: { object: { text: string } | null } | null }>(CONFIG_FILE, {
      owner,
      repo,
      expr: `HEAD:${path}`,
    });
    return data.repository?.object?.text ?? null;
  };
  const loaded = await loadConfig(
    await read(event.owner, event.repo, configPath),
    { owner: event.owner, repo: event.repo, path: configPath },
    read,
  );
  if (!loaded.result.ok) return "invalid-config";
  const config = loaded.result.config;
  if (!config.autoOpen) return "disabled";
  const version = versionFromIssue({ milestoneTitle: event.milestone.title, issueTitle: "" });
  if (!version.ok) return "not-a-version";
  const existing = await octokit.rest.issues.listForRepo({
    owner: event.owner,
    repo: event.repo,
    milestone: String(event.milestone.number),
    labels: config.label,
    state: "open",
    per_page: 1,
  });
  if (existing.data.length > 0) return "exists";
  await octokit.rest.issues.create({
    owner: event.owner,
    repo: event.repo,
    title: `Release ${version.tag}`,
    body: `Release train for milestone **${event.milestone.title}**, opened automatically (\`autoOpen: true\`).`,
    milestone: event.milestone.number,
    labels: [config.label],
  });
  return "opened";
}
