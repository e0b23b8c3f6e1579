import type { SimCore } from "../../core.js";
import { notFound } from "../../errors.js";
import type { BodyEdit, Issue } from "../../store/types.js";
import { nodeId } from "../../util/ids.js";

function revision(core: SimCore, editor: string, editedAt: string, body: string): BodyEdit {
  const id = core.store.ids.take("edit");
  return { id, nodeId: nodeId("UCE", id), editor, editedAt, body, deletedAt: null, deletedBy: null };
}

/** GitHub keeps every revision of a body; the first edit also records the text as it was created. */
export function recordEdit(core: SimCore, issue: Issue, actor: string, previous: string): void {
  if (issue.edits.length === 0) issue.edits.push(revision(core, issue.user, issue.createdAt, previous));
  issue.edits.push(revision(core, actor, core.now(), issue.body ?? ""));
}

/** Deletes a revision's text from the edit history (anyone with write access can, in GitHub's UI); the entry stays. */
export function deleteRevision(core: SimCore, issue: Issue, actor: string, revisionId: number): void {
  const edit = issue.edits.find((e) => e.id === revisionId && e.deletedAt === null);
  if (!edit) throw notFound();
  edit.body = null;
  edit.deletedAt = core.now();
  edit.deletedBy = actor;
}
