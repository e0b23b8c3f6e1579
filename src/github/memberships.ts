// Team membership answers from GitHub (never from comment text), cached briefly so a
// reconcile asks each (team, user) once and a burst of reconciles does not repeat it.
import type { TrainConfig } from "../config/schema.js";
import type { MembershipQuery } from "../train/authz.js";
import { membershipKey, type Memberships, type TeamRole } from "../train/model/observation.js";
import { httpStatus, type Octokit } from "./octokit.js";

const TTL_MS = 60_000;

export class MembershipCache {
  private readonly cache = new Map<string, { role: TeamRole; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async fetch(
    octokit: Octokit,
    org: string,
    config: TrainConfig,
    queries: MembershipQuery[],
    into: Memberships,
  ): Promise<void> {
    for (const { teamKey, login } of queries) {
      const slug = config.teams[teamKey]?.slug;
      const key = membershipKey(teamKey, login);
      if (!slug) {
        into[key] = null;
        continue;
      }
      const cacheKey = `${org}/${slug}/${login}`.toLowerCase();
      const hit = this.cache.get(cacheKey);
      if (hit && this.now() - hit.at < TTL_MS) {
        into[key] = hit.role;
        continue;
      }
      const role = await this.ask(octokit, org, slug, login);
      this.cache.set(cacheKey, { role, at: this.now() });
      into[key] = role;
    }
  }

  private async ask(octokit: Octokit, org: string, slug: string, login: string): Promise<TeamRole> {
    try {
      const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
      if (data.state !== "active") return null;
      return data.role === "maintainer" ? "maintainer" : "member";
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  }

  clear(): void {
    this.cache.clear();
  }
}
