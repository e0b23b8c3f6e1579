import { ApiError } from "../errors.js";
import { ok, type RouteContext } from "../http/context.js";
import { paginate } from "../http/pagination.js";
import type { Router } from "../http/router.js";
import type { CodeScanningAlert, Repo } from "../store/types.js";

/** One alert as the list endpoint returns it; its most recent instance is a fixed placeholder location. */
function alertJson(ctx: RouteContext, repo: Repo, a: CodeScanningAlert): Record<string, unknown> {
  const api = `${ctx.core.urls.api}/repos/${repo.fullName}/code-scanning/alerts`;
  return {
    number: a.number,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    url: `${api}/${a.number}`,
    html_url: `${ctx.core.urls.html}/${repo.fullName}/security/code-scanning/${a.number}`,
    instances_url: `${api}/${a.number}/instances`,
    state: a.state,
    fixed_at: null,
    dismissed_by: null,
    dismissed_at: null,
    dismissed_reason: null,
    dismissed_comment: null,
    rule: {
      id: a.ruleId,
      severity: a.severity,
      description: a.description,
      name: a.ruleId,
      tags: ["security"],
      security_severity_level: a.securitySeverityLevel,
    },
    tool: { name: a.toolName, guid: null, version: "1.0.0" },
    most_recent_instance: {
      ref: a.ref,
      analysis_key: ".github/workflows/codeql.yml:analyze",
      environment: "{}",
      category: ".github/workflows/codeql.yml:analyze",
      state: a.state,
      commit_sha: repo.git.resolveCommit(a.ref) ?? null,
      message: { text: a.description },
      location: { path: "src/index.ts", start_line: 1, end_line: 1, start_column: 1, end_column: 1 },
      classifications: [],
    },
  };
}

/** Code scanning alerts: 404 "no analysis found" unless a test enabled code scanning on the repository. */
export function registerCodeScanning(r: Router): void {
  r.get("/repos/{owner}/{repo}/code-scanning/alerts", (ctx) => {
    const repo = ctx.repo();
    if (!repo.codeScanning.enabled) {
      throw new ApiError(404, "no analysis found", {
        documentationUrl:
          "https://docs.github.com/rest/code-scanning/code-scanning#list-code-scanning-alerts-for-a-repository",
      });
    }
    const q = ctx.query;
    const ref = q.get("ref");
    const alerts = repo.codeScanning.alerts
      .filter(
        (a) =>
          (!q.get("state") || a.state === q.get("state")) &&
          (!q.get("tool_name") || a.toolName === q.get("tool_name")) &&
          (!q.get("severity") || a.securitySeverityLevel === q.get("severity") || a.severity === q.get("severity")) &&
          (!ref || a.ref === ref || a.ref === `refs/heads/${ref}`),
      )
      .sort((a, b) => b.number - a.number);
    const page = paginate(ctx, alerts);
    return ok(
      page.items.map((a) => alertJson(ctx, repo, a)),
      page.headers,
    );
  });
}
