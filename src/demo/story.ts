// The demo's story, chapter by chapter: the train opens and its preconditions are met
// (Phase 1), reviews, sign-offs and approval take it to staging, production rolls out
// level by level (or rolls back with --fail), and Phase 7 releases and closes it.
import { ORCHESTRATION_REPO, ORG } from "./constellation.js";
import { banner } from "./narration.js";
import {
  approveHeldDeployments,
  openTrain,
  reportChecks,
  reportReleaseChecks,
  reportSmoke,
  reviewReleasePrs,
  SIGNOFF_LEADS,
} from "./people.js";
import type { Storyteller } from "./storyteller.js";
import { trackingBody } from "./world.js";

const ORCH = `${ORG}/${ORCHESTRATION_REPO}`;
const API = `${ORG}/blackroad-os-api`;

/** Steps 1–4: the train opens, CI reports, Rita confirms the manual preconditions, and Phase 1 runs. */
export async function openAndPrepare(t: Storyteller): Promise<void> {
  const { world } = t;
  await t.step(
    "1. Rita (release manager) creates milestone v2.0.0, opens an issue and labels it `release-train`",
    () => {
      t.issue = openTrain(world);
    },
  );
  await t.step("2. CI reports green checks on the default branches of the first five repositories", () =>
    reportChecks(world, world.repos.slice(0, 5)),
  );
  await t.step("3. CI reports on the remaining repositories", () => reportChecks(world, world.repos.slice(5)));
  await t.step(
    "4. Rita confirms the manual preconditions with /check; every precondition is met, so Phase 1 runs",
    () => {
      world.sim.as("rita").comment(ORCH, t.issue, "/check P6 all teams finished their own preparation");
      world.sim.as("rita").comment(ORCH, t.issue, "/check P7 rollback drill done on Tuesday");
      world.sim.as("olga").comment(ORCH, t.issue, "/check P8 schedule acknowledged in the release channel");
    },
  );
}

/** What Phase 1 wrote in one repository (its release PR and changelog), and the review requests it made. */
export function showPhase1(t: Storyteller): void {
  const { world } = t;
  const apiRepo = world.sim.store.requireRepo(API);
  const pr = [...apiRepo.pulls.values()].find((p) => p.headRef === "release/v2.0.0");
  if (pr) {
    const head = apiRepo.git.resolveCommit("release/v2.0.0")!;
    const changelog = apiRepo.git.readFile(head, "CHANGELOG.md")?.toString("utf8") ?? "";
    console.log(
      `${banner(`What Phase 1 wrote in ${API}: release PR #${pr.number} "${apiRepo.issues.get(pr.number)?.title}", and CHANGELOG.md on release/v2.0.0:`)}\n`,
    );
    console.log(changelog.split("\n").slice(0, 12).join("\n"));
  }

  const requested = world.repos.flatMap((full) =>
    world.sim.store
      .requireRepo(full)
      .protection.reviewRequests.map((r) => `${full.split("/")[1]}#${r.pullNumber} → @${r.reviewer}`),
  );
  console.log(
    `\n▶ Every default branch requires an approving review: release-train asked each team once (${requested.length} review requests): ${requested.join(", ")}`,
  );
}

/** Steps 5–7: release checks, reviews, sign-offs and the final approval; staging; production starts. */
export async function approveAndStage(t: Storyteller): Promise<void> {
  const { world } = t;
  await t.step(
    "5. CI reports integration tests and the security scan on every release PR; Bella tries to /approve (refused: she is not in the orchestration team)",
    () => {
      reportReleaseChecks(world);
      world.sim.as("bella").comment(ORCH, t.issue, "/approve");
    },
  );
  await t.step(
    "6. The team leads approve their teams' release PRs (the branch rules want one review) and sign off; Rita records the release review meeting; Olga gives final approval — staging deploys level by level",
    () => {
      reviewReleasePrs(world);
      for (const lead of Object.values(SIGNOFF_LEADS)) world.sim.as(lead).comment(ORCH, t.issue, "/signoff");
      world.sim.as("rita").comment(ORCH, t.issue, "/check 2.3 release review held, notes in the wiki");
      world.sim.as("olga").comment(ORCH, t.issue, "/approve");
    },
  );
  await t.step(
    "7. Smoke tests pass on staging; QA, monitoring and the staging sign-off are checked — production starts: maintenance on, then infrastructure, which GitHub holds for the release managers' review",
    () => {
      reportSmoke(world);
      world.sim.as("ivan").comment(ORCH, t.issue, "/check 4.2 manual QA passed");
      world.sim.as("oscar").comment(ORCH, t.issue, "/check 4.3 dashboards and alerts verified");
      world.sim.as("rita").comment(ORCH, t.issue, "/check 4.4 staging signed off");
    },
  );
}

