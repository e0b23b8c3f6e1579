// Pull requests: opening, editing, merging (by the API or the merge queue) and reviews.
export { branchOf, createPull, type CreatePullInput } from "./pulls/open.js";
export { updatePull } from "./pulls/edit.js";
export { buildMergeCommit, markMerged, mergePull, type MergeInput } from "./pulls/merge.js";
export { submitReview } from "./pulls/review.js";
