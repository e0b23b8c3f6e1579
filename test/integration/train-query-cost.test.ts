// The train's observation query priced by GitHub's formula, as the simulated GitHub charges it.
import { costOfQuery } from "github-sim";
import { describe, expect, it } from "vitest";
import { trainQuery } from "../../src/github/queries.js";

describe("the train's GraphQL observation", () => {
  it("prices the train's observation of 25 repositories by the formula", () => {
    const repos = Array.from({ length: 25 }, (_, i) => ({ owner: "acme", name: `svc-${i}` }));
    const { cost, requests } = costOfQuery(trainQuery({ full: repos, fingerprint: [] }));
    expect(requests).toBeGreaterThan(25 * 100);
    expect(cost).toBe(Math.round(requests / 100));
  });
});
