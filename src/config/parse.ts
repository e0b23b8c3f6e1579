/**
 * `.github/release-train.yml`: text → validated configuration, with every problem reported
 * at a precise path. Never throws.
 */
import yaml from "js-yaml";
import picomatch from "picomatch";
import type { z } from "zod";
import { findCycles } from "../graph/cycles.js";
import { STAGES, configSchema, parseRepoRef, type RepoRef, type TrainConfig } from "./schema.js";

export const DEFAULT_CONFIG_PATH = ".github/release-train.yml";

export interface ConfigError {
  /** Where in the file, e.g. `repos[3].dependsOn[0]`; "" for the file as a whole. */
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: TrainConfig } | { ok: false; errors: ConfigError[] };

/** Larger files are refused before parsing; a real configuration is a few kilobytes. */
const MAX_CONFIG_CHARS = 512 * 1024;

/** Parses and validates the text of the configuration file. */
export function parseConfig(text: string, source: string = DEFAULT_CONFIG_PATH): ConfigResult {
  const document = parseYamlDocument(text, source);
  return document.ok ? validateConfig(document.data) : document;
}

/**
 * Reads the YAML text of a configuration file (JSON-compatible types only: no dates, no
 * custom tags) into a mapping, without validating it. For loaders that merge `_extends`.
 */
export function parseYamlDocument(
  text: string,
  source: string = DEFAULT_CONFIG_PATH,
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: ConfigError[] } {
  if (text.length > MAX_CONFIG_CHARS) {
    return fail("", `${source} is larger than ${MAX_CONFIG_CHARS / 1024} KiB`);
  }
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.JSON_SCHEMA, filename: source });
  } catch (error) {
    return fail("", yamlErrorMessage(error));
  }
  if (data === undefined || data === null) {
    return fail("", `${source} is empty: it needs at least \`repos\`, \`teams\` and \`orchestration\``);
  }
  if (!isPlainObject(data)) {
    return fail("", `${source} must be a mapping of settings at the top level, not ${describeValue(data)}`);
  }
  return { ok: true, data };
}

/**
 * Validates configuration data that is already parsed (for instance what Probot's
 * `context.config` returns): shapes and defaults, then cross-field rules.
 */
export function validateConfig(data: unknown): ConfigResult {
  if (!isPlainObject(data)) {
    return fail("", `expected a mapping of settings at the top level, got ${describeValue(data)}`);
  }
  const parsed = configSchema.safeParse(data, { error: issueMessage });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.flatMap((issue) => issueToErrors(issue, [])) };
  }
  const errors = semanticErrors(parsed.data, data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: parsed.data };
}

/** A markdown list of the errors, one a line as `` `path`: message ``, under a short heading. */
export function formatConfigErrors(errors: readonly ConfigError[], source: string = DEFAULT_CONFIG_PATH): string {
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  // A comment holds at most 65,536 characters: the first problems are enough to start fixing.
  const lines = errors.slice(0, MAX_LISTED_ERRORS).map((error) => {
    const message = safeMarkdown(error.message);
    const line = error.path === "" ? `- ${message}` : `- ${codeSpan(error.path)}: ${message}`;
    return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
  });
  const more = errors.length > MAX_LISTED_ERRORS ? [`- … and ${errors.length - MAX_LISTED_ERRORS} more`] : [];
  return [`Invalid ${codeSpan(source)} (${count}):`, "", ...lines, ...more].join("\n");
}

const MAX_LISTED_ERRORS = 50;
const MAX_LINE = 500;

/**
 * Combines a base configuration with one that `_extends` it, the way Probot combines
 * configuration files: mappings are merged key by key, recursively, and the extending file
 * wins. Unlike Probot's default (deepmerge concatenates arrays), a list in the extending file
 * replaces the base's list: `signoff` or `repos` written in a repository mean exactly that
 * list, never that list appended to the organisation's. Use `probotMergeOptions` to get the
 * same result from `context.config`.
 *
 * The extending file's own `_extends` is dropped (it named `base`); the base's `_extends` is
 * kept, so a loader can follow a chain until the result has none.
 */
