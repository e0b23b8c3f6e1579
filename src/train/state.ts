// The tracking issue body is a rendering plus a small hidden JSON block holding what
// the bot alone decided. This module reads and writes that block, the task-list
// ticks people make, and the markers that make bot comments idempotent.
import { z } from "zod";
import type { TrainState } from "./model.js";

const STATE_RE = /<!-- release-train:state (\{.*?\}) -->/s;
const MARKER_RE = /<!-- release-train:key=([^\s>]+) -->/;

const tickSchema = z.object({ by: z.string(), at: z.string(), via: z.string().optional() });
const signoffSchema = z.object({ by: z.string(), at: z.string(), via: z.string(), heads: z.record(z.string(), z.string()) });
const complianceSchema = z.object({ repo: z.string(), pr: z.number(), key: z.string(), label: z.string() });
const stateSchema = z.object({
  v: z.literal(1),
  version: z.string(),
  startedAt: z.string(),
  ticks: z.record(z.string(), tickSchema).default({}),
  acked: z.record(z.string(), z.string()).default({}),
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
});

/** Serialises state into an HTML comment. `<` and `>` are escaped so user text can't close it. */
export function encodeState(state: TrainState): string {
  // Through the schema, so keys always come out in one order and equal states render equal bodies.
  const json = JSON.stringify(stateSchema.parse(state)).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- release-train:state ${json} -->`;
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
