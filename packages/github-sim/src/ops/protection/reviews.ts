import picomatch from "picomatch";
import type { SimCore } from "../../core.js";
import type { BranchRequirements } from "../../store/protection.js";
import type { PullRequest, Repo, Review } from "../../store/types.js";
import { hasWriteAccess, ownedBy } from "./access.js";
import { requirements } from "./rules.js";

/** Latest approving or change-requesting review per reviewer (stale approvals dropped when the rule says so). */
export function latestReviews(core: SimCore, repo: Repo, pr: PullRequest, dismissStale: boolean): Review[] {
  const latest = new Map<string, Review>();
  for (const r of repo.reviews) {
    if (r.pullNumber !== pr.number || (r.state !== "APPROVED" && r.state !== "CHANGES_REQUESTED")) continue;
    if (!hasWriteAccess(core, repo, r.user)) continue;
    latest.set(r.user.toLowerCase(), r);
  }
  return [...latest.values()].filter((r) => !(dismissStale && r.state === "APPROVED" && r.commitId !== pr.headSha));
}

/** Owners of the files a pull request changes, from the base branch's CODEOWNERS (last match wins). */
export function codeOwnersFor(repo: Repo, pr: PullRequest): string[][] {
  const base = repo.git.commit(repo.git.refs.get(`refs/heads/${pr.baseRef}`) ?? pr.baseSha);
  if (!base) return [];
  const path = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"].find((p) => base.files.has(p));
  if (!path) return [];
  const blob = repo.git.get(base.files.get(path)!) as { content: Buffer } | undefined;
  const rules = (blob?.content.toString("utf8") ?? "")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((l) => {
      const [pattern, ...owners] = l.split(/\s+/);
      const glob = pattern!.startsWith("/") ? pattern!.slice(1) : `**/${pattern}`;
      return {
        match: picomatch(glob.endsWith("/") ? `${glob}**` : glob, { dot: true }),
        owners: owners.map((o) => o.replace(/^@/, "")),
      };
    });
  const mb = repo.git.mergeBase(pr.baseSha, pr.headSha);
  const files = repo.git
    .diff(mb ? repo.git.commit(mb)?.files : undefined, repo.git.commit(pr.headSha)!.files)
    .map((d) => d.filename);
  const sets = new Map<string, string[]>();
  for (const file of files) {
    const rule = [...rules].reverse().find((r) => r.match(file) || r.match(`/${file}`));
    if (rule && rule.owners.length > 0) sets.set(rule.owners.join(" "), rule.owners);
  }
  return [...sets.values()];
}

/** Code-owner sets that have no approval yet. */
export function missingCodeOwners(core: SimCore, repo: Repo, pr: PullRequest, dismissStale: boolean): string[][] {
  const approvers = latestReviews(core, repo, pr, dismissStale)
    .filter((r) => r.state === "APPROVED")
    .map((r) => r.user);
  return codeOwnersFor(repo, pr).filter((owners) => !approvers.some((a) => ownedBy(core, owners, a)));
}

export function reviewViolations(core: SimCore, repo: Repo, pr: PullRequest, req: BranchRequirements): string[] {
  const out: string[] = [];
  const reviews = latestReviews(core, repo, pr, req.dismissStale);
  if (req.approvals > 0 || req.codeOwners) {
    if (reviews.some((r) => r.state === "CHANGES_REQUESTED"))
      out.push("Changes were requested by a reviewer with write access.");
    const approvals = reviews.filter((r) => r.state === "APPROVED").length;
    if (approvals < req.approvals) {
      out.push(
        req.approvals === 1
          ? "At least 1 approving review is required by reviewers with write access."
          : `At least ${req.approvals} approving reviews are required by reviewers with write access.`,
      );
    }
  }
  if (req.codeOwners) {
    for (const owners of missingCodeOwners(core, repo, pr, req.dismissStale))
      out.push(`Waiting on code owner review from ${owners.map((o) => `@${o}`).join(", ")}.`);
  }
  return out;
}

export type ReviewDecision = "APPROVED" | "CHANGES_REQUESTED" | "REVIEW_REQUIRED" | null;

/** GraphQL `reviewDecision`: null when the base branch requires no review. */
export function reviewDecision(core: SimCore, repo: Repo, pr: PullRequest): ReviewDecision {
  const req = requirements(repo, pr.baseRef);
  if (req.approvals === 0 && !req.codeOwners) return null;
  const reviews = latestReviews(core, repo, pr, req.dismissStale);
  if (reviews.some((r) => r.state === "CHANGES_REQUESTED")) return "CHANGES_REQUESTED";
  const approvals = reviews.filter((r) => r.state === "APPROVED").length;
  const owners = req.codeOwners ? missingCodeOwners(core, repo, pr, req.dismissStale) : [];
  return approvals >= req.approvals && owners.length === 0 ? "APPROVED" : "REVIEW_REQUIRED";
}
