// The app's own login ("slug[bot]"), asked of GitHub once: the app tells its own edits
// and comments from people's by it.
import type { Probot } from "probot";
import type { Octokit } from "../github/octokit.js";

/** A lookup of the bot's login, remembered once it succeeds. */
export function botLogin(app: Probot): () => Promise<string> {
  let login: Promise<string> | null = null;
  return () =>
    (login ??= app
      .auth()
      .then(async (octokit) => {
        const { data } = await (octokit as Octokit).rest.apps.getAuthenticated();
        return `${data?.slug ?? "release-train"}[bot]`;
      })
      .catch((error: unknown) => {
        // A failed lookup (a 5xx, a rate limit) is asked again next time, not remembered.
        login = null;
        throw error;
      }));
}
