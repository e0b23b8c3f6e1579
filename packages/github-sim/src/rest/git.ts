import type { Router } from "../http/router.js";
import { registerBlobRoutes } from "./git/blobs.js";
import { registerGitCommitRoutes } from "./git/commits.js";
import { registerRefRoutes } from "./git/refs.js";
import { registerTagObjectRoutes } from "./git/tags.js";
import { registerTreeRoutes } from "./git/trees.js";

/** Git database API: refs, commits, trees, blobs and annotated tags. */
export function registerGit(r: Router): void {
  registerRefRoutes(r);
  registerGitCommitRoutes(r);
  registerTreeRoutes(r);
  registerBlobRoutes(r);
  registerTagObjectRoutes(r);
}
