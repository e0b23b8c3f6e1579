// Whom a manual item or a sign-off asks, as GitHub mentions.
import type { ViewInput } from "./view-input.js";

/** Whom to ask for a manual item: the team's listed leads, else the GitHub team. */
export function askWho(input: ViewInput, ownerTeam: string | null): string | undefined {
  if (ownerTeam === null) return undefined;
  if (ownerTeam === "all") return "any team lead";
  return mentionTeam(input, ownerTeam === "orchestration" ? input.config.orchestration : ownerTeam).join(" ");
}

/** A team as mentions: its listed leads, else the GitHub team, else its key. */
export function mentionTeam(input: ViewInput, team: string): string[] {
  const listed = input.config.teams[team]?.leads;
  if (listed?.length) return listed.map((l) => `@${l}`);
  const slug = input.config.teams[team]?.slug;
  return [slug ? `@${input.observation.train.owner}/${slug}` : team];
}
