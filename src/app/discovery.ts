// Finds the open tracking issues in every installation's orchestration repository: at
// start-up, and to repair a missed label event.
import type { Probot } from "probot";
import type { Octokit } from "../github/octokit.js";
import type { TrainHints } from "./hints.js";
import type { AppOptions } from "./options.js";

/** Hints every open tracking issue's train; an installation without the repository is skipped. */
export function discovery(app: Probot, options: AppOptions, hints: TrainHints): () => Promise<void> {
  return async () => {
    const appOctokit = (await app.auth()) as Octokit;
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
    for (const installation of installations) {
      const owner = installation.account && "login" in installation.account ? installation.account.login : null;
      if (!owner) continue;
      const octokit = (await app.auth(installation.id)) as Octokit;
      try {
        const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
          owner,
          repo: options.orchestrationRepo,
          state: "open",
          labels: options.defaultLabel,
          per_page: 100,
        });
        for (const issue of issues)
          hints.hintTrain({
            owner,
            repo: options.orchestrationRepo,
            issueNumber: issue.number,
            installationId: installation.id,
          });
      } catch (error) {
        app.log.debug({ owner, err: error }, "no orchestration repository in this installation");
      }
    }
  };
}
