// Who leads a team, for mentions: the config's `leads` plus the maintainers of its
// GitHub team. Cached for a few minutes; membership checks for authorization do not
// use this list (they ask GitHub about the person, see memberships.ts).
import type { TrainConfig } from "../config/schema.js";
import { httpStatus, type Octokit } from "./octokit.js";

const TTL_MS = 10 * 60_000;

export class TeamLeads {
  private readonly cache = new Map<string, { logins: string[]; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(
    octokit: Octokit,
    org: string,
    config: TrainConfig,
    teams: string[],
    into: Record<string, string[]>,
  ): Promise<void> {
    for (const team of teams) {
      const listed = config.teams[team]?.leads ?? [];
      const slug = config.teams[team]?.slug;
      const maintainers = slug ? await this.maintainers(octokit, org, slug) : [];
      into[team] = [...new Set([...listed, ...maintainers])];
    }
  }

  private async maintainers(octokit: Octokit, org: string, slug: string): Promise<string[]> {
    const key = `${org}/${slug}`.toLowerCase();
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.logins;
    let logins: string[] = [];
    try {
      const members = await octokit.paginate(octokit.rest.teams.listMembersInOrg, {
        org,
        team_slug: slug,
        role: "maintainer",
        per_page: 100,
      });
      logins = members.map((m) => m.login);
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
    this.cache.set(key, { logins, at: this.now() });
    return logins;
  }
}
