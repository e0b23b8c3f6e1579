import type * as actors from "./actors.js";
import type * as checks from "./checks.js";
import type * as comments from "./comments.js";
import type * as deployments from "./deployments.js";
import type * as git from "./git.js";
import type * as issues from "./issues.js";
import type * as labels from "./labels.js";
import type * as milestones from "./milestones.js";
import type * as protection from "./protection.js";
import type * as refs from "./refs.js";
import type * as repo from "./repo.js";
import type * as timeline from "./timeline.js";

export type Views = typeof actors &
  typeof checks &
  typeof comments &
  typeof deployments &
  typeof git &
  typeof issues &
  typeof labels &
  typeof milestones &
  typeof protection &
  typeof refs &
  typeof repo &
  typeof timeline;

// The views link to each other as GitHub's object graph does (a commit to its repository, the repository to its
// commits): each reaches the others through this table, filled once by views/index.ts, so no view imports another.
export const views = {} as Views;
