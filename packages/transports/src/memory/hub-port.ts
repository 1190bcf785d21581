import type { Limits, Result, TransportGuarantees } from '@contactmesh/core';
import type { HubWill } from '../shared/hub-message.js';
import type { Dispatcher } from './dispatcher.js';

/** A connected participant, as the hub sees it. */
export interface HubParticipant {
  readonly id: string;
  /** Called by the hub to crash the participant: it closes without a word and hands back its will. */
  vanish(): HubWill | undefined;
  /**
   * Called by the hub when the participant loses its connection but runs on: it is `reconnecting`,
   * its subscriptions stop (what was on its way is discarded), it holds what it publishes, and it
   * hands back its will. `undefined` (and nothing happens) unless it was connected.
   */
  lose(): { readonly will: HubWill | undefined } | undefined;
  /** Called by the hub when the participant has its connection again: its subscriptions start again (retained values first), then what it held goes out, in order. */
  regain(): void;
}

/** What a memory transport may use of its hub. */
export interface HubPort {
  readonly limits: Limits;
  readonly guarantees: TransportGuarantees;
  readonly dispatcher: Dispatcher;
  /** Registers a connecting participant; fails with `CM_ERR_DUPLICATE_PARTICIPANT` when its id is live. */
  join(participant: HubParticipant): Result<void>;
  /** Unregisters a participant that closed or crashed; does nothing for one that is not registered. */
  leave(participant: HubParticipant): void;
}
