import { registerGraphql } from "./graphql/route.js";
import { Router } from "./http/router.js";
import { registerApps } from "./rest/apps.js";
import { registerChecks } from "./rest/checks.js";
import { registerCodeScanning } from "./rest/codescanning.js";
import { registerCommitGet, registerCommits } from "./rest/commits.js";
import { registerContents } from "./rest/contents.js";
import { registerDeployments } from "./rest/deployments.js";
import { registerEnvironments } from "./rest/environments.js";
import { registerGit } from "./rest/git.js";
import { registerIssues } from "./rest/issues.js";
import { registerLabels } from "./rest/labels.js";
import { registerProtection } from "./rest/protection.js";
import { registerPulls } from "./rest/pulls.js";
import { registerReactions } from "./rest/reactions.js";
import { registerReleaseAssets } from "./rest/release-assets.js";
import { registerRepos } from "./rest/repos.js";
import { registerTeams } from "./rest/teams.js";

/** Every REST route and the GraphQL endpoint, registered in this order. */
export function createRouter(): Router {
  const router = new Router();
  registerApps(router);
  registerProtection(router);
  registerRepos(router);
  registerContents(router);
  registerGit(router);
  registerCommits(router);
  registerChecks(router);
  registerCommitGet(router);
  registerIssues(router);
  registerLabels(router);
  registerReactions(router);
  registerPulls(router);
  registerTeams(router);
  registerDeployments(router);
  registerEnvironments(router);
  registerReleaseAssets(router);
  registerCodeScanning(router);
  registerGraphql(router);
  return router;
}
