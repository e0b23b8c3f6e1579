// Labels, milestones, issues with their comments, and discussion categories, seeded.
import type { SimCore } from "../core.js";
import { createComment, createIssue, createLabel, createMilestone, updateIssue } from "../ops/issues.js";
import type { Label } from "../store/types.js";
import { nodeId } from "../util/ids.js";

export interface SeedIssueInput {
  title: string;
  body?: string;
  author?: string;
  labels?: string[];
  milestone?: number;
  assignees?: string[];
  state?: "open" | "closed";
  comments?: { author: string; body: string }[];
}

export interface SeedMilestoneOptions {
  description?: string;
  state?: "open" | "closed";
  dueOn?: string;
  author?: string;
}

export interface SeedDiscussionCategoryOptions {
  emoji?: string;
  description?: string;
  isAnswerable?: boolean;
}

export function seedLabel(
  core: SimCore,
  repoName: string,
  name: string,
  opts: { color?: string; description?: string } = {},
): Label {
  const repo = core.store.requireRepo(repoName);
  return core.silently(() => createLabel(core, repo, repo.owner, { name, ...opts }));
}

export function seedMilestone(core: SimCore, repoName: string, title: string, opts: SeedMilestoneOptions = {}): number {
  const repo = core.store.requireRepo(repoName);
  return core.silently(
    () =>
      createMilestone(core, repo, opts.author ?? repo.owner, {
        title,
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.state !== undefined ? { state: opts.state } : {}),
        ...(opts.dueOn !== undefined ? { due_on: opts.dueOn } : {}),
      }).number,
  );
}

export function seedIssue(core: SimCore, repoName: string, input: SeedIssueInput): number {
  const repo = core.store.requireRepo(repoName);
  const author = input.author ?? repo.owner;
  core.store.ensureAccount(author, "User");
  return core.silently(() => {
    const i = createIssue(core, repo, author, {
      title: input.title,
      body: input.body ?? null,
      labels: input.labels ?? [],
      milestone: input.milestone ?? null,
      assignees: input.assignees ?? [],
    });
    for (const c of input.comments ?? []) {
      core.store.ensureAccount(c.author, "User");
      createComment(core, repo, i, c.author, c.body);
    }
    if (input.state === "closed") updateIssue(core, repo, i, author, { state: "closed" });
    return i.number;
  });
}

export function seedComment(
  core: SimCore,
  repoName: string,
  issueNumber: number,
  body: string,
  author?: string,
): number {
  const repo = core.store.requireRepo(repoName);
  const issue = repo.issues.get(issueNumber);
  if (!issue) throw new Error(`[sim] no issue #${issueNumber} in ${repoName}`);
  const who = author ?? repo.owner;
  core.store.ensureAccount(who, "User");
  return core.silently(() => createComment(core, repo, issue, who, body).id);
}

export function seedDiscussionCategory(
  core: SimCore,
  repoName: string,
  name: string,
  opts: SeedDiscussionCategoryOptions = {},
): string {
  const repo = core.store.requireRepo(repoName);
  const id = nodeId("DIC", `${repo.id}:${repo.discussionCategories.length + 1}`);
  repo.discussionCategories.push({
    id,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    emoji: opts.emoji ?? ":speech_balloon:",
    description: opts.description ?? "",
    isAnswerable: opts.isAnswerable ?? false,
  });
  return id;
}
