// The end of the demo's story: the tracking issue as GitHub shows it, the HTML pages
// (--html), the conversation, the summary file, and what a resync right after asks of GitHub.
import type { DemoArgs } from "./args.js";
import { ORCHESTRATION_REPO, ORG } from "./constellation.js";
import { foldedView } from "./issue-diff.js";
import { banner, printConversation, resyncLine, summaryLines } from "./narration.js";
import type { Storyteller } from "./storyteller.js";
import type { DemoWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/** Prints the story's end; returns status/summary.json as the train wrote it (undefined: it did not finish). */
export async function showEnding(
  t: Storyteller,
  args: Pick<DemoArgs, "verbose" | "html">,
): Promise<string | undefined> {
  const { world, told, issue } = t;
  if (!args.verbose)
    console.log(
      `${banner("The tracking issue at the end, as GitHub shows it (folded sections closed; --verbose prints every body)")}\n\n${foldedView(told.at(-1)!.body)}`,
    );
  if (args.html) {
    const { writeStepPages } = await import("./html-pages.js");
    const index = writeStepPages(
      args.html,
      world.sim.store.requireRepo(ORCH).issues.get(issue)?.title ?? "Release train",
      told,
    );
    console.log(`\n▶ ${told.length} pages written: open ${index}`);
  }
  printConversation(world, issue, args.verbose);
  const orchestration = world.sim.store.requireRepo(ORCH);
  const summary = orchestration.git
    .readFile(orchestration.git.resolveCommit("main")!, "status/summary.json")
    ?.toString("utf8");
  if (summary)
    console.log(
      `\n▶ status/summary.json in ${ORCH}${args.verbose ? "" : " (`npm run demo -- --json` prints the whole file)"}\n${(args.verbose ? [summary] : summaryLines(summary)).join("\n")}`,
    );
  return summary;
}

/** The demo's last line: a resync right after the last step, which should find nothing to write. */
export async function showResync(world: DemoWorld): Promise<void> {
  const before = world.sim.requests.length;
  await world.server.app.resync();
  await world.settle();
  console.log(`\n${resyncLine(world.sim.requests.list().slice(before))}`);
}
