// The Phase 7 read: the orchestration repository once, then every repository in chunks.
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { finalQuery, finalQueryVariables } from "../../src/github/queries.js";

const repos = [
  { owner: "acme", name: "api" },
  { owner: "acme", name: "web" },
];

describe("finalQuery", () => {
  it("reads the orchestration repository in the first chunk only, and both forms are valid GraphQL", () => {
    const first = finalQuery("v2.0.0", repos, true);
    const later = finalQuery("v2.0.0", repos, false);
    expect(() => parse(first)).not.toThrow();
    expect(() => parse(later)).not.toThrow();
    expect(first).toContain("orchestration: repository(owner: $owner, name: $repo)");
    expect(later).not.toContain("orchestration");
    expect(later).not.toContain("$owner");
    expect(first).toContain('changelog: object(expression: "v2.0.0:CHANGELOG.md")');
    expect(finalQueryVariables({ owner: "acme", repo: "trains", tag: "v2.0.0" }, repos, false)).toEqual({
      tag: "v2.0.0",
      o0: "acme",
      n0: "api",
      o1: "acme",
      n1: "web",
    });
    expect(finalQueryVariables({ owner: "acme", repo: "trains", tag: "v2.0.0" }, repos, true)).toMatchObject({
      owner: "acme",
      repo: "trains",
      tag: "v2.0.0",
    });
  });
});
