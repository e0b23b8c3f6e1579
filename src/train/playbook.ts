// The playbook as data: phases, steps, owners. Everything the tracking issue shows
// and every rule in decide.ts refers to steps by these ids.

/** Who performs a step. "bot" steps are done by release-train; the rest are people. */
export type StepKind = "bot" | "manual";

export interface StepDef {
  id: string;
  title: string;
  /** Display name of the owner, as in the playbook. */
  owner: string;
  /** Config team key whose members may tick/`/check` the step; "all" = any signoff team lead. */
  ownerTeam: string | null;
  kind: StepKind;
}

export interface PhaseDef {
  id: number;
  title: string;
  emoji: string;
  steps: StepDef[];
}

export interface PreconditionDef {
  id: string;
  title: string;
  kind: StepKind;
  ownerTeam: string | null;
}

const bot = (id: string, title: string, owner = "Release Agent 🤖"): StepDef => ({
  id,
  title,
  owner,
  ownerTeam: null,
  kind: "bot",
});

const manual = (id: string, title: string, owner: string, ownerTeam: string): StepDef => ({
  id,
  title,
  owner,
  ownerTeam,
  kind: "manual",
});

export const PRECONDITIONS: PreconditionDef[] = [
  {
    id: "P1",
    title: "Train version is valid and newer than every repository's last release",
    kind: "bot",
    ownerTeam: null,
  },
  { id: "P2", title: "Previous release tag found in every repository", kind: "bot", ownerTeam: null },
  { id: "P3", title: "All automated tests are passing across the constellation", kind: "bot", ownerTeam: null },
  { id: "P4", title: "Security scans have been completed with no critical issues", kind: "bot", ownerTeam: null },
  { id: "P5", title: "Release notes are drafted for each repository", kind: "bot", ownerTeam: null },
  {
    id: "P6",
    title: "All core repositories have completed their individual release preparations",
    kind: "manual",
    ownerTeam: "orchestration",
  },
  { id: "P7", title: "Rollback procedures are documented and tested", kind: "manual", ownerTeam: "orchestration" },
  { id: "P8", title: "All teams have acknowledged release schedule", kind: "manual", ownerTeam: "orchestration" },
  { id: "P9", title: "Branch protection and rulesets allow the release", kind: "bot", ownerTeam: null },
];

