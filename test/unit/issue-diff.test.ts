// The demo's per-step view of the tracking issue: what changed, without lines a reader has already seen.
import { describe, expect, it } from "vitest";
import { diffSections, foldedView } from "../../src/demo/issue-diff.js";

const body = (headline: string, next: string, phases: string[], repos: string[], extra = "") =>
  [
    "# 🚂 Release train v2.0.0",
    "",
    headline,
    "",
    "### Now",
    "",
    `- **Next:** ${next}`,
    "",
    ...phases.flatMap((p) => [
      `<details><summary>${p}</summary>`,
      "",
      `- [ ] **9.9** something ${extra}`,
      "",
      "</details>",
      "",
    ]),
    "### Repositories",
    "",
    "| Level | Repository |",
    "|---|---|",
    ...repos.map((r) => `| 1 | ${r} |`),
  ].join("\n");

describe("diffSections", () => {
  it("shows a replaced headline and next step only in their new form, and skips a table's rule line", () => {
    const before = body("**⏳ Checking preconditions** · waiting for people", "P4", [], []);
    const after = body("**🚂 Phase 2: Validation & Approval** · waiting for people", "2.1", [], ["infra"]);
    expect(diffSections(before, after)).toEqual([
      "~ Header",
      "    + **🚂 Phase 2: Validation & Approval** · waiting for people",
      "~ Now",
      "    + - **Next:** 2.1",
      "~ Repositories",
      "    + | 1 | infra |",
    ]);
  });

  it("folds new sections with the same summary into one line, and names sections whose folded content alone changed on one line", () => {
    const phases = [
      "Phase 1: Preparation — not started",
      "Phase 2: Validation — not started",
      "Branch rules — 11 repositories",
    ];
    expect(diffSections("", body("**x** · y", "P4", phases, []))).toContain(
      "+ Phase 1: Preparation · Phase 2: Validation: not started",
    );
    const changed = diffSections(body("**x** · y", "P4", phases, []), body("**x** · y", "P4", phases, [], "changed"));
    expect(changed).toEqual(["~ details changed in: Phase 1: Preparation · Phase 2: Validation · Branch rules"]);
  });

  it("keeps a removal that nothing replaced", () => {
    const before = body("**x** · y", "P4", [], ["infra", "api"]);
    const after = body("**x** · y", "P4", [], ["infra"]);
    expect(diffSections(before, after)).toEqual(["~ Repositories", "    - | 1 | api |"]);
  });
});

describe("foldedView", () => {
  it("stacks closed sections one per line", () => {
    const view = foldedView(body("**x** · y", "P4", ["Phase 1 — done in 5 min", "Phase 2 — done in 10 min"], []));
    expect(view).toContain("▸ Phase 1 — done in 5 min\n▸ Phase 2 — done in 10 min\n\n### Repositories");
  });
});
