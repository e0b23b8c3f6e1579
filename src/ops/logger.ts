// The production logger: JSON lines (one object per line) for a log collector. Secrets
// that could ride along on an error object are redacted as a second line of defence;
// the app itself never logs keys, secrets or tokens.
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./env.js";

export const REDACTED_PATHS = [
  "headers.authorization",
  "*.headers.authorization",
  "err.request.headers.authorization",
  "err.response.headers.authorization",
  "privateKey",
  "secret",
  "token",
  "*.token",
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      // No base `name`: Probot names its child loggers, and pino would repeat the key.
      level,
      redact: { paths: REDACTED_PATHS, censor: "[REDACTED]" },
      // Numeric levels confuse people reading raw lines; names are what alerts match on.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      // pino appends each child's bindings to its parent's, so a key bound twice (Probot's
      // "name": "probot", then "name": "event") would appear twice in one line, which
      // collectors read differently. Each line keeps one value per key: the innermost.
      hooks: { streamWrite: (line) => `${JSON.stringify(JSON.parse(line))}\n` },
    },
    destination ?? pino.destination(1),
  );
}
