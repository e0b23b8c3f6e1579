// The Node versions release-train supports: every version `engines` allows installs every
// package without an engine warning, and what ships (the image, the Actions mode) runs
// on a supported Node that is not past its end of life.
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
/** Node 20 reached its end of life on 2026-04-30. */
const OLDEST_SHIPPED_MAJOR = 22;

describe("Node support", () => {
  it("every package npm ci installs accepts every Node version that `engines` allows", () => {
    const lock = JSON.parse(read("package-lock.json")) as {
      packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages).flatMap(([path, pkg]) => {
      const node = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      // Optional packages are platform builds npm skips where they do not apply.
      if (path === "" || pkg.optional || !node) return [];
      return semver.subset(engines, node)
        ? []
        : [`${path.replace(/^.*node_modules\//, "")}@${pkg.version} wants node ${node}`];
    });
    expect(refusing).toEqual([]);
    expect(semver.satisfies(process.version, engines), `this machine's ${process.version}`).toBe(true);
  });

  it("the container image and the Actions mode run on a supported Node past 20", () => {
    const images = [...read("Dockerfile").matchAll(/^FROM node:(\d+)\S*/gm)].map((m) => Number(m[1]));
    expect(images).toHaveLength(2);
    const action = /node-version:\n(?:\s+\w+:.*\n)*?\s+default: "(\d+)"/.exec(read("action.yml"))?.[1];
    expect(action).toBeDefined();
    for (const major of [...images, Number(action)]) {
      expect(major).toBeGreaterThanOrEqual(OLDEST_SHIPPED_MAJOR);
      expect(semver.intersects(`${major}.x`, engines)).toBe(true);
    }
  });

  it("CI tests every supported major", () => {
    const matrix = /node: \[([^\]]*)\]/
      .exec(read(".github/workflows/ci.yml"))?.[1]
      ?.split(",")
      .map((v) => v.trim());
    expect(matrix).toEqual(["20.x", "22.x", "24.x"]);
  });
});
