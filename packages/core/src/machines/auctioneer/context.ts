import type { AuctionedContact } from '../../protocol/messages/auction.js';

/** What a centre's auctioneer needs: who it is, where auctions are hosted, and the owner's rules for them. */
export interface AuctioneerInput {
  readonly owner: string;
  /** The owner's auction desk: it hosts each auction the auctioneer opens (`auction.open`). */
  readonly desk: string;
  /** Queues (skillsets) whose contacts are auctioned; `null`: every queue. */
  readonly queues: readonly string[] | null;
  /** After an auction nobody won, auction the contact again this long later if it still waits here; `null`: never. */
  readonly retryMs: number | null;
  /** How many awarded auctions' winners are remembered (a late copy of a winning bid is not released). */
  readonly remember: number;
}

/** A contact auctioned in this stay in the queue: as it was when first auctioned, and how many auctions it had. */
export interface Auctioned {
  readonly contact: AuctionedContact;
  readonly rev: number;
  readonly attempts: number;
}

export interface AuctioneerContext extends AuctioneerInput {
  /** Contact → its auction open now (one at a time). */
  readonly running: Readonly<Record<string, string>>;
  /** Contacts auctioned in this stay in the queue: only these are auctioned again (`retryMs` after one ends). */
  readonly auctioned: Readonly<Record<string, Auctioned>>;
  /** `[auctionId, bidder/bid]` of the auctions awarded lately, oldest first. */
  readonly winners: readonly (readonly [string, string])[];
}

export const initialContext = (input: AuctioneerInput): AuctioneerContext => ({
  ...input,
  running: {},
  auctioned: {},
  winners: [],
});

/** An own property of a record keyed by ids (never one of `Object.prototype`'s). */
export const entry = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** The record without `key`. */
export const without = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

/** The address of an auction of `owner`. */
export const auctionAddress = (owner: string, auctionId: string): string => `${owner}/auction/${auctionId}`;