export const PHASES: PhaseDef[] = [
  {
    id: 1,
    title: "Release Preparation",
    emoji: "📝",
    steps: [
      bot("1.1", "Create release branch in each core repository"),
      bot("1.2", "Freeze feature merges (code freeze)", "Orchestration Team"),
      bot("1.3", "Generate changelog for each repository"),
      bot("1.4", "Update version numbers"),
      bot("1.5", "Create release PR in each repository"),
    ],
  },
  {
    id: 2,
    title: "Validation & Approval",
    emoji: "✅",
    steps: [
      bot("2.1", "Run full integration test suite", "Test Agent 🤖"),
      bot("2.2", "Perform security scan", "Security Scanning Agent 🤖"),
      manual("2.3", "Conduct release review meeting", "Orchestration Team", "orchestration"),
      bot("2.4", "Obtain sign-off from each team lead", "All Team Leads"),
      bot("2.5", "Final approval from Orchestration Team", "Orchestration Team"),
    ],
  },
  {
    id: 3,
    title: "Staging Deployment",
    emoji: "🟡",
    steps: [
      bot("3.1", "Deploy infrastructure changes", "Infrastructure Team"),
      bot("3.2", "Deploy API gateway", "Backend Team"),
      bot("3.3", "Deploy API", "Backend Team"),
      bot("3.4", "Deploy core", "Core Platform Team"),
      bot("3.5", "Deploy web", "Frontend Team"),
      bot("3.6", "Deploy active packs", "Packs Team"),
      bot("3.7", "Verify staging environment health", "Observability Team"),
    ],
  },
  {
    id: 4,
    title: "Staging Validation",
    emoji: "🧪",
    steps: [
      bot("4.1", "Execute staging smoke tests", "Test Agent 🤖"),
      manual("4.2", "Perform manual QA verification", "All Teams", "all"),
      manual("4.3", "Validate monitoring and alerting", "Observability Team", "observability"),
      manual("4.4", "Confirm staging sign-off", "Orchestration Team", "orchestration"),
    ],
  },
  {
    id: 5,
    title: "Production Deployment",
    emoji: "🟢",
    steps: [
      bot("5.1", "Enable maintenance mode (if applicable)", "Infrastructure Team"),
      bot("5.2", "Deploy infrastructure changes", "Infrastructure Team"),
      bot("5.3", "Deploy backend services (canary)", "Backend Team"),
      bot("5.4", "Verify canary health", "Observability Team"),
      bot("5.5", "Full backend rollout", "Backend Team"),
      bot("5.6", "Deploy frontend (canary)", "Frontend Team"),
      bot("5.7", "Full frontend rollout", "Frontend Team"),
      bot("5.8", "Deploy packs (canary → full)", "Packs Team"),
      bot("5.9", "Disable maintenance mode", "Infrastructure Team"),
    ],
  },
  {
    id: 6,
    title: "Post-Deployment Verification",
    emoji: "✅",
    steps: [
      bot("6.1", "Verify production health checks", "Observability Team"),
      bot("6.2", "Monitor error rates and performance", "Observability Team"),
      manual("6.3", "Validate critical user journeys", "All Teams", "all"),
      manual("6.4", "Confirm no alert escalations", "Observability Team", "observability"),
    ],
  },
  {
    id: 7,
    title: "Release Finalization",
    emoji: "🎉",
    steps: [
      bot("7.1", "Merge release PRs in all repositories"),
      bot("7.2", "Create and push release tags"),
      bot("7.3", "Publish release notes", "Brand & Docs Team"),
      bot("7.4", "Update `status/summary.json`", "Orchestration Team"),
      bot("7.5", "Archive release artifacts", "Observability Team"),
      bot("7.6", "Send release announcement", "Brand & Docs Team"),
      manual("7.7", "Conduct release retrospective", "Orchestration Team", "orchestration"),
    ],
  },
];

/** The extended rollback's one manual step (the rest are in deploy/rollback.ts). */
export const ROLLBACK_MANUAL: StepDef = manual("R2", "Revert database migrations", "Owning teams", "all");

const STEP_INDEX = new Map<string, StepDef>([
  ...PHASES.flatMap((phase) => phase.steps.map((step) => [step.id, step] as const)),
  [ROLLBACK_MANUAL.id, ROLLBACK_MANUAL],
]);
const PRECONDITION_INDEX = new Map<string, PreconditionDef>(PRECONDITIONS.map((p) => [p.id, p] as const));

export function stepById(id: string): StepDef | undefined {
  return STEP_INDEX.get(id);
}

export function preconditionById(id: string): PreconditionDef | undefined {
  return PRECONDITION_INDEX.get(id);
}

/** Every id a person may tick or `/check`: manual steps and manual preconditions. */
export function manualItemIds(): string[] {
  return [
    ...PRECONDITIONS.filter((p) => p.kind === "manual").map((p) => p.id),
    ...PHASES.flatMap((phase) => phase.steps.filter((s) => s.kind === "manual").map((s) => s.id)),
    ROLLBACK_MANUAL.id,
  ];
}

/** The team that owns a step or precondition (null: the orchestration team alone). */
export function ownerTeamOf(id: string): string | null {
  return stepById(id)?.ownerTeam ?? preconditionById(id)?.ownerTeam ?? null;
}

/** A step's or precondition's title, for replies and the audit log. */
export function titleOf(id: string): string {
  return stepById(id)?.title ?? preconditionById(id)?.title ?? id;
}
