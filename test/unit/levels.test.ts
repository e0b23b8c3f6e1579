// The one walk over the release order that staging, production, the merges and the
// rollback share: which levels may start, which are done, and why the others wait.
import { describe, expect, it } from "vitest";
import { walkLevels, walkRepos, type WalkOptions } from "../../src/train/levels.js";
import type { PlannedRepo, ReleasePlan } from "../../src/train/plan.js";

const repo = (name: string, level: number, deploy = true): PlannedRepo => ({
  owner: "o",
  name,
  fullName: `o/${name}`,
  team: "t",
  dependsOn: [],
  level,
  versionFiles: undefined,
  deploy,
  entryIndex: 0,
});

/** Levels given by name; a name ending in "-" does not deploy. */
const planOf = (levels: string[][]): Pick<ReleasePlan, "levels"> => ({
  levels: levels.map((names, i) =>
    names.map((n) => (n.endsWith("-") ? repo(n.slice(0, -1), i + 1, false) : repo(n, i + 1))),
  ),
});

interface Case {
  name: string;
  levels: string[][];
  /** The repositories whose visit reports them done. */
  done: string[];
  options?: WalkOptions;
  /** Per level in walk order: "state" or "state: why". */
  expected: string[];
  through: boolean;
  /** Every visit in order, as `name:mayStart`. */
  visits: string[];
}

const cases: Case[] = [
  {
    name: "nothing done yet: the first level may start, the others wait for it",
    levels: [["a"], ["b", "c"], ["d"]],
    done: [],
    expected: ["running", "blocked: level 1 is not done", "blocked: level 1 is not done"],
    through: false,
    visits: ["a:true", "b:false", "c:false", "d:false"],
  },
  {
    name: "a level half done holds every later level",
    levels: [["a"], ["b", "c"], ["d"]],
    done: ["a", "b"],
    expected: ["done", "running", "blocked: level 2 is not done"],
    through: false,
    visits: ["a:true", "b:true", "c:true", "d:false"],
  },
  {
    name: "every level done: the walk is through",
    levels: [["a"], ["b", "c"], ["d"]],
    done: ["a", "b", "c", "d"],
    expected: ["done", "done", "done"],
    through: true,
    visits: ["a:true", "b:true", "c:true", "d:true"],
  },
  {
    name: "a later level already done reads done, but the one after it still waits for the first gap",
    levels: [["a"], ["b"], ["c"], ["d"]],
    done: ["a", "c"],
    expected: ["done", "running", "done", "blocked: level 2 is not done"],
    through: false,
    visits: ["a:true", "b:true", "c:false", "d:false"],
  },
  {
    name: "a closed gate blocks the first level with its reason",
    levels: [["a"], ["b"]],
    done: [],
    options: { gate: "staging is not validated" },
    expected: ["blocked: staging is not validated", "blocked: staging is not validated"],
    through: false,
    visits: ["a:false", "b:false"],
  },
  {
    name: "a closed gate keeps the walk from being through even when every level is done",
    levels: [["a"], ["b"]],
    done: ["a", "b"],
    options: { gate: "maintenance mode is not on" },
    expected: ["done", "done"],
    through: false,
    visits: ["a:false", "b:false"],
  },
  {
    name: "an open gate (null) is no gate",
    levels: [["a"], ["b"]],
    done: ["a"],
    options: { gate: null },
    expected: ["done", "running"],
    through: false,
    visits: ["a:true", "b:true"],
  },
  {
    name: "reverse: the highest level goes first and holds the lower ones",
    levels: [["a"], ["b", "c"], ["d"]],
    done: ["d"],
    options: { reverse: true },
    expected: ["done", "running", "blocked: level 2 is not done"],
    through: false,
    visits: ["d:true", "b:true", "c:true", "a:false"],
  },
  {
    name: "only: repositories outside the walk are not visited, and a level left empty counts as done",
    levels: [["a"], ["b-"], ["c"]],
    done: ["a"],
    options: { only: (r) => r.deploy },
    expected: ["done", "done", "running"],
    through: false,
    visits: ["a:true", "c:true"],
  },
  {
    name: "an empty plan is through at once",
    levels: [],
    done: [],
    expected: [],
    through: true,
    visits: [],
  },
];

describe("walking the release order", () => {
  it.each(cases)("$name", ({ levels, done, options, expected, through, visits }) => {
    const seen: string[] = [];
    const walk = walkRepos(
      planOf(levels),
      (r, mayStart) => {
        seen.push(`${r.name}:${mayStart}`);
        return done.includes(r.name);
      },
      options,
    );
    expect(walk.levels.map((l) => (l.why ? `${l.state}: ${l.why}` : l.state))).toEqual(expected);
    expect(walk.through).toBe(through);
    expect(seen).toEqual(visits);
  });

  it("numbers the levels as the plan does and lists each level's repositories, in reverse too", () => {
    const plan = planOf([["a"], ["b", "c"], ["d"]]);
    const forward = walkLevels(plan, () => false);
    expect(forward.levels.map((l) => [l.level, l.repos.map((r) => r.name)])).toEqual([
      [1, ["a"]],
      [2, ["b", "c"]],
      [3, ["d"]],
    ]);
    const backward = walkLevels(plan, () => true, { reverse: true });
    expect(backward.levels.map((l) => l.level)).toEqual([3, 2, 1]);
  });

  it("walkLevels leaves the level's verdict to its visit: one call per level with its number and whether it may start", () => {
    const calls: string[] = [];
    const walk = walkLevels(planOf([["a", "b"], ["c"], ["d"]]), (repos, mayStart, level) => {
      calls.push(`${level}:${repos.map((r) => r.name).join("+")}:${mayStart}`);
      return level === 1;
    });
    expect(calls).toEqual(["1:a+b:true", "2:c:true", "3:d:false"]);
    expect(walk.levels.map((l) => l.state)).toEqual(["done", "running", "blocked"]);
  });
});
