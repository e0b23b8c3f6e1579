// The tracking issue body is a rendering plus a small hidden JSON block holding what
// the bot alone decided. This module reads and writes that block, the task-list
// ticks people make, and the markers that make bot comments idempotent.
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { TrainState } from "./model.js";

const STATE_RE = /<!-- release-train:state (\{.*?\})(?: sig=([0-9a-f]{64}))? -->/s;
/** Any state block, well-formed or not (for replacing one a person wrote). */
const ANY_STATE_RE = /<!-- release-train:state\b.*?-->/gs;
/** A release version as the train uses it in ref names (see version.ts); anything else in a state is refused. */
const STATE_VERSION_RE = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const MARKER_RE = /<!-- release-train:key=([^\s>]+) -->/;

const tickSchema = z.object({ by: z.string(), at: z.string(), via: z.string().optional() });
const signoffSchema = z.object({ by: z.string(), at: z.string(), via: z.string(), heads: z.record(z.string(), z.string()) });
const complianceSchema = z.object({ repo: z.string(), pr: z.number(), key: z.string(), label: z.string() });
const stateSchema = z.object({
  v: z.literal(1),
  version: z.string().max(64).regex(STATE_VERSION_RE),
  startedAt: z.string(),
  ticks: z.record(z.string(), tickSchema).default({}),
  acked: z.record(z.string(), z.string()).default({}),
  reactions: z.record(z.string(), z.enum(["+1", "confused"])).optional(),
  audit: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })).default([]),
  signoffs: z.record(z.string(), signoffSchema).default({}),
  approval: signoffSchema.optional(),
  compliance: z.record(z.string(), z.array(complianceSchema)).default({}),
  freeze: z.object({ mode: z.enum(["on", "off"]), by: z.string(), at: z.string() }).optional(),
  reached: z.record(z.string(), z.string()).default({}),
  intro: z.string().default(""),
  hold: z.object({ by: z.string(), at: z.string(), reason: z.string(), auto: z.boolean() }).optional(),
  aborted: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  accepted: z.record(z.string(), z.object({ by: z.string(), at: z.string() })).default({}),
  rollback: z
    .object({
      mode: z.enum(["immediate", "extended"]),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
      repos: z.array(z.string()),
      verifiedAt: z.string().optional(),
    })
    .optional(),
  finishedAt: z.string().optional(),
  /** How many revisions the body's edit history had when this state was decided (people's later edits are read from there). */
  revisions: z.number().int().nonnegative().optional(),
  reviewsRequested: z.record(z.string(), z.string()).optional(),
  retriedAt: z.string().optional(),
  /** Independent versioning: each repository's version, fixed when Phase 1 started, with the dependency updates its release commit made. */
  versions: z
    .record(
      z.string(),
      z.object({
        previousTag: z.string().nullable(),
        version: z.string(),
        tag: z.string(),
        bump: z.enum(["major", "minor", "patch"]).nullable(),
        release: z.boolean(),
        reason: z.string(),
        group: z.string().optional(),
        dependencies: z.array(z.object({ package: z.string(), from: z.string(), to: z.string(), acceptedBefore: z.boolean() })).optional(),
        kept: z.array(z.object({ package: z.string(), range: z.string(), why: z.string(), accepts: z.boolean() })).optional(),
        lockfileRefresh: z.boolean().optional(),
      }),
    )
    .optional(),
  openedAs: z.string().max(100).regex(/^[\w.-]+$/).optional(),
  successor: z.object({ version: z.string().max(64).regex(STATE_VERSION_RE), by: z.string(), at: z.string() }).optional(),
  subset: z.object({ repos: z.array(z.string()).min(1), by: z.string(), at: z.string(), via: z.string() }).optional(),
  reposIgnored: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  picks: z
    .array(
      z.object({
        repo: z.string(),
        sha: z.string().regex(/^[0-9a-f]{40}$/),
        headline: z.string().max(300),
        by: z.string(),
        at: z.string(),
        via: z.string(),
        appliedAs: z.string().regex(/^[0-9a-f]{40}$/).optional(),
        listed: z.boolean().optional(),
        conflicts: z.array(z.string()).optional(),
      }),
    )
    .max(100)
    .optional(),
});

