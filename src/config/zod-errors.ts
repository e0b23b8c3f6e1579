/** zod's issues as configuration errors: a message a person can act on, at the path it is about. */
import type { z } from "zod";
import { type ConfigError, formatPath } from "./errors.js";
import { isPlainObject } from "./plain-object.js";

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Messages for zod's generic issues; schema-specific messages are set in schema.ts. */
export function issueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "required";
      return `expected ${describeExpected(isIntegerSchema(issue.inst) ? "int" : issue.expected)}, got ${describeValue(issue.input)}`;
    case "unrecognized_keys": {
      // One issue lists every unknown key of a mapping; one message a key, split again below.
      const known = Object.keys(objectShape(issue.inst) ?? {});
      return issue.keys.map((key) => `unknown key ${JSON.stringify(key)}${suggest(key, known)}`).join("\n");
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array") return min <= 1 ? "must not be empty" : `must have at least ${min} entries`;
      if (issue.origin === "string") return min <= 1 ? "must not be empty" : `must be at least ${min} characters`;
      return `must be at least ${min}, got ${describeValue(issue.input)}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array") return `must have at most ${max} entries`;
      if (issue.origin === "string") return `must be at most ${max} characters`;
      return `must be at most ${max}, got ${describeValue(issue.input)}`;
    }
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(issue.input)}`;
    case "invalid_format":
      return `invalid value ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

export function issueToErrors(issue: Issue, prefix: readonly PropertyKey[]): ConfigError[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      const messages = issue.message.split("\n");
      return issue.keys.map((key, i) => ({
        path: formatPath([...path, key]),
        message: messages[i] ?? `unknown key ${JSON.stringify(key)}`,
      }));
    }
    case "invalid_union": {
      // When the value has the type of exactly one alternative, that alternative's problems
      // are the useful ones ("pattern: required" rather than "invalid input").
      const plausible = issue.errors.filter(
        (branch) => !branch.every((inner) => inner.code === "invalid_type" && inner.path.length === 0),
      );
      const [only] = plausible;
      if (plausible.length === 1 && only !== undefined) return only.flatMap((inner) => issueToErrors(inner, path));
      return [{ path: formatPath(path), message: issue.message }];
    }
    case "invalid_key":
      return [{ path: formatPath(path), message: issue.issues[0]?.message ?? issue.message }];
    default:
      return [{ path: formatPath(path), message: issue.message }];
  }
}

function isIntegerSchema(inst: unknown): boolean {
  const format = (inst as { _zod?: { def?: { format?: unknown } } } | undefined)?._zod?.def?.format;
  return typeof format === "string" && /int/.test(format);
}

function objectShape(inst: unknown): Record<string, unknown> | undefined {
  const def = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def;
  return isPlainObject(def?.shape) ? def.shape : undefined;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    case "int":
      return "a whole number";
    case "number":
      return "a number";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "a mapping";
    default:
      return expected;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** ` (did you mean "x"?)` when a known key is a small edit away. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.startsWith("_")) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== undefined && bestDistance <= limit ? ` (did you mean ${JSON.stringify(best)}?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
