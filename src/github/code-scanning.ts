// Open critical code-scanning alerts on a release branch. GitHub answers 403/404 when
// code scanning is off for a repository: that is "not available", not a failure.
// Answers are cached per (repository, head, state of the security checks): a finished
// scan changes the checks, so a new answer is fetched exactly when one can differ.
import type { CodeScanningObservation } from "../train/model/repo-observation.js";
import { httpStatus, type Octokit } from "./octokit.js";
import { repoParams } from "./repo-params.js";

const CACHE_LIMIT = 5000;

export class CodeScanningReader {
  private readonly cache = new Map<string, CodeScanningObservation>();

  async read(
    octokit: Octokit,
    fullName: string,
    branch: string,
    oid: string,
    checksKey: string,
  ): Promise<CodeScanningObservation> {
    const key = `${fullName}@${oid}@${checksKey}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { owner, repo } = repoParams(fullName);
    let result: CodeScanningObservation;
    try {
      const { data } = await octokit.rest.codeScanning.listAlertsForRepo({
        owner,
        repo,
        ref: `refs/heads/${branch}`,
        state: "open",
        severity: "critical",
        per_page: 100,
      });
      result = { oid, available: true, critical: data.length };
    } catch (error) {
      const status = httpStatus(error);
      if (status !== 403 && status !== 404) throw error;
      result = { oid, available: false, critical: 0 };
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, result);
    return result;
  }
}
