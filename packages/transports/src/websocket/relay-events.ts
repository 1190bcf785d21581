import type { ErrorCode } from '@contactmesh/core';
import type { SlowConsumerPolicy } from './relay-options.js';

/**
 * What the relay reports on `relay.events$` (nothing goes to the console):
 * - `joined` / `left`: a participant said hello / went away (`clean` after a `bye`; otherwise its will, if any, fired);
 * - `refused`: an HTTP upgrade was refused (`403` origin not allowed, `401` not authenticated);
 * - `rejected`: an inbound frame or request was refused with a coded error answer (the connection goes on unless `closed`),
 *   or a frame `ws` could not read (too big, text not UTF-8) closed the connection without an answer (`closed`);
 *   a publication over the rate limit is one with `CM_ERR_QUEUE_FULL` (`closed` when it was one refusal too many);
 *   a hello, will, publication or subscription outside the identity `authenticate` bound the connection to is one with
 *   `CM_ERR_NOT_AUTHORIZED` and the refused `topic` (a subscription's filter; none for a hello under another id);
 * - `timeout`: a participant missed a heartbeat or never said hello, and was dropped;
 * - `slow`: a participant did not keep up with what it was sent and was closed with 1013.
 */
export type RelayEvent =
  | { readonly kind: 'joined'; readonly id: string }
  | { readonly kind: 'left'; readonly id: string; readonly clean: boolean; readonly will: boolean }
  | { readonly kind: 'refused'; readonly status: 401 | 403 | 503; readonly reason: string }
  | {
      readonly kind: 'rejected';
      readonly id: string | undefined;
      readonly code: ErrorCode;
      readonly closed: boolean;
      /** `CM_ERR_NOT_AUTHORIZED` only: the topic (publication, will) or filter (subscription) refused. */
      readonly topic?: string;
    }
  | { readonly kind: 'timeout'; readonly id: string | undefined; readonly what: 'heartbeat' | 'hello' }
  | { readonly kind: 'slow'; readonly id: string; readonly policy: SlowConsumerPolicy };

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
  /** Publications refused over the rate limit (counted in `rejected` too). */
  readonly rateLimited: number;
  /**
   * Hellos, wills, publications and subscriptions refused as outside the identity `authenticate`
   * bound their connection to (counted in `rejected` too): forgeries, or a participant misconfigured.
   */
  readonly notAuthorized: number;
  /** Participants closed with 1013 for not keeping up (`slow` events). */
  readonly slow: number;
  /** Frames held now for participants that are behind (`slowConsumer: 'coalesce'`). */
  readonly held: number;
  /** Held deliveries replaced by a newer value of their retained topic before they were sent. */
  readonly coalesced: number;
}

/** The counters connections add to (the others come from events and the broker). */
export interface RelayTally {
  rateLimited: number;
  notAuthorized: number;
  held: number;
  coalesced: number;
}
