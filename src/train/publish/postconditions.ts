// The postconditions (Q1–Q5), checked from GitHub: the train ends when they hold.
import type { ChecklistItem } from "../model/train-view.js";
import type { PublishInput } from "./input.js";

export function postconditions(
  input: PublishInput,
  retro: { number: number; state: string } | null,
  done: { published?: boolean; announced?: boolean },
): ChecklistItem[] {
  const { plan, version, state } = input;
  const item = (id: string, title: string, ok: boolean, detail?: string): ChecklistItem => ({
    id,
    title,
    owner: "Release Agent 🤖",
    kind: "bot",
    status: ok ? "done" : "pending",
    ...(detail ? { detail } : {}),
  });
  const notApplicable = (id: string, title: string): ChecklistItem => ({
    id,
    title,
    owner: "Release Agent 🤖",
    kind: "bot",
    status: "skipped",
    detail: "pre-release: not deployed to production",
  });
  const deployed = plan.repos.filter((r) => r.deploy);
  return [
    item("Q1", `All repositories tagged ${version.tag}`, input.tagged),
    input.withoutProduction
      ? notApplicable("Q2", "Production runs the tagged release in every repository")
      : item(
          "Q2",
          "Production runs the tagged release in every repository",
          deployed.every((r) => input.productionVerified(r.fullName)),
          `${deployed.filter((r) => input.productionVerified(r.fullName)).length}/${deployed.length}`,
        ),
    input.withoutProduction
      ? notApplicable("Q3", "The bake window passed without alert escalations")
      : item(
          "Q3",
          "The bake window passed without alert escalations",
          Boolean(state.reached["6.2"] && state.ticks["6.4"]),
        ),
    item("Q4", "Release notes and the announcement are published", Boolean(done.published && done.announced)),
    item(
      "Q5",
      "The retrospective is open or done",
      retro !== null,
      retro ? `#${retro.number} ${retro.state === "CLOSED" ? "done" : "open"}` : undefined,
    ),
  ];
}
