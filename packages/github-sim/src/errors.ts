/** An HTTP error answered in GitHub's shape: `{ message, errors?, documentation_url, status }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { errors?: unknown[]; documentationUrl?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): Record<string, unknown> {
    const out: Record<string, unknown> = { message: this.message };
    if (this.extra.errors) out["errors"] = this.extra.errors;
    out["documentation_url"] = this.extra.documentationUrl ?? "https://docs.github.com/rest";
    out["status"] = String(this.status);
    return out;
  }
}

export function notFound(message = "Not Found"): ApiError {
  return new ApiError(404, message);
}

export function validationFailed(errors: unknown[], message = "Validation Failed"): ApiError {
  return new ApiError(422, message, { errors });
}

export function unprocessable(message: string): ApiError {
  return new ApiError(422, message);
}

/** GitHub's schema validation message for a missing required body field. */
export function missingField(field: string): ApiError {
  return new ApiError(422, `Invalid request.\n\n"${field}" wasn't supplied.`);
}

export function invalidField(field: string, value: unknown): ApiError {
  return new ApiError(
    422,
    `Invalid request.\n\nFor 'properties/${field}', ${JSON.stringify(value)} is not a valid value.`,
  );
}

/** GitHub's limit on an issue, pull request or comment body, in characters. */
export const BODY_MAX_CHARS = 65_536;

/** GitHub's 422 for an over-long body (counted in characters, not UTF-16 units). */
export function checkBodyLength(body: unknown, resource: "Issue" | "PullRequest" | "IssueComment"): void {
  if (typeof body !== "string" || body.length <= BODY_MAX_CHARS || [...body].length <= BODY_MAX_CHARS) return;
  throw validationFailed([
    { resource, code: "custom", field: "body", message: `body is too long (maximum is ${BODY_MAX_CHARS} characters)` },
  ]);
}
