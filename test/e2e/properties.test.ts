// Level-triggered means delivery does not matter: for random sequences of events,
// delivering every webhook twice, or in a shuffled order, ends in the same tracking
// issue and the same GitHub state as delivering them once in order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../src/demo/constellation.js";
import { openTrain, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { decodeState, markerOf } from "../../src/train/state.js";
import { ORCH, appWrites, releaseState } from "./helpers.js";

type Event =
  | { kind: "check"; repo: number; name: string; conclusion: "success" | "failure" }
  | { kind: "comment"; who: string; text: string };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constant("check" as const),
    repo: fc.integer({ min: 0, max: 10 }),
    name: fc.constantFrom(...CHECKS),
    conclusion: fc.constantFrom("success" as const, "failure" as const),
  }),
  fc.record({
    kind: fc.constant("comment" as const),
    who: fc.constantFrom("rita", "olga", "mallory"),
    text: fc.constantFrom(
      "/status",
      "/help",
      "/check P6",
      "/check P7",
      "/check P8",
      "/check 2.3",
      "/dance",
      "/freeze",
      "looks good",
    ),
  }),
);

type Mode = "once" | "twice" | "shuffled";

/** Runs the events against a fresh world; returns a normalised picture of the end state. */
async function play(events: Event[], mode: Mode, seed: number) {
  const world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, frozenAt: "2026-11-27T10:00:00Z" });
  try {
    const issue = openTrain(world);
    await world.settle();
    if (mode === "twice") world.sim.webhookFilter = () => "duplicate";
    if (mode === "shuffled") world.sim.pauseWebhooks();
    for (const event of events) act(world, issue, event);
    if (mode === "shuffled") {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state / 2 ** 31;
      };
      world.sim.reorderWebhooks((queued) =>
        queued
          .map((q) => [random(), q] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, q]) => q),
      );
      world.sim.resumeWebhooks();
    }
    await world.settle();
    // A resync repairs what webhooks could not say in order; a second one writes nothing.
    await world.server.app.resync();
    await world.settle();
    const before = world.sim.requests.length;
    await world.server.app.resync();
    await world.settle();
    const secondWrites = appWrites(world, before).length;
    return { picture: picture(world, issue), secondWrites };
  } finally {
    await world.close();
  }
}

function act(world: DemoWorld, issue: number, event: Event): void {
  if (event.kind === "check") {
    const repo = world.repos[event.repo]!;
    const head = world.sim.store.requireRepo(repo).git.resolveCommit("main")!;
    world.sim.as("ci-runner").completeCheckRun(repo, head, event.name, event.conclusion);
  } else {
    world.sim.as(event.who).comment(ORCH, issue, event.text);
  }
}

/**
 * A `/status` reply is what the app knew when it answered: when each delivery happened to arrive decides
 * its figures (a check whose webhook comes after the comment's is not in it yet). That it was answered,
 * once, is compared; its figures are not. Everything else the app wrote must be the same.
 */
const statusFigures = (text: string) => text.replace(/^((?:<!--[^\n]*-->\n)?> \/status\n\n@\S+)[\s\S]*$/, "$1 …");

/** The tracking issue (audit entries as a set: arrival order is history, not state) and what the app wrote. */
function picture(world: DemoWorld, issue: number) {
  const body = trackingBody(world, issue);
  const decoded = decodeState(body);
  const orch = world.sim.store.requireRepo(ORCH);
  // A reply GitHub shows is still owed until the body is next written for another reason, which
  // arrival order decides: settled either way, it is left out. What is owed and not shown is compared.
  const shown = new Set(
    world.sim.store
      .commentsOf(orch, issue)
      .filter((c) => c.user === "release-train[bot]")
      .map((c) => markerOf(c.body)),
  );
  const state = decoded && {
    ...decoded,
    owed: Object.fromEntries(
      Object.entries(decoded.owed ?? {})
        .filter(([key]) => !shown.has(key))
        .map(([key, owed]) => [key, { ...owed, text: statusFigures(owed.text) }]),
    ),
  };
  const withoutAudit = body
    .replace(/<details><summary>📝 Audit log[\s\S]*?<\/details>/, "")
    .replace(/<!-- release-train:state .*? -->/s, "");
  const comments = world.sim.store.commentsOf(orch, issue).map((c) => `${c.user}: ${statusFigures(c.body)}`);
  return {
    body: withoutAudit,
    state: state && { ...state, audit: state.audit.map((a) => `${a.actor} ${a.text}`).sort() },
    comments: comments.sort(),
    reactions: world.sim.store
      .commentsOf(orch, issue)
      .map((c) => c.reactions.map((r) => `${r.user}:${r.content}`).sort()),
    repos: world.repos.map((r) => releaseState(world, r)),
  };
}

describe("delivery order and duplicates do not matter", () => {
  it.each(["twice", "shuffled"] as const)(
    "delivering every webhook %s ends where in-order delivery ends",
    async (mode) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(eventArb, { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 1, max: 1_000_000 }),
          async (events, seed) => {
            const baseline = await play(events, "once", seed);
            const variant = await play(events, mode, seed);
            expect(baseline.secondWrites).toBe(0);
            expect(variant.secondWrites).toBe(0);
            expect(variant.picture).toEqual(baseline.picture);
          },
        ),
        { numRuns: 6 },
      );
    },
    300_000,
  );
});
