// The desired checklist and matrix that decide computes and render.ts presents. Types only.
import type { BranchRuleRow } from "../branch-rules.js";
import type { ComplianceItem, Tick } from "./train-state.js";

export type ItemStatus = "pending" | "running" | "done" | "failed" | "skipped" | "blocked";

export interface ChecklistItem {
  id: string;
  title: string;
  owner: string;
  kind: "bot" | "manual";
  status: ItemStatus;
  /** Progress across repositories, e.g. 7 of 11. */
  progress?: { done: number; total: number };
  detail?: string;
  tick?: Tick;
  /** Manual items: whom to ask, as GitHub mentions (`@lead`, `@org/team`) or a description. */
  askWho?: string;
}

export interface PhaseView {
  id: number;
  title: string;
  emoji: string;
  steps: ChecklistItem[];
}

export type CellStatus = "none" | "pending" | "running" | "ok" | "failed" | "skipped";

export interface RepoRow {
  fullName: string;
  name: string;
  url: string;
  level: number;
  team: string;
  dependsOn: string[];
  previousTag: string | null;
  branch: { status: CellStatus; oid: string | null };
  pr: { status: CellStatus; number: number | null; url: string | null };
  checks: { status: CellStatus; passed: number; total: number };
  /** The repository's team sign-off (2.4). */
  signoff: CellStatus;
  /** What runs where: status and a short text ("v2.0.0", "canary v2.0.0", "↩ v1.2.0"). */
  environments: Record<"staging" | "canary" | "production", { status: CellStatus; text: string }>;
  /** The rollback deployment to the previous release ("none" when the repository is not rolled back). */
  rolledBack: CellStatus;
  /** Phase 7 per repository: release PR merged, tag pushed, release published. */
  final: Record<"merged" | "tagged" | "released", CellStatus>;
  problems: string[];
  warnings: string[];
}

export interface SignoffRow {
  team: string;
  /** Who may sign: the team's leads as mentions (or the team itself). */
  leads: string[];
  reasons: string[];
  signedBy: string | null;
  at: string | null;
}

export interface TrainView {
  version: string;
  tag: string;
  branch: string;
  status: "active" | "blocked" | "done";
  /** Every postcondition held: the release is out. */
  finished: boolean;
  /** The hold in force, if any (auto: the bot held the train after a failure). */
  hold: { reason: string; auto: boolean } | null;
  aborted: boolean;
  /** The orchestration team as mentions (who approves, holds, resumes). */
  orchestrators: string;
  currentPhase: number;
  headline: string;
  preconditions: ChecklistItem[];
  phases: PhaseView[];
  repos: RepoRow[];
  problems: string[];
  signoffs: SignoffRow[];
  compliance: ComplianceItem[];
  /** The playbook's postconditions, checked from GitHub once Phase 7 runs. */
  postconditions: ChecklistItem[];
  /** The rollback procedure's steps, when one runs. */
  rollback: { mode: "immediate" | "extended"; reason: string; steps: ChecklistItem[]; summary: string } | null;
  /** Branch protection and rulesets per repository, and what GitHub says about each release PR. */
  branchRules?: BranchRuleRow[];
  /** Independent versioning: every repository's previous → next version, why, and its dependency updates. */
  versions?: VersionRow[];
  /** A train on a subset: the configured repositories not in it. */
  notInTrain?: OutsideRow[];
}

/** A configured repository outside a subset train: untouched, at its released version. */
export interface OutsideRow {
  name: string;
  fullName: string;
  url: string;
  team: string;
  /** Its newest release tag (what the train's repositories run against). */
  released: string | null;
  /** The train's repositories that depend on it (configured `dependsOn`). */
  neededBy: string[];
}

export interface VersionRow {
  name: string;
  fullName: string;
  previousTag: string | null;
  /** The tag it is released with; null when it has no changes and is not released. */
  nextTag: string | null;
  reason: string;
  group?: string;
  /** "`@blackroad/api-client` ^1.4.0 → ^2.0.0" */
  dependencies: string[];
  /** Ranges that would not accept (or, left as written, do not accept) a dependency's new version. */
  warnings: string[];
  lockfileRefresh: boolean;
}

/** Step results computed by the phase modules (status, progress, detail) by step id. */
export type ComputedSteps = Record<string, Pick<ChecklistItem, "status" | "progress" | "detail">>;
