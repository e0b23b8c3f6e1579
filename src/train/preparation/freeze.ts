/** Step 1.2, the code freeze: a failing status on the open PRs to each default branch, lifted after. */
import type { Action } from "../model/actions.js";
import type { TrainState } from "../model/train-state.js";
import type { Phase1Input, StepVerdict } from "./phase1-io.js";

export const FREEZE_CONTEXT = "release-train/freeze";

/** Is the freeze on? It starts with Phase 1 (or `/freeze`) and lifts with `/unfreeze`. */
export function freezeActive(state: TrainState, started: boolean): boolean {
  if (state.freeze?.mode === "off" || state.aborted || state.finishedAt) return false;
  return started || state.freeze?.mode === "on";
}

interface OpenPull {
  repo: string;
  sha: string;
  state: string | null;
  target: string | null;
  exempt: boolean;
}

/**
 * Open PRs to a constellation repo's default branch, and whether the freeze spares them:
 * a `hotfix` label counts only when GitHub says someone allowed to applied it.
 */
function openPulls(input: Phase1Input): OpenPull[] {
  const list: OpenPull[] = [];
  for (const repo of input.plan.repos) {
    const observed = input.observation.repos[repo.fullName];
    for (const pull of observed?.openPulls ?? []) {
      if (pull.baseRef !== observed?.defaultBranch || pull.headRef === input.version.branch) continue;
      const hotfix =
        pull.labels.some((l) => l.toLowerCase() === "hotfix") &&
        Boolean(pull.hotfixBy) &&
        input.mayHotfix(pull.hotfixBy!);
      list.push({
        repo: repo.fullName,
        sha: pull.headOid,
        state: pull.freeze,
        target: pull.freezeTarget ?? null,
        exempt: hotfix,
      });
    }
  }
  return list;
}

/** Open PRs the freeze applies to. */
const freezable = (input: Phase1Input) => openPulls(input).filter((p) => !p.exempt);

/**
 * Holds every frozen PR while the freeze is on; lifts every status it set when it is off
 * or the PR became a hotfix. A status another train set (it links that train's tracking
 * issue) is that train's to lift: lifting it would have the two trains set it back and
 * forth without end.
 */
export function freezeActions(input: Phase1Input): Action[] {
  const active = freezeActive(input.state, input.started);
  const url = input.observation.issue.url;
  return openPulls(input).flatMap((pull): Action[] => {
    if (active && !pull.exempt && pull.state !== "failure") {
      return [
        {
          kind: "setStatus",
          repo: pull.repo,
          sha: pull.sha,
          context: FREEZE_CONTEXT,
          state: "failure",
          description: `Code freeze for ${input.version.tag}: merges wait for the release`,
          targetUrl: url,
        },
      ];
    }
    if ((!active || pull.exempt) && pull.state === "failure" && pull.target === url) {
      return [
        {
          kind: "setStatus",
          repo: pull.repo,
          sha: pull.sha,
          context: FREEZE_CONTEXT,
          state: "success",
          description: `Code freeze for ${input.version.tag} lifted`,
          targetUrl: url,
        },
      ];
    }
    return [];
  });
}

export function freezeProgress(input: Phase1Input): StepVerdict {
  const { state } = input;
  // A finished train lifted the freeze because the release is out: 1.2 did its job.
  if (state.finishedAt) return { status: "done", detail: `lifted: ${input.version.tag} released` };
  const active = freezeActive(state, input.started);
  if (!active)
    return {
      status: state.freeze?.mode === "off" ? "skipped" : "pending",
      ...(state.freeze?.mode === "off" ? { detail: `lifted by @${state.freeze.by}` } : {}),
    };
  const pulls = freezable(input);
  if (pulls.length === 0)
    return { status: "done", detail: "on: no open pull requests to hold (`hotfix` label exempts)" };
  const frozen = pulls.filter((p) => p.state === "failure").length;
  return {
    status: frozen === pulls.length ? "done" : "running",
    progress: { done: frozen, total: pulls.length },
    detail: `${pulls.length} open pull request${pulls.length === 1 ? "" : "s"} held (\`hotfix\` label exempts)`,
  };
}
