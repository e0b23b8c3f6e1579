/** The errors planning collects: each path and message once, in the order found. */
import type { ConfigError } from "../../config/parse.js";

export type Fail = (path: string, message: string) => void;

export function planErrors(): { errors: ConfigError[]; fail: Fail } {
  const errors: ConfigError[] = [];
  const seenErrors = new Set<string>();
  const fail = (path: string, message: string) => {
    const key = `${path}\n${message}`;
    if (!seenErrors.has(key)) errors.push({ path, message });
    seenErrors.add(key);
  };
  return { errors, fail };
}