/**
 * Serialises state into an HTML comment. Only what could end the comment is escaped: a
 * `-` before another `-` (so no `-->` or `--!>` can appear), which keeps user text at
 * its own size (escaping every `<` made it six times larger).
 */
export function encodeState(state: TrainState): string {
  // Through the schema, so keys always come out in one order and equal states render equal bodies.
  const json = JSON.stringify(stateSchema.parse(state)).replace(/-(?=-)/g, "\\u002d");
  return `<!-- release-train:state ${json} -->`;
}

/** The audit entries a state keeps, at most, in characters of its JSON: the state's size stays bounded. */
export const STATE_AUDIT_CHARS = 16_000;

/** Drops the oldest audit entries until the rest fit in STATE_AUDIT_CHARS, as the entry count is bounded too. */
export function boundAudit(audit: TrainState["audit"]): void {
  let size = JSON.stringify(audit).length;
  while (audit.length > 0 && size > STATE_AUDIT_CHARS) size -= JSON.stringify(audit.shift()).length + 1;
}

/** Reads the hidden state from a body; null when absent or not ours (garbled, hand-edited). */
export function decodeState(body: string): TrainState | null {
  const match = STATE_RE.exec(body);
  if (!match?.[1]) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(match[1]));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ---- integrity: the state block is signed for its train. What makes a block count is that
// it is the latest release-train wrote, which GitHub's edit history shows (see trust.ts). ----

/** HMAC of the state JSON, bound to the train so a block cannot be copied between trains. */
function signature(json: string, key: string, train: string): string {
  return createHmac("sha256", key).update(`release-train:state\n${train}\n${json}`).digest("hex");
}

/** Adds the signature to the state block of a rendered body (the same state always gets the same signature). */
export function sealBody(body: string, key: string, train: string): string {
  return body.replace(STATE_RE, (_block, json: string) => `<!-- release-train:state ${json} sig=${signature(json, key, train)} -->`);
}

/** The state block of a body as written, or null. */
export function stateBlockOf(body: string): string | null {
  return STATE_RE.exec(body)?.[0] ?? null;
}

/**
 * The body with its state block (any, even a malformed one) replaced by `block`. With
 * `block` null, a body that was ours (a block, our heading) gets an empty marker that
 * carries no state, so its text is not taken for a new issue's description; a new
 * issue's body stays as it is.
 */
export function withStateBlock(body: string, block: string | null): string {
  if (block === null && !wasRendered(body)) return body;
  const replacement = block ?? "<!-- release-train:state -->";
  let replaced = false;
  // A function, not a string: `$&` in the state's text must stay literal.
  const out = body.replace(ANY_STATE_RE, () => {
    if (replaced) return "";
    replaced = true;
    return replacement;
  });
  return replaced ? out : `${body}\n\n${replacement}\n`;
}

/** The heading every rendered tracking issue starts with. */
const RENDERED_RE = /^# 🚂 Release train v/m;

/** The body was once rendered by release-train: it has a state block (any) or our heading. */
export function wasRendered(body: string): boolean {
  return body.includes("<!-- release-train:state") || RENDERED_RE.test(body);
}

/** Task-list items rendered as `- [x] **ID** …`; returns id -> checked. */
export function readTicks(body: string): Map<string, boolean> {
  const ticks = new Map<string, boolean>();
  for (const match of body.matchAll(/^\s*[-*] \[( |x|X)\] \*\*([A-Z0-9.]+)\*\*/gm)) {
    const [, mark, id] = match;
    if (id) ticks.set(id, mark !== " ");
  }
  return ticks;
}

/** Hidden marker that identifies a bot comment, so the same comment is never posted twice. */
export function commentMarker(key: string): string {
  return `<!-- release-train:key=${key} -->`;
}

export function markerOf(body: string): string | null {
  return MARKER_RE.exec(body)?.[1] ?? null;
}
