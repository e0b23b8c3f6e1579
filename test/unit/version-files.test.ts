import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bumpVersionFile, defaultVersionFiles, type BumpResult } from "../../src/changelog/version-files.js";

function ok(result: BumpResult) {
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result;
}
function err(result: BumpResult): string {
  if (result.ok) throw new Error("expected an error");
  return result.message;
}

describe("package.json", () => {
  const twoSpaces = `{
  "name": "@acme/widgets",
  "version": "1.4.0",
  "private": false,
  "scripts": {
    "build": "tsc"
  },
  "dependencies": {
    "semver": {
      "version": "7.7.2"
    }
  },
  "workspaces": [{ "version": "0.0.1" }]
}
`;

  it("changes only the top-level version (2-space indent)", () => {
    const r = ok(bumpVersionFile("package.json", twoSpaces, "2.0.0"));
    expect(r.previous).toBe("1.4.0");
    expect(r.changed).toBe(true);
    expect(r.content).toBe(twoSpaces.replace('"version": "1.4.0"', '"version": "2.0.0"'));
    expect(r.content).toContain('"version": "7.7.2"');
    expect(r.content).toContain('{ "version": "0.0.1" }');
    expect(r.content.endsWith("}\n")).toBe(true);
  });

  it("preserves 4-space indentation, key order and a missing trailing newline", () => {
    const fourSpaces = `{
    "version":"0.9.1",
    "name": "w",
    "nested": { "version": "0.9.1" }
}`;
    const r = ok(bumpVersionFile("packages/w/package.json", fourSpaces, "1.0.0"));
    expect(r.content).toBe(`{
    "version":"1.0.0",
    "name": "w",
    "nested": { "version": "0.9.1" }
}`);
    expect(r.previous).toBe("0.9.1");
  });

  it("preserves tabs and CRLF", () => {
    const content = '{\r\n\t"name": "x",\r\n\t"version": "1.0.0"\r\n}\r\n';
    expect(ok(bumpVersionFile("package.json", content, "1.1.0")).content).toBe(
      '{\r\n\t"name": "x",\r\n\t"version": "1.1.0"\r\n}\r\n',
    );
  });

  it("reports unchanged when already at the version", () => {
    const r = ok(bumpVersionFile("package.json", twoSpaces, "1.4.0"));
    expect(r).toEqual({ ok: true, content: twoSpaces, previous: "1.4.0", changed: false });
  });

  it("names the file when the version field is missing", () => {
    const content = '{\n  "name": "x",\n  "dependencies": { "a": { "version": "1.0.0" } }\n}\n';
    expect(err(bumpVersionFile("packages/x/package.json", content, "1.0.0"))).toBe(
      'packages/x/package.json has no top-level "version" field',
    );
  });

  it("rejects invalid JSON and non-string versions", () => {
    expect(err(bumpVersionFile("package.json", "{ nope", "1.0.0"))).toMatch(/^package\.json is not valid JSON/);
    expect(err(bumpVersionFile("package.json", '{ "version": 1 }', "1.0.0"))).toMatch(
      /"version" in package\.json is not a string/,
    );
  });

  it("rejects a version that isn't semver", () => {
    expect(err(bumpVersionFile("package.json", twoSpaces, "v2.0.0"))).toMatch(/not a semver version/);
  });

  it("round-trips any JSON.stringify formatting", () => {
    const jsonValue = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 6 }),
        fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 6 }),
        fc.constantFrom(0, 2, 4, "\t"),
        fc.boolean(),
        (before, after, indent, newline) => {
          delete before["version"];
          delete after["version"];
          const pkg = { ...before, version: "1.2.3", ...after };
          const text = JSON.stringify(pkg, null, indent) + (newline ? "\n" : "");
          const r = ok(bumpVersionFile("package.json", text, "3.0.0-rc.1"));
          expect(r.content).toBe(
            JSON.stringify({ ...pkg, version: "3.0.0-rc.1" }, null, indent) + (newline ? "\n" : ""),
          );
          expect(r.previous).toBe("1.2.3");
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("package-lock.json", () => {
  const lock = `{
  "name": "widgets",
  "version": "1.4.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "widgets",
      "version": "1.4.0",
      "dependencies": {
        "semver": "^7.7.2"
      }
    },
    "node_modules/semver": {
      "version": "7.7.2",
      "resolved": "https://registry.npmjs.org/semver/-/semver-7.7.2.tgz"
    }
  }
}
`;

  it('updates the top-level version and packages[""].version only', () => {
    const r = ok(bumpVersionFile("package-lock.json", lock, "2.0.0"));
    expect(r.previous).toBe("1.4.0");
    expect(r.changed).toBe(true);
    expect(r.content).toBe(
      lock
        .replace('"version": "1.4.0",\n  "lockfileVersion"', '"version": "2.0.0",\n  "lockfileVersion"')
        .replace('"name": "widgets",\n      "version": "1.4.0"', '"name": "widgets",\n      "version": "2.0.0"'),
    );
    expect(r.content).toContain('"version": "7.7.2"');
    expect(r.content.match(/"version": "2\.0\.0"/g)).toHaveLength(2);
  });

  it("handles lockfile v1 (no packages section)", () => {
    const v1 =
      '{\n  "name": "w",\n  "version": "0.1.0",\n  "lockfileVersion": 1,\n  "dependencies": {\n    "a": { "version": "0.1.0" }\n  }\n}\n';
    const r = ok(bumpVersionFile("package-lock.json", v1, "0.2.0"));
    expect(r.content).toBe(
      v1.replace('"version": "0.1.0",\n  "lockfileVersion"', '"version": "0.2.0",\n  "lockfileVersion"'),
    );
  });

  it("is unchanged when already at the version", () => {
    expect(ok(bumpVersionFile("package-lock.json", lock, "1.4.0"))).toEqual({
      ok: true,
      content: lock,
      previous: "1.4.0",
      changed: false,
    });
  });

  it("names the file when the version field is missing", () => {
    expect(err(bumpVersionFile("app/package-lock.json", '{ "lockfileVersion": 3, "packages": {} }', "1.0.0"))).toBe(
      'app/package-lock.json has no top-level "version" field',
    );
  });
});

describe("VERSION files", () => {
  it("replaces the whole content, keeping a trailing newline", () => {
    expect(ok(bumpVersionFile("VERSION", "1.4.0\n", "2.0.0"))).toEqual({
      ok: true,
      content: "2.0.0\n",
      previous: "1.4.0",
      changed: true,
    });
  });
  it("does not add a newline that wasn't there", () => {
    expect(ok(bumpVersionFile("tools/cli/VERSION", "1.4.0", "2.0.0"))).toEqual({
      ok: true,
      content: "2.0.0",
      previous: "1.4.0",
      changed: true,
    });
  });
  it("keeps a v prefix and handles empty files", () => {
    expect(ok(bumpVersionFile("VERSION", "v1.4.0\n", "1.5.0")).content).toBe("v1.5.0\n");
    expect(ok(bumpVersionFile("VERSION", "", "0.1.0"))).toEqual({
      ok: true,
      content: "0.1.0",
      previous: null,
      changed: true,
    });
  });
  it("is unchanged when already at the version", () => {
    expect(ok(bumpVersionFile("VERSION", "2.0.0\n", "2.0.0"))).toEqual({
      ok: true,
      content: "2.0.0\n",
      previous: "2.0.0",
      changed: false,
    });
  });
});

describe("pattern rules", () => {
  const cargo = `[package]
name = "widgets"
version = "1.4.0"

[dependencies]
serde = { version = "1.0.0" }
`;
  const rule = { path: "Cargo.toml", pattern: '^version = "([^"]+)"' };

  it("replaces the first capture group of the first match", () => {
    const r = ok(bumpVersionFile(rule, cargo, "2.0.0"));
    expect(r.content).toBe(cargo.replace('version = "1.4.0"', 'version = "2.0.0"'));
    expect(r.previous).toBe("1.4.0");
    expect(r.changed).toBe(true);
  });

  it("replaces only the group, even when text around it matches", () => {
    const r = ok(
      bumpVersionFile(
        { path: "src/version.ts", pattern: "VERSION = '(\\d+\\.\\d+\\.\\d+)'; // 1" },
        "export const VERSION = '1.0.0'; // 1\n",
        "1.0.1",
      ),
    );
    expect(r.content).toBe("export const VERSION = '1.0.1'; // 1\n");
  });

  it("wins over the built-in handling of known file names", () => {
    const r = ok(
      bumpVersionFile(
        { path: "package.json", pattern: '"appVersion": "([^"]+)"' },
        '{ "version": "1.0.0", "appVersion": "1.0.0" }',
        "2.0.0",
      ),
    );
    expect(r.content).toBe('{ "version": "1.0.0", "appVersion": "2.0.0" }');
  });

  it("reports a pattern that does not match", () => {
    expect(err(bumpVersionFile({ path: "Cargo.toml", pattern: '^appVersion = "(.+)"' }, cargo, "2.0.0"))).toBe(
      'pattern /^appVersion = "(.+)"/ did not match in Cargo.toml',
    );
  });

  it("reports invalid patterns and patterns without a capture group", () => {
    expect(err(bumpVersionFile({ path: "a.txt", pattern: "(" }, "x", "1.0.0"))).toMatch(
      /not a valid regular expression/,
    );
    expect(err(bumpVersionFile({ path: "a.txt", pattern: "\\d+" }, "1", "1.0.0"))).toMatch(/needs a capture group/);
    expect(err(bumpVersionFile({ path: "a.txt", pattern: "v(\\d)?x" }, "vx", "1.0.0"))).toMatch(
      /capture group did not/,
    );
  });

  it("is unchanged when already at the version", () => {
    expect(ok(bumpVersionFile(rule, cargo, "1.4.0"))).toEqual({
      ok: true,
      content: cargo,
      previous: "1.4.0",
      changed: false,
    });
  });
});

describe("unknown files", () => {
  it("asks for a pattern", () => {
    expect(err(bumpVersionFile("setup.py", "version='1'", "1.0.0"))).toMatch(/setup\.py.*\{ path, pattern \}/);
  });
});

describe("defaultVersionFiles", () => {
  it("picks package.json and its lockfile when present", () => {
    expect(defaultVersionFiles(new Set(["package.json", "package-lock.json", "README.md"]))).toEqual([
      "package.json",
      "package-lock.json",
    ]);
    expect(defaultVersionFiles(new Set(["package.json"]))).toEqual(["package.json"]);
    expect(defaultVersionFiles(new Set(["VERSION", "packages/a/package.json"]))).toEqual([]);
    expect(defaultVersionFiles(new Set())).toEqual([]);
  });
});
