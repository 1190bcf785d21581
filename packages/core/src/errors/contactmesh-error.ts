import type { ErrorCode } from './codes.js';

// Messages are built with it; kept importable from here, where it always lived.
export { preview } from './preview.js';

/** Optional detail carried by an error: the offending value, the path of a bad field, a limit. */
export interface ErrorDetails {
  /** Where in a message the problem is, e.g. `body.rev`. */
  readonly path?: string;
  /** The value that was refused (shortened when long). */
  readonly value?: unknown;
  /** The limit that was exceeded, when there is one. */
  readonly limit?: number;
}

/**
 * The one error class of contactmesh. `code` is stable and documented in `docs/errors.md`; the
 * message says what was wrong and what to do instead.
 *
 * @example
 * ```ts
 * const result = decode(bytes);
 * if (!result.ok && result.error.code === ErrorCode.PAYLOAD_TOO_LARGE) {
 *   console.warn(result.error.message);
 * }
 * ```
 */
export class ContactmeshError extends Error {
  override readonly name = 'ContactmeshError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is a {@link ContactmeshError}, optionally with the given code. */
export function isContactmeshError(error: unknown, code?: ErrorCode): error is ContactmeshError {
  return error instanceof ContactmeshError && (code === undefined || error.code === code);
}
