import type { StateValueFrom } from 'xstate';
import { ContactState } from '../protocol/messages/snapshots.js';
import type { AuctionMachine } from './auction/machine.js';
import type { BidMachine } from './bid/machine.js';
import type { contactMachine } from './contact/machine.js';

/** The states of the contact statechart, by name: a misspelt one does not compile. */
export type ContactMachineState = Extract<StateValueFrom<typeof contactMachine>, string>;
/** The states of the auction statechart, by name. */
export type AuctionMachineState = Extract<StateValueFrom<AuctionMachine>, string>;

const stateValue = (snapshot: unknown): unknown =>
  typeof snapshot === 'object' && snapshot !== null ? (snapshot as { readonly value?: unknown }).value : undefined;

/**
 * True when `snapshot` (a hosted contact actor's, as `runtime.snapshot` returns it) is in one of
 * `states`. Code outside the machines reads their states through this, never by a string literal.
 *
 * @example
 * ```ts
 * if (contactIn(runtime.snapshot('london/contact/c1'), 'handingOver')) refuse();
 * ```
 */
export function contactIn(snapshot: unknown, ...states: readonly ContactMachineState[]): boolean {
  const value = stateValue(snapshot);
  return states.some((state) => state === value);
}

/**
 * True when `snapshot` (a hosted auction actor's) is in one of `states`.
 *
 * @example
 * ```ts
 * auctionIn(runtime.snapshot('london/auction/a1'), 'handing'); // the contact is moving to the winner
 * ```
 */
export function auctionIn(snapshot: unknown, ...states: readonly AuctionMachineState[]): boolean {
  const value = stateValue(snapshot);
  return states.some((state) => state === value);
}

/**
 * What the network and the customer see of a contact machine's state: its replica state. A contact
 * waiting for its re-sync after a restart is, for them, still in the call; a state no replica
 * names (handing over) counts as `fallback`.
 *
 * @example
 * ```ts
 * publicContactState(snapshot.value, 'queued'); // 'connected' for a contact in 'resyncing'
 * ```
 */
export function publicContactState(value: unknown, fallback: ContactState): ContactState {
  if (value === ('resyncing' satisfies ContactMachineState)) return 'connected';
  return ContactState.is(value) ? value : fallback;
}

/** The states of the bid statechart, by name. */
export type BidMachineState = Extract<StateValueFrom<BidMachine>, string>;

/**
 * True when `snapshot` (a hosted bid actor's) is in one of `states`.
 *
 * @example
 * ```ts
 * bidIn(runtime.snapshot('paris-ada/bid/c1:1'), 'considering'); // waiting for the agent's decision
 * ```
 */
export function bidIn(snapshot: unknown, ...states: readonly BidMachineState[]): boolean {
  const value = stateValue(snapshot);
  return states.some((state) => state === value);
}
