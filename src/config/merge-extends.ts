/** `_extends`: a configuration combined with the one it extends. */
import { isPlainObject } from "./plain-object.js";

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

/** Sets an own property, even for a key like `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
