// Classic branch protection, repository administrators and rulesets, seeded.
import type { SimCore } from "../core.js";
import { parseProtection, parseRuleset } from "../rest/protection.js";
import { seedUser } from "./accounts.js";

export function seedProtectBranch(
  core: SimCore,
  repoName: string,
  branch: string,
  body: Record<string, unknown>,
): void {
  const repo = core.store.requireRepo(repoName);
  repo.protection.classic.set(
    branch,
    parseProtection(branch, {
      required_status_checks: null,
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
      ...body,
    }),
  );
}

export function seedRepoAdmin(core: SimCore, repoName: string, login: string): void {
  seedUser(core, login);
  core.store.requireRepo(repoName).protection.admins.add(login);
}

export function seedRuleset(core: SimCore, repoName: string, body: Record<string, unknown>): number {
  const repo = core.store.requireRepo(repoName);
  const ruleset = parseRuleset({ enforcement: "active", ...body }, core.store.ids.take("ruleset"), core.now());
  repo.protection.rulesets.push(ruleset);
  return ruleset.id;
}
