import type { Limits, Result, TransportGuarantees } from '@contactmesh/core';
import type { HubWill } from '../shared/hub-message.js';
import type { Dispatcher } from './dispatcher.js';

/** A connected participant, as the hub sees it. */
export interface HubParticipant {
  readonly id: string;
  /** Called by the hub to crash the participant: it closes without a word and hands back its will. */
  vanish(): HubWill | undefined;
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