export function mergeExtends(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) define(merged, key, value);
  for (const [key, value] of Object.entries(override)) {
    if (key === "_extends") continue;
    define(merged, key, Object.hasOwn(merged, key) ? mergeExtends(merged[key], value) : value);
  }
  return merged;
}

/** `deepMergeOptions` for Probot's `context.config` that match `mergeExtends`. */
export const probotMergeOptions = {
  arrayMerge: (_target: unknown[], source: unknown[]): unknown[] => source,
};

/** `["repos", 3, "dependsOn", 0]` → `repos[3].dependsOn[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z0-9_-]+$/.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// zod issues → errors

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Messages for zod's generic issues; schema-specific messages are set in schema.ts. */
function issueMessage(issue: RawIssue): string | undefined {
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

function issueToErrors(issue: Issue, prefix: readonly PropertyKey[]): ConfigError[] {
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

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** ` (did you mean "x"?)` when a known key is a small edit away. */
function suggest(word: string, candidates: readonly string[]): string {
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

// ---------------------------------------------------------------------------------------
// cross-field rules

function semanticErrors(config: TrainConfig, raw: Record<string, unknown>): ConfigError[] {
  const errors: ConfigError[] = [];
  const add = (path: PropertyKey[], message: string) => errors.push({ path: formatPath(path), message });
  const checkTeam = (path: PropertyKey[], team: string) => {
    if (!Object.hasOwn(config.teams, team))
      add(
        path,
        `unknown team ${JSON.stringify(team)}: define it under \`teams\`${suggest(team, Object.keys(config.teams))}`,
      );
  };

  // The schema has checked every name, so parseRepoRef succeeds here.
  const entries = config.repos.map((repo) => parseRepoRef(repo.name) as RepoRef);
  const written = config.repos.map((repo) => repo.name);
  const firstIndex = new Map<string, number>();
  const edges: number[][] = config.repos.map(() => []);
  config.repos.forEach((repo, i) => {
    const key = repo.name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else add(["repos", i, "name"], `duplicate repo ${JSON.stringify(repo.name)} (also repos[${first}])`);
    checkTeam(["repos", i, "team"], repo.team);
    repo.dependsOn.forEach((dependency, j) => {
      const targets = resolveDependency(dependency, entries, written);
      if (!Array.isArray(targets)) {
        add(["repos", i, "dependsOn", j], targets.error);
        return;
      }
      // A glob that also matches the repository itself means "all the others".
      const others = targets.length > 1 ? targets.filter((t) => t !== i) : targets;
      if (others.includes(i)) {
        add(["repos", i, "dependsOn", j], `${JSON.stringify(repo.name)} depends on itself`);
        return;
      }
      for (const target of others) if (!edges[i]?.includes(target)) edges[i]?.push(target);
    });
  });

  for (const cycle of findCycles(edges)) {
    const [first] = cycle;
    if (first === undefined) continue;
    const names = [...cycle, first].map((index) => config.repos[index]?.name ?? "?");
    add(["repos", first, "dependsOn"], `dependency cycle ${names.join(" → ")}`);
  }

  errors.push(...versioningErrors(config, raw, entries, written));

  checkTeam(["orchestration"], config.orchestration);
  const seenSignoff = new Set<string>();
  config.signoff.forEach((team, i) => {
    checkTeam(["signoff", i], team);
    if (seenSignoff.has(team)) add(["signoff", i], `duplicate team ${JSON.stringify(team)}`);
    seenSignoff.add(team);
  });
  for (const [key, rule] of Object.entries(config.compliance)) checkTeam(["compliance", key, "team"], rule.team);

  // Stages left out get the playbook's defaults, filtered to the configured teams; only
  // stages written in the file can name an unknown team.
  const writtenStages = isPlainObject(raw.stages) ? raw.stages : {};
  for (const stage of STAGES) {
    if (writtenStages[stage] === undefined) continue;
    for (const [i, team] of config.stages[stage].entries()) checkTeam(["stages", stage, i], team);
  }
  return errors;
}

/** `versioning`, `releaseUnchanged`, `groups` and `publishes`: what only makes sense together. */
function versioningErrors(
  config: TrainConfig,
  raw: Record<string, unknown>,
  entries: readonly RepoRef[],
  written: readonly string[],
): ConfigError[] {
  const errors: ConfigError[] = [];
  const add = (path: PropertyKey[], message: string) => errors.push({ path: formatPath(path), message });
  if (config.versioning === "fixed") {
    if (raw.releaseUnchanged !== undefined)
      add(
        ["releaseUnchanged"],
        "applies to `versioning: independent` only (with `fixed`, every repository is released with the train's version)",
      );
    if (raw.groups !== undefined)
      add(
        ["groups"],
        "applies to `versioning: independent` only (with `fixed`, every repository already shares the train's version)",
      );
  }
  const groupOf = new Map<number, string>();
  for (const [group, members] of Object.entries(config.groups)) {
    for (const [j, member] of members.entries()) {
      const targets = resolveDependency(member, entries, written);
      if (!Array.isArray(targets)) {
        add(["groups", group, j], targets.error);
        continue;
      }
      for (const target of targets) {
        const other = groupOf.get(target);
        if (other !== undefined && other !== group)
          add(
            ["groups", group, j],
            `${JSON.stringify(written[target])} is already in group ${JSON.stringify(other)}: a repository shares one version with one group`,
          );
        groupOf.set(target, group);
      }
    }
  }
  const publisher = new Map<string, number>();
  config.repos.forEach((repo, i) => {
    const npm = repo.publishes?.npm;
    if (npm === undefined) return;
    if (entries[i]?.glob)
      add(
        ["repos", i, "publishes", "npm"],
        `${JSON.stringify(repo.name)} is a glob: a package is published by one repository, name it`,
      );
    const first = publisher.get(npm);
    if (first !== undefined)
      add(
        ["repos", i, "publishes", "npm"],
        `${JSON.stringify(npm)} is already published by repos[${first}] (${JSON.stringify(written[first])})`,
      );
    else publisher.set(npm, i);
  });
  return errors;
}

/**
 * The entries a `dependsOn` value names: an entry written the same way (a literal name or a
 * glob entry), the one literal entry with that name when only one of the two spells out the
 * owner, or, for a glob, every literal entry it matches.
 */
function resolveDependency(
  dependency: string,
  entries: readonly RepoRef[],
  written: readonly string[],
): number[] | { error: string } {
  const unknown = { error: `unknown repo ${JSON.stringify(dependency)}` };
  const lower = dependency.toLowerCase();
  const exact = written.flatMap((name, i) => (name.toLowerCase() === lower ? [i] : []));
  if (exact.length > 0) return exact;
  const ref = parseRepoRef(dependency);
  if (ref === undefined) return unknown;
  const sameOwner = (entry: RepoRef) =>
    entry.owner === undefined || ref.owner === undefined || entry.owner.toLowerCase() === ref.owner.toLowerCase();
  const isMatch = ref.glob
    ? picomatch(ref.name, { nocase: true })
    : (name: string) => name.toLowerCase() === ref.name.toLowerCase();
  const matches = entries.flatMap((entry, i) => (!entry.glob && sameOwner(entry) && isMatch(entry.name) ? [i] : []));
  if (matches.length === 0) return unknown;
  if (!ref.glob && matches.length > 1) {
    const candidates = matches.map((i) => JSON.stringify(written[i])).join(" or ");
    return { error: `ambiguous repo ${JSON.stringify(dependency)}: write it as ${candidates}` };
  }
  return matches;
}

// ---------------------------------------------------------------------------------------
// helpers

function fail(path: string, message: string): { ok: false; errors: ConfigError[] } {
  return { ok: false, errors: [{ path, message }] };
}

function yamlErrorMessage(error: unknown): string {
  if (error instanceof yaml.YAMLException) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const where =
      mark?.line !== undefined && mark.column !== undefined
        ? ` at line ${mark.line + 1}, column ${mark.column + 1}`
        : "";
    return `YAML syntax error: ${error.reason}${where}`;
  }
  return `YAML syntax error: ${error instanceof Error ? error.message : String(error)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets an own property, even for a key like `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.includes("`") ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

/** One line, and no @-mentions: messages quote what the file says. */
function safeMarkdown(text: string): string {
  return text.replace(/\s+/g, " ").replace(/@/g, "@\u200b");
}
