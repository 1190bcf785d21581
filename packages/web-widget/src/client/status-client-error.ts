/**
 * The codes a {@link StatusClientError} carries. Each has a heading of its own under "Errors" in
 * `docs/web-widget.md`; a test keeps the two in step.
 */
export const StatusClientErrorCode = {
  /** `400`: the gateway refused the command's shape (a field is missing, too long or malformed). */
  INVALID_ARGUMENT: 'CM_ERR_INVALID_ARGUMENT',
  /** `404`: the status token is unknown or has expired. */
  UNKNOWN_TOKEN: 'CM_ERR_UNKNOWN_TOKEN',
  /** `413`: the command is larger than the gateway accepts. */
  PAYLOAD_TOO_LARGE: 'CM_ERR_PAYLOAD_TOO_LARGE',
  /** `429`: too many requests; `retryAfterMs` says when to try again. */
  RATE_LIMITED: 'CM_ERR_RATE_LIMITED',
  /** The gateway could not be reached (or answered 5xx) on every attempt. */
  GATEWAY_UNREACHABLE: 'CM_ERR_GATEWAY_UNREACHABLE',
  /** The gateway answered with a body the contract does not describe. */
  INVALID_MESSAGE: 'CM_ERR_INVALID_MESSAGE',
  /** `command()` was called after `close()`. */
  TRANSPORT_CLOSED: 'CM_ERR_TRANSPORT_CLOSED',
} as const;
export type StatusClientErrorCode = (typeof StatusClientErrorCode)[keyof typeof StatusClientErrorCode];

/**
 * Why `command()` failed; `code` is stable (see `docs/web-widget.md`). A refusal by the contact's
 * owner is not an error: it resolves with `accepted: false` and a reason.
 *
 * @example
 * ```ts
 * try {
 *   await client.command({ kind: 'cancel' });
 * } catch (error) {
 *   if (error instanceof StatusClientError && error.code === StatusClientErrorCode.RATE_LIMITED) later(error.retryAfterMs);
 * }
 * ```
 */
export class StatusClientError extends Error {
  override readonly name = 'StatusClientError';
  readonly code: StatusClientErrorCode;
  /** The HTTP status that caused the error, when there was one. */
  readonly httpStatus: number | undefined;
  /** For `CM_ERR_RATE_LIMITED`: the gateway's `Retry-After`, in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: StatusClientErrorCode,
    message: string,
    details: { readonly httpStatus?: number; readonly retryAfterMs?: number; readonly cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
  }
}
