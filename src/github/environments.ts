// The protection rules of an environment a train deployment waits on (GET
// /repos/{o}/{r}/environments/{name}, Actions read): who can approve, and the wait timer.
// Read only while a deployment waits, cached briefly.
import type { EnvironmentRulesObservation } from "../train/model/repo-observation.js";
import type { Octokit } from "./octokit.js";
import { repoParams } from "./repo-params.js";

const CACHE_MS = 5 * 60_000;
const CACHE_LIMIT = 5000;

interface ProtectionRuleJson {
  type: string;
  wait_timer?: number;
  reviewers?: Array<{ type: string; reviewer?: { login?: string; slug?: string } }>;
}

export class EnvironmentRulesReader {
  private readonly cache = new Map<string, { at: number; rules: EnvironmentRulesObservation }>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(octokit: Octokit, fullName: string, environment: string): Promise<EnvironmentRulesObservation> {
    const key = `${fullName}:${environment}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.rules;
    const { owner, repo } = repoParams(fullName);
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/environments/{environment_name}", {
      owner,
      repo,
      environment_name: environment,
    });
    const rules: EnvironmentRulesObservation = { reviewers: [], waitTimer: 0 };
    for (const rule of (data.protection_rules ?? []) as ProtectionRuleJson[]) {
      if (rule.type === "wait_timer") rules.waitTimer = rule.wait_timer ?? 0;
      if (rule.type === "required_reviewers") {
        for (const r of rule.reviewers ?? []) {
          if (r.type === "User" && r.reviewer?.login) rules.reviewers.push(`@${r.reviewer.login}`);
          if (r.type === "Team" && r.reviewer?.slug) rules.reviewers.push(`@${owner}/${r.reviewer.slug}`);
        }
      }
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at: this.now(), rules });
    return rules;
  }
}
