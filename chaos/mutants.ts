// Known-bad changes to the product, each applied alone to a copy of src/ and played
// under the faults that must expose it. A mutant the harness does not tell apart from
// the clean run of the real product survives, and `npm run chaos -- --mutants` fails.
import { failedWriteMode, lostWriteMode } from "./modes.js";
import { editBeforeWriteMode, headMovesDuringMergeMode } from "./races.js";
import type { Mode } from "./scenario.js";

export interface Mutant {
  name: string;
  /** The file under src/ and the text replaced in it (which must occur exactly once). */
  file: string;
  find: string;
  replace: string;
  /** The runs that must tell it apart from the clean run; one difference kills it. */
  runs: Array<() => Mode>;
}

const clean = (): Mode => ({ name: "clean", install: () => {}, describe: () => "no fault" });

export const MUTANTS: Mutant[] = [
  {
    name: "comment-naive-retry",
    file: "github/writes/conversation.ts",
    find: "await octokit.rest.issues.createComment({ ...issue, body: action.body });",
    replace:
      "await octokit.rest.issues.createComment({ ...issue, body: action.body }).catch(() => octokit.rest.issues.createComment({ ...issue, body: action.body }));",
    runs: [() => lostWriteMode(1, "POST /repos/{owner}/{repo}/issues/{issue_number}/comments")],
  },
  {
    name: "lightweight-tag",
    file: "github/writes/git.ts",
    find: 'const { data: tag } = await octokit.rest.git.createTag({\n    ...repo,\n    tag: action.tag,\n    message: action.message,\n    object: action.sha,\n    type: "commit",\n  });',
    replace: "const tag = { sha: action.sha };",
    runs: [clean],
  },
  {
    name: "audit-wiped-after-failed-write",
    file: "train/decide.ts",
    find: "  if (state.audit.length > AUDIT_LIMIT) state.audit.splice(0, state.audit.length - AUDIT_LIMIT);",
    replace:
      "  if (observation.failures.length > 0) state.audit.splice(0);\n  if (state.audit.length > AUDIT_LIMIT) state.audit.splice(0, state.audit.length - AUDIT_LIMIT);",
    // The first release branch's creation, not "the 10th write": which write comes 10th
    // varies with how deliveries batch, and the mutant survived some runs of that.
    runs: [() => failedWriteMode(1, "POST /repos/{owner}/{repo}/git/refs")],
  },
  {
    // (Retired: `body-patch-without-reread`, see docs/reliability.md.) An edit the app's own
    // write covered is not read back when the app saved the body last.
    name: "overwritten-edit-not-read-back",
    file: "train/trust.ts",
    find: "  if (!same(issue.lastEditor, botLogin)) return true;\n",
    replace: "  if (!same(issue.lastEditor, botLogin)) return true;\n  if (issue.lastEditor) return false;\n",
    runs: [editBeforeWriteMode],
  },
  {
    name: "merge-without-approved-sha",
    file: "github/writes/pull-requests.ts",
    find: "    pull_number: action.number,\n    sha: action.sha,\n",
    replace: "    pull_number: action.number,\n",
    runs: [headMovesDuringMergeMode],
  },
];

/** The one mutant the CI sample plays: the cheapest, killed by the clean run alone. */
export const QUICK_MUTANTS = ["lightweight-tag"];
