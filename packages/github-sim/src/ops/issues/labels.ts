import type { SimCore } from "../../core.js";
import { ApiError, missingField, validationFailed } from "../../errors.js";
import * as S from "../../serialize/index.js";
import type { Issue, Label, Repo } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";
import { emitIssueEvent, recordEvent } from "./events.js";

export function createLabel(
  core: SimCore,
  repo: Repo,
  actor: string,
  input: { name: string; color?: string; description?: string | null },
  emit = true,
): Label {
  if (!input.name) throw missingField("name");
  if (repo.labels.has(input.name.toLowerCase())) {
    throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
  }
  const id = core.store.ids.take("label");
  const label: Label = {
    id,
    nodeId: nodeId("LA", id),
    name: input.name,
    color: (input.color ?? "ededed").replace(/^#/, ""),
    description: input.description ?? null,
    default: false,
    createdAt: core.now(),
  };
  repo.labels.set(label.name.toLowerCase(), label);
  if (emit) core.emit("label", repo, actor, { action: "created", label: S.label(core, repo, label) });
  return label;
}

export function ensureLabel(core: SimCore, repo: Repo, actor: string, name: string): Label {
  return repo.labels.get(name.toLowerCase()) ?? createLabel(core, repo, actor, { name });
}

export function addLabels(core: SimCore, repo: Repo, issue: Issue, actor: string, names: string[]): void {
  for (const name of names) {
    const label = ensureLabel(core, repo, actor, name);
    if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue;
    issue.labels.push(label.name);
    issue.updatedAt = core.now();
    recordEvent(core, issue, "LabeledEvent", actor, { label: label.name });
    emitIssueEvent(core, repo, issue, actor, "labeled", { label: S.label(core, repo, label) });
  }
}

export function removeLabel(core: SimCore, repo: Repo, issue: Issue, actor: string, name: string): void {
  const idx = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  const label = repo.labels.get(name.toLowerCase());
  if (idx === -1 || !label) throw new ApiError(404, "Label does not exist");
  issue.labels.splice(idx, 1);
  issue.updatedAt = core.now();
  recordEvent(core, issue, "UnlabeledEvent", actor, { label: label.name });
  emitIssueEvent(core, repo, issue, actor, "unlabeled", { label: S.label(core, repo, label) });
}

export function setLabels(core: SimCore, repo: Repo, issue: Issue, actor: string, names: string[]): void {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const existing of [...issue.labels]) {
    if (!wanted.has(existing.toLowerCase())) removeLabel(core, repo, issue, actor, existing);
  }
  addLabels(core, repo, issue, actor, names);
}
