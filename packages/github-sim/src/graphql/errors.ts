import { ApiError } from "../errors.js";

/** A GraphQL error with GitHub's `type` (NOT_FOUND, STALE_DATA, FORBIDDEN, UNPROCESSABLE, ...). */
export class GqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "GqlError";
  }
}

/** Rethrows a mutation's refusal as GraphQL's error: a REST-style ApiError becomes the GqlError of its status. */
export function mutationError(e: unknown): never {
  if (e instanceof GqlError) throw e;
  if (e instanceof ApiError) {
    const type =
      e.status === 404
        ? "NOT_FOUND"
        : e.status === 403
          ? "FORBIDDEN"
          : e.status === 409
            ? "STALE_DATA"
            : "UNPROCESSABLE";
    throw new GqlError(type, e.message);
  }
  throw e;
}
