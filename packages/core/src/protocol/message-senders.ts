import type { Channel } from './channels.js';
import { type ParticipantRole, roleName } from './participant-roles.js';
import type { CoreBodies } from './registry.js';

/** For one message type: the roles that may send it, each with the channels it may use. */
export type Senders = { readonly [R in ParticipantRole]?: readonly Channel[] };

const centreInbox: Senders = { centre: ['inbox'] };

/**
 * Who may send each message type of the protocol, and on which channels (docs/security.md, "What
 * each role sends"): centres send everything between centres — presence, replicas, auctions and
 * bids on their topics, reservations, offers, handovers and auction answers in each other's
 * inboxes — plus bid statuses to agents' computers and command results to gateways; an agent's
 * computer sends only `auction.bidRequest` (and may leave a presence on its own `node-presence`
 * topic); a gateway sends only `command.request`. An empty entry is a message that never crosses
 * the network: it goes between actors of one centre (an auction and its contact).
 *
 * @example
 * ```ts
 * messageSenders['reserve.request']; // { centre: ['inbox'] }
 * messageSenders['auction.bidRequest']; // { agent: ['inbox'] }
 * ```
 */
export const messageSenders: { readonly [K in keyof CoreBodies]: Senders } = {
  presence: { centre: ['presence'], agent: ['node-presence'] },
  'agent.snapshot': { centre: ['replica'] },
  'contact.snapshot': { centre: ['replica'] },
  tombstone: { centre: ['replica'] },
  'replicas.check': centreInbox,
  'reserve.request': centreInbox,
  'reserve.granted': centreInbox,
  'reserve.denied': centreInbox,
  'reserve.release': centreInbox,
  'route.assign': centreInbox,
  'route.failed': centreInbox,
  'offer.request': centreInbox,
  'offer.result': centreInbox,
  'work.ended': centreInbox,
  'handover.request': centreInbox,
  'handover.ack': centreInbox,
  'contact.abandoned': centreInbox,
  'command.request': { gateway: ['inbox'] },
  'command.result': centreInbox,
  'status.update': { centre: ['status'] },
  'auction.entity': { centre: ['auction'] },
  'auction.bid': { centre: ['inbox', 'bids'] },
  'auction.entityBid': { centre: ['bids'] },
  'auction.award': centreInbox,
  'auction.confirm': centreInbox,
  'auction.release': centreInbox,
  'auction.won': {},
  'auction.taken': {},
  'auction.open': {},
  'auction.cancel': {},
  'auction.bidRequest': { agent: ['inbox'] },
  'auction.bidStatus': centreInbox,
};

/**
 * Why a message of `type` from a participant of `role` may not arrive on `channel`, or `undefined`
 * when {@link messageSenders} lets it. A type the protocol does not define (an embedder's own) is
 * not judged here.
 *
 * @example
 * ```ts
 * roleRefusal('inbox', 'gateway', 'reserve.request');
 * // 'reserve.request is sent by a centre only, not by a gateway'
 * roleRefusal('inbox', 'gateway', 'command.request'); // undefined
 * ```
 */
export function roleRefusal(channel: Channel, role: ParticipantRole, type: string): string | undefined {
  if (!Object.hasOwn(messageSenders, type)) return undefined;
  const senders: Senders = messageSenders[type as keyof CoreBodies];
  if (senders[role]?.includes(channel) === true) return undefined;
  const roles = participantRoles.filter((r) => senders[r] !== undefined).map((r) => roleName(r));
  if (roles.length === 0) return `${type} goes between actors of one centre and never arrives from the network`;
  if (senders[role] !== undefined) return `${type} from ${roleName(role)} comes on ${senders[role].join(' or ')}, not on ${channel}`;
  return `${type} is sent by ${roles.join(' or ')} only, not by ${roleName(role)}`;
}

const participantRoles: readonly ParticipantRole[] = ['centre', 'gateway', 'agent'];
