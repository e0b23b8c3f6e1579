// A person ticks a step in the checklist at the moment release-train reconciles a
// command that ticks another step: ivan ticks 4.2 (manual QA) on the page he has open,
// which does not show oscar's `/check 4.3` yet, and his save lands at the app's re-read
// before its write (or after it, its webhook lost). Read as the change between the page
// ivan started from and what he saved, his edit ticks 4.2 and nothing else: both ticks
// stand, each by whoever made it, and nobody is told a change was reverted. (Compared
// with the state the command produced, his page would read as unticking 4.3, which only
// the observability team may do.) The edit lands through the hook the chaos harness's
// race uses (chaos/races.ts).
import { afterEach, describe, expect, it } from "vitest";
import { reportSmoke, startDemoWorld, trackingBody, type DemoWorld } from "../../src/demo/run.js";
import { toApproved } from "../../src/demo/script.js";
import { decodeState } from "../../src/train/state.js";
import type { FaultRequest } from "github-sim";
import { ORCH, botComments } from "./helpers.js";

let world: DemoWorld;
afterEach(async () => world?.close());

/** Runs `edit` once, as GitHub receives the first request matching `at`; reports whether it ran. */
function landAt(w: DemoWorld, at: (req: FaultRequest) => boolean, edit: () => void): () => boolean {
  let landed = false;
  const remove = w.sim.faults.add((req) => {
    if (landed || !at(req)) return undefined;
    landed = true;
    remove();
    edit();
    return undefined;
  });
  return () => landed;
}

describe("a tick in the checklist while a command that ticks another step is reconciled", () => {
  it.each([
    ["at the app's re-read before its write", "GET", false],
    ["after the re-read, just before the write, its webhook lost", "PATCH", true],
  ] as const)(
    "ivan's tick of 4.2 lands %s of oscar's /check 4.3: both stand, nothing reverted",
    async (_name, method, silent) => {
      world = await startDemoWorld({ quiet: true, commitsPerRepo: 2, productionClient: true });
      const w = world;
      const issue = await toApproved(w);
      reportSmoke(w, "success", w.repos);
      await w.settle();
      const bodyRequest = (req: FaultRequest) =>
        req.method === method &&
        req.path === `/repos/${ORCH}/issues/${issue}` &&
        (method === "GET" || typeof (req.body as { body?: unknown } | null)?.body === "string");
      // ivan's page is the body as it is at that moment: without oscar's tick of 4.3.
      const tick = () =>
        w.sim.as("ivan").editIssueBody(ORCH, issue, trackingBody(w, issue).replace("- [ ] **4.2**", "- [x] **4.2**"));
      const landed = landAt(w, bodyRequest, () => (silent ? w.sim.core.silently(tick) : tick()));
      w.sim.as("oscar").comment(ORCH, issue, "/check 4.3 dashboards and alerts verified");
      await w.settle();
      expect(landed()).toBe(true);
      // The retry after a conflict, or the periodic resync, reconciles again.
      await w.server.app.resync();
      await w.settle();

      const body = trackingBody(w, issue);
      const state = decodeState(body)!;
      expect(state.ticks["4.3"]).toMatchObject({ by: "oscar", via: expect.stringMatching(/^comment:/) });
      expect(state.ticks["4.2"]).toMatchObject({ by: "ivan", via: "tick" });
      expect(body).toContain("- [x] **4.2**");
      expect(body).toContain("- [x] **4.3**");
      const aboutPhase4 = state.audit.filter((a) => /\b4\.[23]\b/.test(a.text)).map((a) => `${a.actor}: ${a.text}`);
      expect(aboutPhase4.filter((a) => a.startsWith("ivan:"))).toEqual([expect.stringMatching(/^ivan: ticked 4\.2 /)]);
      expect(aboutPhase4.filter((a) => !a.startsWith("ivan:") && !a.startsWith("oscar:"))).toEqual([]);
      expect(state.audit.filter((a) => a.text.startsWith("unticked"))).toEqual([]);
      expect(botComments(w, issue).filter((c) => /reverted|untick/.test(c.body))).toEqual([]);
    },
    120_000,
  );
});
