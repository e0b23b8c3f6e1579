import type { SimCore } from "../../core.js";
import { missingField, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Milestone, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";

export function createMilestone(
  core: SimCore,
  repo: Repo,
  actor: string,
  input: { title: string; state?: "open" | "closed"; description?: string | null; due_on?: string | null },
): Milestone {
  if (!input.title) throw missingField("title");
  for (const m of repo.milestones.values()) {
    if (m.title === input.title)
      throw validationFailed([{ resource: "Milestone", code: "already_exists", field: "title" }]);
  }
  const now = core.now();
  const id = core.store.ids.take("milestone");
  const m: Milestone = {
    id,
    nodeId: nodeId("MI", id),
    number: repo.nextMilestoneNumber++,
    title: input.title,
    description: input.description ?? null,
    state: input.state ?? "open",
    creator: actor,
    dueOn: input.due_on ?? null,
    createdAt: now,
    updatedAt: now,
    closedAt: input.state === "closed" ? now : null,
  };
  repo.milestones.set(m.number, m);
  core.emit("milestone", repo, actor, { action: "created", milestone: S.milestone(core, repo, m) });
  return m;
}

export function updateMilestone(
  core: SimCore,
  repo: Repo,
  m: Milestone,
  actor: string,
  input: { title?: string; state?: "open" | "closed"; description?: string | null; due_on?: string | null },
): Milestone {
  const now = core.now();
  const changes: Record<string, { from: unknown }> = {};
  if (input.title !== undefined && input.title !== m.title) {
    changes["title"] = { from: m.title };
    m.title = input.title;
  }
  if (input.description !== undefined && input.description !== m.description) {
    changes["description"] = { from: m.description };
    m.description = input.description;
  }
  if (input.due_on !== undefined && input.due_on !== m.dueOn) {
    changes["due_on"] = { from: m.dueOn };
    m.dueOn = input.due_on;
  }
  if (Object.keys(changes).length) {
    m.updatedAt = now;
    core.emit("milestone", repo, actor, { action: "edited", changes, milestone: S.milestone(core, repo, m) });
  }
  if (input.state !== undefined && input.state !== m.state) {
    m.state = input.state;
    m.updatedAt = now;
    m.closedAt = input.state === "closed" ? now : null;
    core.emit("milestone", repo, actor, {
      action: input.state === "closed" ? "closed" : "opened",
      milestone: S.milestone(core, repo, m),
    });
  }
  return m;
}
