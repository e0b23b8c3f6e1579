// A train on a subset, on the tracking issue: the configured repositories not in it, each
// at its released version (what the train's repositories run against), and who chose. Pure.
import type { Observation } from "./model/observation.js";
import type { TrainState } from "./model/train-state.js";
import type { OutsideRow, TrainView } from "./model/train-view.js";
import type { ReleasePlan } from "./plan.js";
import { cell } from "./render-repos.js";
import { latestStableTag } from "./tags.js";

/** The rows of the repositories outside the train (with which of the train's depend on each, as configured); undefined for a whole train. */
export function outsideRows(
  plan: ReleasePlan,
  configured: ReleasePlan,
  observation: Observation,
): OutsideRow[] | undefined {
  if (!plan.notInTrain?.length) return undefined;
  const inTrain = configured.repos.filter((r) => plan.repos.some((p) => p.fullName === r.fullName));
  return plan.notInTrain.map((r) => ({
    name: r.name,
    fullName: r.fullName,
    url: observation.repos[r.fullName]?.url ?? `https://github.com/${r.fullName}`,
    team: r.team,
    released: latestStableTag(observation.repos[r.fullName])?.name ?? null,
    neededBy: inTrain.filter((t) => t.dependsOn.includes(r.fullName)).map((t) => t.name),
  }));
}

const chosenBy = (state: TrainState) => {
  const subset = state.subset;
  if (!subset) return "";
  return subset.via === "body"
    ? ` (chosen by @${subset.by} with \`repos:\` in the description)`
    : ` (chosen by @${subset.by} with \`/only\`)`;
};

/** The "Not in this train" section: nothing there gets a branch, pull request, deployment, tag or release. */
export function outsideSection(view: TrainView, state: TrainState): string[] {
  const rows = view.notInTrain;
  if (!rows?.length) return [];
  return [
    "",
    `### Not in this train`,
    "",
    `${rows.length} of the configured repositories are not in this train${chosenBy(state)}: they get no branch, pull request, deployment, tag or release, and stay at their released version.`,
    "",
    "| Repository | Team | Released | Needed by |",
    "|---|---|---|---|",
    ...rows.map(
      (r) => `| [${r.name}](${r.url}) | ${r.team} | ${r.released ?? "—"} | ${cell(r.neededBy.join(", ")) || "—"} |`,
    ),
  ];
}

/** Under the release order: the dependencies outside the train, at their released versions. */
export function outsideDependencies(view: TrainView): string[] {
  const needed = (view.notInTrain ?? []).filter((r) => r.neededBy.length > 0);
  if (needed.length === 0) return [];
  return [
    "",
    `<sub>Dependencies not in this train, at their released versions: ${needed.map((r) => `${r.name} ${r.released ?? "(no release tag)"} (for ${r.neededBy.join(", ")})`).join(" · ")}</sub>`,
  ];
}
