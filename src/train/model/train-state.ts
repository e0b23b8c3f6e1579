// What the bot alone decided, kept hidden in the tracking issue body: the schema that
// reads it back (anything else in a state block is refused) and, derived from it, the
// types the core works with — defined once.
import { z } from "zod";

/** A release version as the train uses it in ref names (see version.ts); anything else in a state is refused. */
export const STATE_VERSION_RE =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const SHA = /^[0-9a-f]{40}$/;

/** The most of a reply's (or an issue's) text the state keeps while it is owed (see owed-writes.ts). */
export const OWED_TEXT_CHARS = 4_000;

/** A reply, or an issue when `issue` is set, decided once and made again until GitHub shows it. */
const owedWriteSchema = z.object({
  text: z.string().max(OWED_TEXT_CHARS),
  issue: z.object({ title: z.string().max(256), labels: z.array(z.string().max(50)).max(10) }).optional(),
});

const auditEntrySchema = z.object({ at: z.string(), actor: z.string(), text: z.string() });

const tickSchema = z.object({
  by: z.string(),
  at: z.string(),
  /** "tick" for a task-list tick, "comment:<id>" for a `/check` command. */
  via: z.string().optional(),
});

/** A team lead's `/signoff` (or the final approval), with the release heads it covered: new commits withdraw it. */
const signoffSchema = z.object({
  by: z.string(),
  at: z.string(),
  via: z.string(),
  heads: z.record(z.string(), z.string()),
});

/** A pull request shipped in the train that carries a compliance label. */
const complianceSchema = z.object({
  repo: z.string(),
  pr: z.number(),
  /** Key of the compliance entry in the config (finance, identity, legal …). */
  key: z.string(),
  label: z.string(),
});

const rollbackSchema = z.object({
  mode: z.enum(["immediate", "extended"]),
  reason: z.string(),
  by: z.string(),
  /** When the problem was detected (the 15-minute target runs from here). */
  at: z.string(),
  /** Repositories to roll back (full names). */
  repos: z.array(z.string()),
  /** When every rollback deployment was verified. */
  verifiedAt: z.string().optional(),
});

/** A repository's version in an independent train (see version-policy.ts), and what its release commit did to its dependencies. */
const recordedVersionSchema = z.object({
  previousTag: z.string().nullable(),
  version: z.string(),
  tag: z.string(),
  bump: z.enum(["major", "minor", "patch"]).nullable(),
  release: z.boolean(),
  reason: z.string(),
  group: z.string().optional(),
  dependencies: z
    .array(z.object({ package: z.string(), from: z.string(), to: z.string(), acceptedBefore: z.boolean() }))
    .optional(),
  kept: z.array(z.object({ package: z.string(), range: z.string(), why: z.string(), accepts: z.boolean() })).optional(),
  /** The release commit changed dependency ranges and the repository has a package-lock.json its CI must refresh. */
  lockfileRefresh: z.boolean().optional(),
});

/** A fix cherry-picked onto a repository's release branch, on whose word and from which comment. */
const pickedFixSchema = z.object({
  repo: z.string(),
  /** The named commit (full sha). */
  sha: z.string().regex(SHA),
  headline: z.string().max(300),
  by: z.string(),
  at: z.string(),
  via: z.string(),
  /** The cherry-pick on the release branch, once GitHub shows it. */
  appliedAs: z.string().regex(SHA).optional(),
  /** CHANGELOG.md on the release branch lists it: nothing more to read or write. */
  listed: z.boolean().optional(),
  /** The release branch moved and the fix no longer applies: these paths conflict (the pick is given up). */
  conflicts: z.array(z.string()).optional(),
});

