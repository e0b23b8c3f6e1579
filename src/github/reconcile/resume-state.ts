// Where the train stands: its trusted hidden state, or (rebuilt from GitHub) where it
// started, and the version it releases.
import type { IssueObservation } from "../../train/model/issue-observation.js";
import type { TrainState } from "../../train/model/train-state.js";
import { wasRendered } from "../../train/state.js";
import { originRead, trainOrigin, type BodyTrust, type TrainOrigin } from "../../train/trust.js";
import { trainVersionOf, versionFromIssue } from "../../train/version.js";
import type { TrainVersion } from "../../train/model/train-version.js";
import { observeOrigin } from "../observe.js";
import type { ReconcileContext } from "./connect.js";
import { replacedNotice, shortHash, type IssueNotices } from "./notices.js";
import { issueRefOf } from "./open-issue.js";
import type { StepResult } from "./outcome.js";

export interface ResumedState {
  state: TrainState | null;
  /** Only when the state is rebuilt (undefined: not asked for; null: not found). */
  origin: TrainOrigin | null | undefined;
  version: TrainVersion;
}

export async function resumeState(
  ctx: ReconcileContext,
  issue: IssueObservation,
  trusted: BodyTrust,
  notices: IssueNotices,
): Promise<StepResult<ResumedState>> {
  const { deps, ref, log, botLogin } = ctx;
  if (trusted.replaced) {
    log.warn(
      { editors: trusted.editors, replaced: trusted.replaced, restoredFrom: trusted.source },
      "tracking issue state changed by hand; not trusted",
    );
    await notices.postOnce(`state-${Date.parse(issue.lastEditedAt ?? "") || 0}`, replacedNotice(trusted));
  }
  const state = trusted.state;
  // Rebuilt from GitHub: where the train started (the `repos:` line, Phase 1's start) comes from the body's edit history.
  const origin =
    !state && wasRendered(issue.body)
      ? trainOrigin(await observeOrigin(ctx.graphql, issueRefOf(ctx), originRead(botLogin)), botLogin)
      : undefined;
  const parsedVersion = versionFromIssue({ milestoneTitle: issue.milestoneTitle, issueTitle: issue.title });
  if (!state && !parsedVersion.ok) {
    await notices.postOnce(
      `version-${shortHash(`${issue.milestoneTitle ?? ""}|${issue.title}`)}`,
      `⚠️ ${parsedVersion.message}`,
    );
    deps.registry.remove(ref);
    return { kind: "refused", reason: parsedVersion.message };
  }
  const version = state
    ? trainVersionOf(state.version)
    : (parsedVersion as Extract<typeof parsedVersion, { ok: true }>);
  return { state, origin, version };
}
