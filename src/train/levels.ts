// The release order, walked once for every phase that follows it: staging, production,
// the Phase 7 merges and the rollback (in reverse). A level starts only when every level
// before it succeeded; each level is still visited, so what already runs there is read.
// Pure.
import type { PlannedRepo, ReleasePlan } from "./plan.js";

export type LevelState = "done" | "running" | "blocked";

export interface LevelReport {
  /** 1-based, as in the plan. */
  level: number;
  repos: PlannedRepo[];
  /** done: every repository in it is done; running: it may start; blocked: it may not yet. */
  state: LevelState;
  /** Why a blocked level may not start: the walk's gate, or the level before it that is not done. */
  why?: string;
}

export interface WalkOptions {
  /** The repositories this walk covers (others are left out of their level). */
  only?: (repo: PlannedRepo) => boolean;
  /** Highest level first (the rollback). */
  reverse?: boolean;
  /** Why the walk may not start at all (approval missing, staging not validated), or null. */
  gate?: string | null;
}

export interface Walk {
  levels: LevelReport[];
  /** The walk could start and every level is done. */
  through: boolean;
}

/**
 * Visits each level of the plan in order with whether it may start; `visit` says whether
 * the level is done. Levels without a covered repository count as done.
 */
export function walkLevels(
  plan: Pick<ReleasePlan, "levels">,
  visit: (repos: PlannedRepo[], mayStart: boolean, level: number) => boolean,
  options: WalkOptions = {},
): Walk {
  const numbered = plan.levels.map((repos, i) => ({
    level: i + 1,
    repos: options.only ? repos.filter(options.only) : repos,
  }));
  if (options.reverse) numbered.reverse();
  let why: string | undefined = options.gate ?? undefined;
  const levels: LevelReport[] = [];
  for (const { level, repos } of numbered) {
    const done = visit(repos, why === undefined, level);
    const state: LevelState = done ? "done" : why === undefined ? "running" : "blocked";
    levels.push({ level, repos, state, ...(state === "blocked" ? { why } : {}) });
    if (!done) why ??= `level ${level} is not done`;
  }
  return { levels, through: why === undefined };
}

/** The same walk repository by repository: a level is done when each of its repositories is (every one is visited). */
export function walkRepos(
  plan: Pick<ReleasePlan, "levels">,
  visit: (repo: PlannedRepo, mayStart: boolean) => boolean,
  options: WalkOptions = {},
): Walk {
  return walkLevels(
    plan,
    (repos, mayStart) => repos.map((repo) => visit(repo, mayStart)).filter((done) => !done).length === 0,
    options,
  );
}