export const trainStateSchema = z.object({
  v: z.literal(1),
  version: z.string().max(64).regex(STATE_VERSION_RE),
  startedAt: z.string(),
  /** Manual steps and preconditions ticked by their owners. */
  ticks: z.record(z.string(), tickSchema).default({}),
  /** Command comments already acknowledged: comment id -> the version of it evaluated. */
  acked: z.record(z.string(), z.string()).default({}),
  /** The reaction each acknowledged command comment is owed (sent again until GitHub shows it). */
  reactions: z.record(z.string(), z.enum(["+1", "confused"])).optional(),
  /** Replies and issues decided once and not yet seen on GitHub, by marker key (made again until shown, see owed-writes.ts). */
  owed: z.record(z.string().max(100), owedWriteSchema).optional(),
  audit: z.array(auditEntrySchema).default([]),
  /** Team key -> the sign-off in force. */
  signoffs: z.record(z.string(), signoffSchema).default({}),
  /** Final approval (2.5) with the heads it covered. */
  approval: signoffSchema.optional(),
  /** Compliance-labelled PRs found per repository when its history was read (repo -> items). */
  compliance: z.record(z.string(), z.array(complianceSchema)).default({}),
  /** `/freeze` (on early) or `/unfreeze` (off) by the orchestration team. */
  freeze: z.object({ mode: z.enum(["on", "off"]), by: z.string(), at: z.string() }).optional(),
  /** When each checklist item first became done (phase durations, retrospective). */
  reached: z.record(z.string(), z.string()).default({}),
  /** The issue's original description, kept above the checklist. */
  intro: z.string().default(""),
  /** `/hold` by a person, or the bot holding the train after a non-critical failure. */
  hold: z.object({ by: z.string(), at: z.string(), reason: z.string(), auto: z.boolean() }).optional(),
  aborted: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  /** Non-critical failures a person chose to ship with (`/hotfix`), by failure key. */
  accepted: z.record(z.string(), z.object({ by: z.string(), at: z.string() })).default({}),
  rollback: rollbackSchema.optional(),
  /** When the postconditions held: the train is finished (freeze lifted, milestone closed). */
  finishedAt: z.string().optional(),
  /** How many revisions the body's edit history had when this state was decided (people's later edits are read from there). */
  revisions: z.number().int().nonnegative().optional(),
  /** Release PRs whose reviews the bot requested (repo -> when): asked once. */
  reviewsRequested: z.record(z.string(), z.string()).optional(),
  /** The last accepted `/retry`: merge-queue removals before it no longer hold the train. */
  retriedAt: z.string().optional(),
  /** Independent versioning: each repository's version, fixed when Phase 1 started (see repo-versions.ts). */
  versions: z.record(z.string(), recordedVersionSchema).optional(),
  /** The key of the issue the app opened for this train (a successor's), kept in the body so the opener finds it. */
  openedAs: z
    .string()
    .max(100)
    .regex(/^[\w.-]+$/)
    .optional(),
  /** `/rc` or `/promote`: the train that continues this one on its release branch. */
  successor: z
    .object({ version: z.string().max(64).regex(STATE_VERSION_RE), by: z.string(), at: z.string() })
    .optional(),
  /** A train on a subset: the repositories it releases (full names), chosen by `repos:` in the body ("body") or `/only` ("comment:<id>"). */
  subset: z.object({ repos: z.array(z.string()).min(1), by: z.string(), at: z.string(), via: z.string() }).optional(),
  /** The body's `repos:` line, ignored: who saved it and why (the notice is posted once). */
  reposIgnored: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  /** `/pick`: fix commits the orchestration team named for a patch train's release branches, in order. */
  picks: z.array(pickedFixSchema).max(100).optional(),
});

export type TrainState = z.output<typeof trainStateSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type Tick = z.output<typeof tickSchema>;
export type Signoff = z.output<typeof signoffSchema>;
export type ComplianceItem = z.output<typeof complianceSchema>;
export type RollbackState = z.output<typeof rollbackSchema>;
export type RecordedVersion = z.output<typeof recordedVersionSchema>;
export type OwedWrite = z.output<typeof owedWriteSchema>;
export type PickedFix = z.output<typeof pickedFixSchema>;
