import type { ErrorCode } from '@contactmesh/core';

/**
 * What the relay reports on `relay.events$` (nothing goes to the console):
 * - `joined` / `left`: a participant said hello / went away (`clean` after a `bye`; otherwise its will, if any, fired);
 * - `refused`: an HTTP upgrade was refused (`403` origin not allowed, `401` not authenticated);
 * - `rejected`: an inbound frame or request was refused with a coded error answer (the connection goes on unless `closed`),
 *   or a frame `ws` could not read (too big, text not UTF-8) closed the connection without an answer (`closed`);
 * - `timeout`: a participant missed a heartbeat or never said hello, and was dropped.
 */
export type RelayEvent =
  | { readonly kind: 'joined'; readonly id: string }
  | { readonly kind: 'left'; readonly id: string; readonly clean: boolean; readonly will: boolean }
  | { readonly kind: 'refused'; readonly status: 401 | 403; readonly reason: string }
  | { readonly kind: 'rejected'; readonly id: string | undefined; readonly code: ErrorCode; readonly closed: boolean }
  | { readonly kind: 'timeout'; readonly id: string | undefined; readonly what: 'heartbeat' | 'hello' };

/** Running totals of a relay, plus current sizes. */
export interface RelayStats {
  /** Open WebSocket connections now (said hello or not). */
  readonly connections: number;
  /** Participants connected now. */
  readonly participants: number;
  readonly subscriptions: number;
  readonly retained: number;
  readonly published: number;
  readonly delivered: number;
  readonly wills: number;
  /** Frames refused: answered with a coded error, or unreadable ones that closed their connection. */
  readonly rejected: number;
  /** Upgrades refused by the origin list or `authenticate`. */
  readonly refused: number;
  readonly timeouts: number;
}
