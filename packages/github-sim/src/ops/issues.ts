// Issues and what hangs off them: labels, comments, milestones, reactions and body revisions.
export { requireIssue } from "./issues/require-issue.js";
export { createIssue, type CreateIssueInput } from "./issues/create.js";
export { updateIssue, type UpdateIssueInput } from "./issues/update.js";
export { deleteIssue } from "./issues/delete.js";
export { deleteRevision } from "./issues/edits.js";
export { addLabels, createLabel, removeLabel, setLabels } from "./issues/labels.js";
export { createComment, deleteComment, editComment } from "./issues/comments.js";
export { createMilestone, updateMilestone } from "./issues/milestones.js";
export { addReaction, REACTIONS } from "./issues/reactions.js";
