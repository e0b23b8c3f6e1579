// Rulesets that apply to a repository's default branch and to the train's release branch
// (GET /repos/{o}/{r}/rules/branches/{branch}: metadata read, the branch need not exist).
// For rules that would stop the train, the ruleset itself says whether the app bypasses
// it (current_user_can_bypass). Read before Phase 1 (precondition P9), cached briefly.
import type { BranchRuleObservation, BranchRulesObservation } from "../train/model/repo-observation.js";
import type { Octokit } from "./octokit.js";
import { repoParams } from "./repo-params.js";

const CACHE_MS = 5 * 60_000;
const CACHE_LIMIT = 5000;
/** Rule types that can stop the train where they apply; only for these is the ruleset read. */
const BLOCKING = new Set([
  "creation",
  "update",
  "pull_request",
  "required_status_checks",
  "merge_queue",
  "required_linear_history",
]);

interface RuleJson {
  type: string;
  parameters?: Record<string, unknown>;
  ruleset_id: number;
}

export class BranchRulesReader {
  private readonly cache = new Map<string, { at: number; rules: BranchRulesObservation }>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(
    octokit: Octokit,
    fullName: string,
    defaultBranch: string,
    releaseBranch: string,
  ): Promise<BranchRulesObservation> {
    const key = `${fullName}:${defaultBranch}:${releaseBranch}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.rules;
    const { owner, repo } = repoParams(fullName);
    const rulesets = new Map<number, { name: string; bypass: boolean }>();
    const branchRules = async (branch: string): Promise<BranchRuleObservation[]> => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
        owner,
        repo,
        branch,
        per_page: 100,
      });
      const out: BranchRuleObservation[] = [];
      for (const rule of data as RuleJson[]) {
        let meta = rulesets.get(rule.ruleset_id);
        if (!meta && BLOCKING.has(rule.type)) {
          const { data: rs } = await octokit.request("GET /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
            owner,
            repo,
            ruleset_id: rule.ruleset_id,
          });
          meta = { name: String(rs.name), bypass: rs.current_user_can_bypass === "always" };
          rulesets.set(rule.ruleset_id, meta);
        }
        out.push({
          type: rule.type,
          parameters: rule.parameters ?? {},
          rulesetId: rule.ruleset_id,
          rulesetName: meta?.name ?? `#${rule.ruleset_id}`,
          bypass: meta?.bypass ?? false,
        });
      }
      return out;
    };
    const rules = { defaultBranch: await branchRules(defaultBranch), releaseBranch: await branchRules(releaseBranch) };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at: this.now(), rules });
    return rules;
  }
}
