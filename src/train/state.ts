// The tracking issue body is a rendering plus a small hidden JSON block holding what
// the bot alone decided. This module reads and writes that block, the task-list
// ticks people make, and the markers that make bot comments idempotent.
import { createHmac } from "node:crypto";
import { trainStateSchema as stateSchema, type TrainState } from "./model/train-state.js";

const STATE_RE = /<!-- release-train:state (\{.*?\})(?: sig=([0-9a-f]{64}))? -->/s;
/** Any state block, well-formed or not (for replacing one a person wrote). */
const ANY_STATE_RE = /<!-- release-train:state\b.*?-->/gs;
const MARKER_RE = /<!-- release-train:key=([^\s>]+) -->/;

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
  return body.replace(
    STATE_RE,
    (_block, json: string) => `<!-- release-train:state ${json} sig=${signature(json, key, train)} -->`,
  );
}

/** What a body shows: the body without its state block. */
export function shownText(body: string): string {
  return body.replace(ANY_STATE_RE, "");
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
