// How the demo tells its story: each step's title, what the app wrote and read, what
// changed on the tracking issue, the conversation on it, and the summary file.
import { createInterface } from "node:readline";
import type { RecordedRequest } from "github-sim";
import type { TrainSummary } from "../train/summary.js";
import { ORCHESTRATION_REPO, ORG } from "./constellation.js";
import { diffSections, withoutState } from "./issue-diff.js";
import type { DemoWorld } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;

/** One step of the demo as it was told: who did what, and the tracking issue after it. */
export interface DemoStep {
  n: string;
  title: string;
  body: string;
}

/** A part of the demo's story that is not a step: a rule, then its title. */
export const banner = (title: string): string => `\n${"═".repeat(100)}\n▶ ${title}`;

/**
 * The comments on the tracking issue, as people see them. By default one-line comments
 * that say the same in a row (six leads' `/signoff`) share a line, and the app's answers
 * lose their blank lines; `--verbose` shows each comment as it is.
 */
export function printConversation(world: DemoWorld, issue: number, verbose: boolean): void {
  const comments = world.sim.store.commentsOf(world.sim.store.requireRepo(ORCH), issue).map((c) => ({
    user: c.user,
    reactions: c.reactions
      .map((r) => (r.content === "+1" ? "👍" : r.content === "confused" ? "😕" : r.content))
      .join(" "),
    text: c.body.replace(/<!-- release-train:key=\S+ -->\n?/, "").trim(),
  }));
  console.log(banner(`The conversation on the tracking issue (${comments.length} comments)`));
  for (let i = 0; i < comments.length; i += 1) {
    const c = comments[i]!;
    const users = [`@${c.user}`];
    while (
      !verbose &&
      !c.text.includes("\n") &&
      comments[i + 1]?.text === c.text &&
      comments[i + 1]?.reactions === c.reactions
    )
      users.push(`@${comments[++i]!.user}`);
    const who = `— ${users.join(", ")}${c.reactions ? `  [${c.reactions}${users.length > 1 ? " each" : ""}]` : ""}`;
    // A person's one-line command reads on one line; the app's answers keep their layout.
    console.log(
      c.text.includes("\n") ? `\n${who}\n${verbose ? c.text : c.text.replace(/\n{2,}/g, "\n")}` : `${who}: ${c.text}`,
    );
  }
}

/** What the app wrote, by kind: "11 deployments, 3 comments, 1 issue edit". */
function writeKinds(requests: RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests.filter((x) => x.kind === "write")) {
    const path = r.route.split(" ")[1] ?? r.route;
    const noun = r.graphql
      ? (r.graphql.operationName ?? "mutation")
      : (path
          .split("/")
          .filter((p) => p && !p.startsWith("{"))
          .at(-1) ?? path);
    const label = r.method === "PATCH" ? `${noun} edits` : noun;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${n} ${label}`)
    .join(", ");
}

export function printStep(step: DemoStep, previous: string, requests: RecordedRequest[], verbose: boolean): void {
  const reads = requests.filter((r) => r.kind === "read").length;
  const writes = requests.filter((r) => r.kind === "write");
  console.log(`\n▶ ${step.title}`);
  console.log(`  app: ${writes.length} writes${writes.length ? ` (${writeKinds(writes)})` : ""}, ${reads} reads`);
  if (verbose) {
    console.log(`\n${withoutState(step.body)}`);
    return;
  }
  const changes = diffSections(previous, step.body);
  console.log(
    changes.length ? `  tracking issue:\n${changes.map((l) => `    ${l}`).join("\n")}` : "  tracking issue: unchanged",
  );
}

/** Enter continues (with --step on a terminal). */
export async function pause(): Promise<void> {
  if (!process.stdin.isTTY) return;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  await new Promise<void>((resolve) => rl.question("  (Enter for the next step) ", () => resolve()));
  rl.close();
}

/** The summary file in two lines: what it records, per phase how long it took. */
export function summaryLines(text: string): string[] {
  const summary = JSON.parse(text) as TrainSummary;
  const minutes = summary.phases.map((p) => `${p.phase} ${p.minutes ?? "—"} min`).join(" · ");
  return [
    `  ${summary.train.tag}: ${summary.repos.length} repositories, ${summary.repos.reduce((n, r) => n + r.deployments.length, 0)} deployments, ${summary.signoffs.length} sign-offs, approval by @${summary.approval?.by ?? "—"}`,
    `  started ${summary.startedAt}, released ${summary.finishedAt}; phases: ${minutes}`,
  ];
}

/** The demo's last line: what a resync right after the last step asked of GitHub. */
export function resyncLine(requests: RecordedRequest[]): string {
  const reads = requests.filter((r) => r.kind === "read").length;
  const writes = requests.filter((r) => r.kind === "write").length;
  // Nothing changed on GitHub since the last step, so any write here is a defect worth showing.
  return `▶ A resync right after: ${reads} reads, ${writes} writes${writes === 0 ? " (nothing changed, so nothing is written)" : " (nothing changed, yet the app wrote)"}.`;
}
