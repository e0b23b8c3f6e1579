// What GitHub enforces from branch protection and rulesets: merges (405 with GitHub's
// message), pushes and ref updates (422), reviewDecision and mergeStateStatus.
export { requirements } from "./protection/rules.js";
export { bypassesRuleset, classicAllowsPush, hasWriteAccess, isAdmin, type Actor } from "./protection/access.js";
export {
  codeOwnersFor,
  latestReviews,
  missingCodeOwners,
  reviewDecision,
  type ReviewDecision,
} from "./protection/reviews.js";
export { requiredCheckState, type CheckVerdict } from "./protection/required-checks.js";
export {
  assertMergeAllowed,
  mergeStateStatus,
  queueViolations,
  type MergeStateStatus,
} from "./protection/merge.js";
export {
  assertPushAllowed,
  pushRefusal,
  rulesetViolation,
  type PushRefusal,
  type RefChange,
} from "./protection/push.js";
