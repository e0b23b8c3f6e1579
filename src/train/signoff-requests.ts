// The conversations around Phase 2: asking the leads (once) for their sign-off,
// withdrawing sign-offs and approval when new commits land, and recording the
// compliance-labelled PRs the train ships. Pure.
import type { TrainConfig } from "../config/schema.js";
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { Action } from "./model/actions.js";
import type { GateReport } from "./validation/gate-report.js";
import { findCompliance, moved } from "./validation/signoffs.js";
import { appCommented } from "./app-comments.js";
import { commentMarker } from "./state.js";

/** Stable short hash for comment keys (not security-relevant). */
function shortHash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i += 1) h = ((h << 5) + h + text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

const comment = (key: string, body: string): Action => ({
  kind: "comment",
  key,
  body: `${commentMarker(key)}\n${body}`,
});

/**
 * Compliance items come from the PRs in each repository's history since its previous
 * release, read while the repository has no release PR yet (the range is then final).
 */
export function recordCompliance(config: TrainConfig, observation: Observation, state: TrainState): void {
  for (const [repo, observed] of Object.entries(observation.repos)) {
    if (!observed.details) continue;
    // Only repositories with findings are kept: the state lives in the issue body, which has a size limit.
    const items = findCompliance(config, repo, observed.details.pullLabels);
    if (items.length > 0) state.compliance[repo] = items;
    else delete state.compliance[repo];
  }
}

/** Removes sign-offs and approval that new commits made stale, telling the people who gave them. */
export function withdrawStale(report: GateReport, observation: Observation, state: TrainState, at: string): Action[] {
  const actions: Action[] = [];
  for (const team of report.stale.teams) {
    const given = state.signoffs[team]!;
    const repos = moved(given, observation);
    const heads = repos.map((r) => `${r}@${observation.repos[r]!.releaseBranch!.oid}`).join(",");
    delete state.signoffs[team];
    state.audit.push({
      at,
      actor: "release-train",
      text: `sign-off for ${team} withdrawn: new commits in ${repos.map((r) => r.split("/")[1]).join(", ")}`,
    });
    actions.push(
      comment(
        `resign-${team}-${shortHash(heads)}`,
        `🔁 New commits landed on the release branch of ${repos.map((r) => `\`${r.split("/")[1]}\``).join(", ")} after @${given.by} signed off for **${team}**, so that sign-off is withdrawn. @${given.by}, please review the changes and comment \`/signoff ${team}\` again.`,
      ),
    );
  }
  if (report.stale.approval && state.approval) {
    const given = state.approval;
    const repos = moved(given, observation);
    delete state.approval;
    state.audit.push({
      at,
      actor: "release-train",
      text: `approval withdrawn: new commits in ${repos.map((r) => r.split("/")[1]).join(", ")}`,
    });
    const heads = repos.map((r) => `${r}@${observation.repos[r]!.releaseBranch!.oid}`).join(",");
    actions.push(
      comment(
        `reapprove-${shortHash(heads)}`,
        `🔁 New commits landed after @${given.by}'s approval (${repos.map((r) => `\`${r.split("/")[1]}\``).join(", ")}), so the approval is withdrawn. Once the gates are green again, \`/approve\` once more.`,
      ),
    );
  }
  return actions;
}

/**
 * When Phase 1 is done, one comment asks every team that must sign off, mentioning its
 * leads. Leads are read from GitHub (team maintainers) when not listed in the config.
 */
export function requestSignoffs(
  report: GateReport,
  observation: Observation,
  state: TrainState,
  tag: string,
  needs: string[],
): Action[] {
  const pending = report.required.filter((r) => !state.signoffs[r.team]);
  if (pending.length === 0) return [];
  const key = `signoff-request-${tag}`;
  if (appCommented(observation, key)) return [];
  const missingLeads = pending.filter((r) => !(r.team in observation.teamLeads));
  if (missingLeads.length > 0) {
    needs.push(...missingLeads.map((r) => r.team));
    return [];
  }
  const lines = pending.map((r) => {
    const leads = observation.teamLeads[r.team] ?? [];
    return `- **${r.team}** — ${r.reasons.join("; ")}: ${leads.length > 0 ? leads.map((l) => `@${l}`).join(" ") : "_no lead found: add `leads` to the team in the config_"}`;
  });
  const compliance =
    report.compliance.length > 0
      ? `\n\nCompliance-sensitive changes in this train: ${report.compliance.map((c) => `${c.repo.split("/")[1]}#${c.pr} (\`${c.label}\`)`).join(", ")}.`
      : "";
  return [
    comment(
      key,
      `✅ Phase 1 is done: every release PR for **${tag}** is open. Sign-offs needed (step 2.4):\n\n${lines.join("\n")}${compliance}\n\nReview your team's release PRs, then comment \`/signoff\` (or \`/signoff <team>\`).`,
    ),
  ];
}
