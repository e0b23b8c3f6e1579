// GitHub's answers that carry errors and still mean something: a tracking issue or a
// repository that is not there (or not visible to the app) is an observation, not a failed read.

/**
 * GitHub answers a deleted tracking issue (or a number that never was one) with a
 * NOT_FOUND error on its path and null in its place, and a repository the app cannot
 * see (any more) likewise: that answer means "no such issue", not a failed read. Any
 * other error is one. (Discovery finds the issue again if access comes back.)
 */
export function isIssueNotFound(error: unknown): boolean {
  const { errors } = error as { errors?: Array<{ type?: string; path?: unknown[] }> };
  return Boolean(
    errors?.some(
      (e) => e.type === "NOT_FOUND" && ["orchestration", "orchestration.issue"].includes(e.path?.join(".") ?? ""),
    ),
  );
}

/**
 * A configured repository GitHub does not have (a typo, deleted mid-train) or the app
 * cannot see comes back as NOT_FOUND on its alias (`r3`, or `f3` read by fingerprint) and null in its place: the rest
 * of the answer stands, and the repository is observed as not found (the tracking issue
 * says so). The answer's data when those are its only errors, otherwise null.
 */
export function withMissingRepos<T>(error: unknown): T | null {
  const { errors, data } = error as { errors?: Array<{ type?: string; path?: unknown[] }>; data?: T };
  if (!data || !errors?.length) return null;
  return errors.every((e) => e.type === "NOT_FOUND" && e.path?.length === 1 && /^[rf]\d+$/.test(String(e.path[0])))
    ? data
    : null;
}
