// The guard shared by the creating writes: GitHub's "already there" answer.
import { httpStatus } from "../octokit.js";

/** A 422 that means "already done": the guard that makes a repeated create harmless. */
export const alreadyExists = (error: unknown, text: string) =>
  httpStatus(error) === 422 &&
  JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? "").includes(text);
