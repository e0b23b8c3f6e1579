/**
 * `.github/release-train.yml`: text → validated configuration, with every problem reported
 * at a precise path. Never throws.
 */
import yaml from "js-yaml";
import { semanticErrors } from "./cross-field.js";
import { type ConfigError, type ConfigResult, DEFAULT_CONFIG_PATH } from "./errors.js";
import { isPlainObject } from "./plain-object.js";
import { configSchema } from "./schema.js";
import { describeValue, issueMessage, issueToErrors } from "./zod-errors.js";

export { type ConfigError, type ConfigResult, DEFAULT_CONFIG_PATH, formatConfigErrors, formatPath } from "./errors.js";
export { mergeExtends, probotMergeOptions } from "./merge-extends.js";

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
