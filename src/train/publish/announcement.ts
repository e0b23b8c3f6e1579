// 7.6 announcement: a comment on the tracking issue mentioning the teams' leads, and a
// discussion when configured.
import { appCommented } from "../app-comments.js";
import { commentMarker } from "../state.js";
import { pending, type PublishInput, type Publishing } from "./input.js";

/** Announces once the archive is complete; true when the comment (and the discussion, or why none) is there. */
export function announce(p: Publishing, releaseUrl: string | null, archived: boolean): boolean {
  const { input, final, result, held, orchestration } = p;
  const { config, observation, version } = input;
  const announceKey = `announce-${version.tag}`;
  const commented = appCommented(observation, announceKey);
  const category = config.announce
    ? final.orchestration.categories.find(
        (c) => c.name.toLowerCase() === config.announce!.discussionCategory.toLowerCase(),
      )
    : undefined;
  const discussed =
    !config.announce || final.orchestration.discussions.some((d) => d.body.includes(commentMarker(announceKey)));
  const announcement = announcementText(input, releaseUrl);
  if (archived && !held) {
    if (!commented) result.teams = [...new Set(config.signoff)];
    if (!commented) {
      const leads = [...new Set(result.teams.flatMap((t) => observation.teamLeads[t] ?? []))]
        .map((l) => `@${l}`)
        .join(" ");
      result.actions.push({
        kind: "comment",
        key: announceKey,
        body: `${commentMarker(announceKey)}\n${announcement}${leads ? `\n\n${leads}` : ""}`,
      });
    }
    if (!discussed && category)
      result.actions.push({
        kind: "createDiscussion",
        repositoryId: final.orchestration.id,
        categoryId: category.id,
        title: `Released: ${version.tag}`,
        body: `${commentMarker(announceKey)}\n${announcement}`,
      });
  }
  const noCategory =
    config.announce && !category
      ? `no discussion category "${config.announce.discussionCategory}" in ${orchestration}`
      : null;
  const announced = commented && (discussed || Boolean(noCategory));
  result.steps["7.6"] = announced
    ? { status: noCategory ? "failed" : "done", ...(noCategory ? { detail: noCategory } : {}) }
    : archived
      ? { status: "running" }
      : pending("after the archive");
  return announced;
}

function announcementText(input: PublishInput, releaseUrl: string | null): string {
  const { plan, version } = input;
  const where = input.withoutProduction
    ? "are released as a pre-release (deployed to staging, not to production)"
    : "are live in production";
  return [
    `## 🎉 ${version.tag} is released`,
    "",
    `${plan.repos.length} repositories ${where} with ${version.tag}.${releaseUrl ? ` Release notes: ${releaseUrl}` : ""}`,
  ].join("\n");
}
