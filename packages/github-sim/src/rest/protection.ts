// REST: classic branch protection, repository rulesets, the rules that apply to a branch,
// and review requests on pull requests.
import type { Router } from "../http/router.js";
import { registerClassicProtectionRoutes } from "./protection/classic.js";
import { registerRulesetRoutes } from "./protection/rulesets.js";
import { registerReviewRequestRoutes } from "./review-requests.js";

export { parseProtection } from "./protection/classic.js";
export { parseRuleset } from "./protection/rulesets.js";

export function registerProtection(r: Router): void {
  registerClassicProtectionRoutes(r);
  registerRulesetRoutes(r);
  registerReviewRequestRoutes(r);
}
