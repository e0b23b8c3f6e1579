// Commit statuses, check runs by a CI app, and code scanning alerts, seeded.
import type { SimCore } from "../core.js";
import { createCheckRun, createStatus } from "../ops/checks.js";
import type { CheckConclusion, CodeScanningAlert, StatusState } from "../store/types.js";
import { seedCiApp } from "./apps.js";

export interface SeedStatusOptions {
  description?: string;
  targetUrl?: string;
  creator?: string;
}

export function seedStatus(
  core: SimCore,
  repoName: string,
  sha: string,
  context: string,
  state: StatusState,
  opts: SeedStatusOptions = {},
): number {
  const repo = core.store.requireRepo(repoName);
  return core.silently(
    () =>
      createStatus(core, repo, sha, opts.creator ?? repo.owner, {
        state,
        context,
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.targetUrl !== undefined ? { target_url: opts.targetUrl } : {}),
      }).id,
  );
}

export function seedCheckRun(
  core: SimCore,
  repoName: string,
  sha: string,
  name: string,
  conclusion: CheckConclusion | null,
  opts: { appSlug?: string } = {},
): number {
  const repo = core.store.requireRepo(repoName);
  const app = seedCiApp(core, opts.appSlug);
  return core.silently(
    () =>
      createCheckRun(core, repo, app.id, app.botLogin, {
        name,
        head_sha: sha,
        ...(conclusion ? { status: "completed", conclusion } : { status: "queued" }),
      }).id,
  );
}

export function seedCodeScanning(core: SimCore, repoName: string, alerts: Partial<CodeScanningAlert>[] = []): void {
  const repo = core.store.requireRepo(repoName);
  repo.codeScanning.enabled = true;
  for (const a of alerts) {
    repo.codeScanning.alerts.push({
      number: a.number ?? repo.codeScanning.alerts.length + 1,
      state: a.state ?? "open",
      ruleId: a.ruleId ?? "js/sql-injection",
      severity: a.severity ?? "error",
      securitySeverityLevel: a.securitySeverityLevel === undefined ? "high" : a.securitySeverityLevel,
      description: a.description ?? "Database query built from user-controlled sources",
      toolName: a.toolName ?? "CodeQL",
      ref: a.ref ?? `refs/heads/${repo.defaultBranch}`,
      createdAt: a.createdAt ?? core.now(),
    });
  }
}
