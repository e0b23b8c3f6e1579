// Every simulator of a process collects its requests' webhooks in one request scope.
// Node 20 and 22 hand each new promise every async-local storage ever used in the process:
// one per simulator made every promise of a long test or chaos process slower and bigger
// with each simulator it had started.
import { describe, expect, it } from "vitest";
import { setup } from "./helpers.js";

/** The async-local storages a new promise is handed (none where Node keeps them elsewhere, as 24 does). */
const storagesOnANewPromise = () => Object.getOwnPropertySymbols(Promise.resolve()).length;

describe("request scope", () => {
  it("serves ten simulators one after another without a new promise carrying more for each", async () => {
    const counts: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const { sim, octokit } = await setup();
      // A write that emits a webhook, inside a request's scope.
      await octokit.rest.issues.create({ owner: "acme", repo: "web", title: `train ${i}` });
      counts.push(storagesOnANewPromise());
      await sim.close();
    }
    expect(counts.at(-1)).toBe(counts[0]);
  });
});