/** Step 8: time passes through the canary and bake windows, Olga approving each held production deployment. */
export async function rollOut(t: Storyteller, failing: string | undefined): Promise<void> {
  const { world } = t;
  // Each level's canaries are watched for canaryMinutes before the full rollout; then the bake window.
  // Production requires a release manager's review: Olga approves each held deployment on GitHub.
  let approved = 0;
  let waitingLine = "";
  for (let minutes = 0; minutes < 180; minutes += 5) {
    waitingLine ||=
      trackingBody(world, t.issue)
        .split("\n")
        .find((l) => l.includes("waiting for review by")) ?? "";
    approved += approveHeldDeployments(world, "olga");
    await world.advance(5);
    const body = trackingBody(world, t.issue);
    if (body.includes("Rolled back") || body.includes("- [x] **6.2**")) break;
  }
  const shown = /— (.*waiting for review by[^;]*)/.exec(waitingLine)?.[1] ?? "waiting for review";
  console.log(
    `▶ production requires a review by @${ORG}/release-managers: GitHub held each production deployment and the tracking issue said "${shown}"; Olga approved ${approved} on GitHub, and each canary window counted from its approval`,
  );
  await t.report(
    failing
      ? `8. Time passes… ${failing}'s production deployment fails: automatic immediate rollback to the previous release`
      : "8. Time passes: canaries stay healthy level after level, full rollout, maintenance off, health checks and the 30-minute bake window",
  );
}

/** Steps 9–10: the last checks, Phase 7 (merges through the merge queue, the release), and the retrospective. */
export async function release(t: Storyteller): Promise<void> {
  const { world } = t;
  await t.step(
    "9. The teams confirm the critical user journeys and Observability confirms no alert escalated — Phase 7: merges in release order, tags, release notes, status/summary.json, archive, announcement, retrospective issue",
    () => {
      world.sim.as("fran").comment(ORCH, t.issue, "/check 6.3 sign-up, checkout and console journeys pass");
      world.sim.as("oscar").comment(ORCH, t.issue, "/check 6.4 no escalations during the bake window");
    },
  );
  const queued = world.sim.requests.list().filter((r) => r.graphql?.operationName === "ReleaseEnqueue").length;
  const apiPr = [...world.sim.store.requireRepo(API).pulls.values()].find((p) => p.headRef === "release/v2.0.0");
  console.log(
    `\n▶ ${API} merges through its merge queue: release-train enqueued #${apiPr?.number} (${queued} enqueuePullRequest), CI passed the merge group, and the queue merged it at ${apiPr?.mergeCommitSha?.slice(0, 7) ?? "—"}${apiPr?.merged ? "" : " (not yet merged)"}`,
  );
  const retro = [...world.sim.store.requireRepo(ORCH).issues.values()].find((i) =>
    i.labels.includes("release-train:retrospective"),
  );
  if (retro) {
    await t.step(
      `10. Rita holds the retrospective and closes #${retro.number}: the train is complete and its tracking issue closes`,
      () => {
        world.sim.as("rita").closeIssue(ORCH, retro.number);
      },
    );
  }
}

/** The whole story; without Phase 7 when a production deployment fails (--fail) and the train rolls back. */
export async function tellStory(t: Storyteller, failing: string | undefined): Promise<void> {
  await openAndPrepare(t);
  showPhase1(t);
  await approveAndStage(t);
  await rollOut(t, failing);
  if (!failing) await release(t);
}
