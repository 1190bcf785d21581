import type * as t from 'io-ts';
import {
  AuctionAwardBody,
  AuctionBidBody,
  AuctionBidRequestBody,
  AuctionBidStatusBody,
  AuctionCancelBody,
  AuctionConfirmBody,
  AuctionEntityBidBody,
  AuctionEntityBody,
  AuctionOpenBody,
  AuctionReleaseBody,
  AuctionTakenBody,
  AuctionWonBody,
} from './messages/auction.js';
import { CommandRequestBody, CommandResultBody, StatusUpdateBody } from './messages/customer-command.js';
import { ContactAbandonedBody, HandoverAckBody, HandoverRequestBody } from './messages/handover.js';
import { OfferRequestBody, OfferResultBody, WorkEndedBody } from './messages/offer.js';
import { PresenceBody } from './messages/presence.js';
import { ReserveDeniedBody, ReserveGrantedBody, ReserveReleaseBody, ReserveRequestBody } from './messages/reservation.js';
import { RouteAssignBody, RouteFailedBody } from './messages/routing.js';
import { AgentSnapshot, ContactSnapshot, ReplicasCheckBody, TombstoneBody } from './messages/snapshots.js';
import { MessageType } from './primitives.js';

/** Body codecs keyed by message type. */
export type BodyCodecs = { readonly [type: string]: t.Mixed };

/**
 * The envelope every message travels in. `id` is unique per sender (receivers drop repeats),
 * `from`/`to` are actor addresses `{centre}/{kind}/{id}`, `ts` is the sender's clock.
 */
export interface Envelope<T extends string = string, B = unknown> {
  readonly v: number;
  readonly id: string;
  readonly type: T;
  readonly from: string;
  readonly to?: string;
  readonly ts: number;
  readonly body: B;
  /** A signature by the sender's key, on a received message that carries one (docs/protocol.md, "Signatures"). */
  readonly sig?: string;
}

/** The union of envelopes a registry decodes, discriminated by `type`. */
export type MessageOf<R extends BodyCodecs> = { [K in keyof R & string]: Envelope<K, t.TypeOf<R[K]>> }[keyof R & string];

/** The body type of message type `K` in registry `R`. */
export type BodyOf<R extends BodyCodecs, K extends keyof R> = t.TypeOf<R[K]>;

/**
 * The set of message types a node decodes. Unknown types are refused with
 * `CM_ERR_UNKNOWN_MESSAGE_TYPE`. Embedders and tests add their own with {@link MessageRegistry.extend}.
 */
export interface MessageRegistry<R extends BodyCodecs = BodyCodecs> {
  readonly bodies: R;
  /** The body codec of `type`, if the registry has it. */
  codec(type: string): t.Mixed | undefined;
  /** A new registry with more message types; redefining an existing type is a programmer error. */
  extend<E extends BodyCodecs>(extra: E): MessageRegistry<R & E>;
}

/**
 * Creates a registry from body codecs.
 *
 * @example
 * ```ts
 * const registry = coreMessages.extend({ ping: t.type({ n: t.number }) });
 * const result = decode(bytes, { registry });
 * ```
 */
export function defineMessages<R extends BodyCodecs>(bodies: R): MessageRegistry<R> {
  for (const type of Object.keys(bodies)) {
    if (!MessageType.is(type))
      throw new TypeError(`Message type ${JSON.stringify(type)} is not valid; use dotted lower camelCase, e.g. "agent.snapshot".`);
  }
  const frozen = Object.freeze({ ...bodies });
  return {
    bodies: frozen,
    codec: (type) => (Object.hasOwn(frozen, type) ? frozen[type] : undefined),
    extend<E extends BodyCodecs>(extra: E) {
      for (const type of Object.keys(extra)) {
        if (Object.hasOwn(frozen, type)) throw new TypeError(`Message type ${JSON.stringify(type)} is already defined; pick another name.`);
      }
      return defineMessages({ ...frozen, ...extra } as R & E);
    },
  };
}

/** The messages of the contactmesh protocol. */
export const coreMessages = defineMessages({
  presence: PresenceBody,
  'agent.snapshot': AgentSnapshot,
  'contact.snapshot': ContactSnapshot,
  tombstone: TombstoneBody,
  'replicas.check': ReplicasCheckBody,
  'reserve.request': ReserveRequestBody,
  'reserve.granted': ReserveGrantedBody,
  'reserve.denied': ReserveDeniedBody,
  'reserve.release': ReserveReleaseBody,
  'route.assign': RouteAssignBody,
  'route.failed': RouteFailedBody,
  'offer.request': OfferRequestBody,
  'offer.result': OfferResultBody,
  'work.ended': WorkEndedBody,
  'handover.request': HandoverRequestBody,
  'handover.ack': HandoverAckBody,
  'contact.abandoned': ContactAbandonedBody,
  'command.request': CommandRequestBody,
  'command.result': CommandResultBody,
  'status.update': StatusUpdateBody,
  'auction.entity': AuctionEntityBody,
  'auction.bid': AuctionBidBody,
  'auction.entityBid': AuctionEntityBidBody,
  'auction.award': AuctionAwardBody,
  'auction.confirm': AuctionConfirmBody,
  'auction.release': AuctionReleaseBody,
  'auction.won': AuctionWonBody,
  'auction.taken': AuctionTakenBody,
  'auction.open': AuctionOpenBody,
  'auction.cancel': AuctionCancelBody,
  'auction.bidRequest': AuctionBidRequestBody,
  'auction.bidStatus': AuctionBidStatusBody,
});

export type CoreBodies = typeof coreMessages.bodies;
/** Any message of the contactmesh protocol. */
export type CoreMessage = MessageOf<CoreBodies>;
