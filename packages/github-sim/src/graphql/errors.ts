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
