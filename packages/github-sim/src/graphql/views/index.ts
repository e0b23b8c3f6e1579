// Every view, with the table through which they reach each other filled in.
import * as actors from "./actors.js";
import * as checks from "./checks.js";
import * as comments from "./comments.js";
import * as deployments from "./deployments.js";
import * as git from "./git.js";
import * as issues from "./issues.js";
import * as labels from "./labels.js";
import * as milestones from "./milestones.js";
import * as protection from "./protection.js";
import * as refs from "./refs.js";
import * as repo from "./repo.js";
import * as timeline from "./timeline.js";
import { views } from "./table.js";

Object.assign(
  views,
  actors,
  checks,
  comments,
  deployments,
  git,
  issues,
  labels,
  milestones,
  protection,
  refs,
  repo,
  timeline,
);

export * from "./actors.js";
export * from "./checks.js";
export * from "./comments.js";
export * from "./deployments.js";
export * from "./git.js";
export * from "./issues.js";
export * from "./labels.js";
export * from "./milestones.js";
export * from "./protection.js";
export * from "./refs.js";
export * from "./repo.js";
export * from "./timeline.js";
