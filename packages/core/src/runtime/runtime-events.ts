import type { AdapterEffect, Effect } from '../effects/effects.js';
import type { ErrorCode } from '../errors/codes.js';
import type { ConnectionState } from '../transport/transport.js';

/**
 * What a runtime reports about itself. Bad input and failed effects become events here — counted
 * and described — and are never thrown.
 */
export type RuntimeEvent =
  | { readonly type: 'message.rejected'; readonly code: ErrorCode; readonly reason: string; readonly topic: string }
  | { readonly type: 'message.duplicate'; readonly id: string; readonly from: string }
  | { readonly type: 'message.undeliverable'; readonly code: ErrorCode; readonly to: string; readonly messageType: string }
  | { readonly type: 'effect.failed'; readonly code: ErrorCode; readonly reason: string; readonly address: string; readonly effect: Effect }
  | {
      /** An actor threw or an endpoint's callback threw; `snapshot` is the actor's last one before the failure (its state and context), from which its owner recovers it. */
      readonly type: 'actor.failed';
      readonly code: ErrorCode;
      readonly address: string;
      readonly reason: string;
      readonly snapshot?: { readonly value: unknown; readonly context: unknown };
    }
  | { readonly type: 'actor.done'; readonly address: string; readonly output: unknown }
  | { readonly type: 'subscription.failed'; readonly code: ErrorCode; readonly reason: string; readonly filter: string }
  | { readonly type: 'adapter.failed'; readonly reason: string; readonly command: AdapterEffect['command'] }
  | { readonly type: 'transport.state'; readonly state: ConnectionState };

/** Counters a runtime keeps, e.g. for metrics. */
export interface RuntimeStats {
  /** Inbound payloads taken from the transport. */
  received: number;
  /** Inbound payloads refused, by error code. */
  rejected: Partial<Record<ErrorCode, number>>;
  /** Inbound messages dropped because their id was seen before. */
  duplicates: number;
  /** Messages that named an actor this runtime does not host. */
  undeliverable: number;
  /** Events delivered to actors (inbound, local, timers and outside events). */
  delivered: number;
  /** Sends to actors of this centre (no serialization). */
  sentLocal: number;
  /** Sends to other centres through the transport. */
  sentRemote: number;
  /** Broadcasts (publish and clear). */
  published: number;
  timersFired: number;
  adapterCommands: number;
  /** Effects that could not be carried out. */
  failedEffects: number;
}

export const emptyStats = (): RuntimeStats => ({
  received: 0,
  rejected: {},
  duplicates: 0,
  undeliverable: 0,
  delivered: 0,
  sentLocal: 0,
  sentRemote: 0,
  published: 0,
  timersFired: 0,
  adapterCommands: 0,
  failedEffects: 0,
});
