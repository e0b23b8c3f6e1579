import { describe, expect, it } from "vitest";
import { rewriteRange, updateDependencies } from "../../src/changelog/dependency-ranges.js";

describe("rewriteRange keeps the operator", () => {
  it.each([
    ["^1.2.3", "2.0.0", "^2.0.0"],
    ["~1.2.3", "1.3.0", "~1.3.0"],
    ["1.2.3", "2.0.0", "2.0.0"],
    ["=1.2.3", "2.0.0", "=2.0.0"],
    [">=1.2.3", "2.0.0", ">=2.0.0"],
    [">= 1.2.3", "2.0.0", ">= 2.0.0"],
    ["v1.2.3", "2.0.0", "v2.0.0"],
    ["~>1.2.3", "1.4.0", "~>1.4.0"],
    ["^1.2.3-beta.1", "1.3.0", "^1.3.0"],
    ["^1.2.3", "2.0.0-rc.1", "^2.0.0-rc.1"],
    ["^1.2", "2.0.0", "^2.0"],
    ["~1", "2.1.0", "~2"],
    ["1", "2.0.0", "2"],
    ["1.x", "2.0.0", "2.x"],
    ["1.2.x", "2.0.0", "2.0.x"],
    ["1.2.*", "1.3.0", "1.3.*"],
    ["npm:@blackroad/api-client@^1.2.0", "2.0.0", "npm:@blackroad/api-client@^2.0.0"],
  ])("%s with %s → %s", (range, version, expected) => {
    expect(rewriteRange(range, version)).toEqual({ kind: "rewritten", range: expected });
  });
});

describe("rewriteRange leaves other forms as written, saying why", () => {
  it.each([
    ["*", "accepts any version"],
    ["", "accepts any version"],
    ["x", "accepts any version"],
    ["^1.0.0 || ^2.0.0", "a union of ranges (`||`)"],
    ["1.0.0 - 1.9.0", "a hyphen range"],
    [">=1.2.0 <2.0.0", "a compound range"],
    ["<2.0.0", "an upper bound or an exclusive lower bound (`<`, `<=`, `>`)"],
    ["<=1.9.0", "an upper bound or an exclusive lower bound (`<`, `<=`, `>`)"],
    [">1.2.3", "an upper bound or an exclusive lower bound (`<`, `<=`, `>`)"],
    ["workspace:^1.2.3", "a `workspace:` range (the workspace tool resolves it)"],
    ["workspace:*", "a `workspace:` range (the workspace tool resolves it)"],
    ["file:../api-client", "a local path"],
    ["link:../api-client", "a local path"],
    ["github:blackroad/api-client#v1.2.0", "a git or URL dependency"],
    ["git+https://github.com/blackroad/api-client.git#semver:^1.2.0", "a git or URL dependency"],
    ["https://example.com/api-client-1.2.0.tgz", "a git or URL dependency"],
    ["blackroad/api-client", "a git or URL dependency"],
    ["latest", "a dist-tag"],
    ["^1.2", "`^2.0` would not accept 2.0.0-rc.1"],
  ])("%j", (range, why) => {
    expect(rewriteRange(range, range === "^1.2" ? "2.0.0-rc.1" : "2.0.0")).toEqual({ kind: "kept", why });
  });
});

const manifest = `{
  "name": "@blackroad/pack-a",
  "version": "1.2.0",
  "dependencies": {
    "@blackroad/api-client": "^1.4.0",
    "left-pad": "^1.3.0",
    "client-v1": "npm:@blackroad/api-client@~1.4.0"
  },
  "devDependencies": { "@blackroad/core": ">=3.1.0" },
  "peerDependencies": { "@blackroad/api-client": "^1.0.0" },
  "optionalDependencies": { "@blackroad/core": "*" }
}
`;

describe("updateDependencies", () => {
  it("moves the train's packages in dependencies, devDependencies and optionalDependencies, changing nothing else", () => {
    const result = updateDependencies(manifest, { "@blackroad/api-client": "2.0.0", "@blackroad/core": "3.2.0" });
    if (!result.ok) throw new Error(result.message);
    expect(result.content).toBe(
      manifest
        .replace('"@blackroad/api-client": "^1.4.0"', '"@blackroad/api-client": "^2.0.0"')
        .replace('"npm:@blackroad/api-client@~1.4.0"', '"npm:@blackroad/api-client@~2.0.0"')
        .replace('">=3.1.0"', '">=3.2.0"'),
    );
    expect(result.edits).toEqual([
      {
        section: "dependencies",
        name: "@blackroad/api-client",
        package: "@blackroad/api-client",
        from: "^1.4.0",
        to: "^2.0.0",
        version: "2.0.0",
        acceptedBefore: false,
      },
      {
        section: "dependencies",
        name: "client-v1",
        package: "@blackroad/api-client",
        from: "npm:@blackroad/api-client@~1.4.0",
        to: "npm:@blackroad/api-client@~2.0.0",
        version: "2.0.0",
        acceptedBefore: false,
      },
      {
        section: "devDependencies",
        name: "@blackroad/core",
        package: "@blackroad/core",
        from: ">=3.1.0",
        to: ">=3.2.0",
        version: "3.2.0",
        acceptedBefore: true,
      },
    ]);
    expect(result.kept).toEqual([
      {
        section: "optionalDependencies",
        name: "@blackroad/core",
        package: "@blackroad/core",
        from: "*",
        version: "3.2.0",
        acceptedBefore: true,
        why: "accepts any version",
      },
      {
        section: "peerDependencies",
        name: "@blackroad/api-client",
        package: "@blackroad/api-client",
        from: "^1.0.0",
        version: "2.0.0",
        acceptedBefore: false,
        why: "a peer range (widen it by hand: it is a promise to the package's users)",
      },
    ]);
  });

  it("leaves a manifest without the train's packages as it is", () => {
    expect(updateDependencies(manifest, { "@blackroad/web": "1.0.0" })).toEqual({
      ok: true,
      content: manifest,
      edits: [],
      kept: [],
    });
  });

  it("an alias key does not count as the package it is named after", () => {
    const text = '{ "dependencies": { "@blackroad/api-client": "npm:@other/fork@^1.0.0" } }';
    expect(updateDependencies(text, { "@blackroad/api-client": "2.0.0" })).toEqual({
      ok: true,
      content: text,
      edits: [],
      kept: [],
    });
  });

  it("refuses a package.json that is not JSON", () => {
    expect(updateDependencies("{ nope", { a: "1.0.0" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^package.json is not valid JSON/),
    });
  });
});
