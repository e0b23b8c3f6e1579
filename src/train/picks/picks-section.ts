/** The tracking issue's list of picks, each with where it stands. */
import type { PickedFix, TrainState } from "../model/train-state.js";
import { short, shortName } from "./names.js";

/** The tracking issue's list of picks. */
export function picksSection(state: TrainState, branch: string, urlOf: (repo: string) => string): string[] {
  const fixes = state.picks ?? [];
  if (fixes.length === 0) return [];
  const where = (f: PickedFix) =>
    f.conflicts
      ? `not picked: ${f.conflicts.map((p) => `\`${p}\``).join(", ")} conflict`
      : f.appliedAs
        ? `on \`${branch}\` as [\`${short(f.appliedAs)}\`](${urlOf(f.repo)}/commit/${f.appliedAs})`
        : "being picked";
  return [
    "",
    "### Cherry-picked fixes",
    "",
    ...fixes.map(
      (f) =>
        `- ${shortName(f.repo)}: [\`${short(f.sha)}\`](${urlOf(f.repo)}/commit/${f.sha}) ${f.headline.replace(/[|<>]/g, " ")} — picked by @${f.by}, ${where(f)}`,
    ),
  ];
}
