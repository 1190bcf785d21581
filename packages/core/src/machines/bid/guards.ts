import type { AuctionEntityBody } from '../../protocol/messages/auction.js';
import { type AgentProfile, auctionAddress, type BidContext, type BidPolicy, maxDeadlineMs } from './context.js';
import type { BidEvent } from './events.js';

/**
 * Whether this node passes the entity over at once: its own auction (or, on an agent's computer,
 * its home centre's), a contact the network knows as another centre's, one the agent could not
 * serve, or a deadline already past or further off than any auction's can be.
 */
export function passedOver(context: BidContext): boolean {
  const { input, entity } = context;
  if (input.at >= entity.deadline || entity.deadline - input.at > maxDeadlineMs) return true;
  if (input.side === 'agent') return entity.owner === input.home || !canServe(input.agent, entity);
  // An auction for a contact the network knows as another centre's is not its owner's to hold.
  return entity.owner === input.centre || (input.knownOwner !== undefined && input.knownOwner !== entity.owner);
}

/** The agent has the media, the skills and the language the contact needs. */
export function canServe(agent: AgentProfile, entity: AuctionEntityBody): boolean {
  const { contact } = entity;
  if (agent.media !== undefined && !agent.media.includes(contact.media)) return false;
  if (!contact.requirements.every((r) => (agent.skills[r.skill] ?? 0) >= r.minProficiency)) return false;
  const languages = agent.languages ?? [];
  return (
    contact.language === undefined ||
    languages.length === 0 ||
    languages.some((l) => l === contact.language || l.startsWith(`${contact.language}-`))
  );
}

/** A bid is made, asked for or accepted only before the entity's deadline. */
export const beforeDeadline = (context: BidContext, event: BidEvent): boolean => event.at < context.entity.deadline;

/** Why this centre does not bid for the entity (its mode as it was when the fact was read, its `accept` policy), if it does not. */
export function entityRefusal(context: BidContext, policy: BidPolicy, closed: string | undefined): string | undefined {
  if (closed !== undefined) return closed;
  return policy.accepts(context.entity) ? undefined : `${context.input.centre} does not bid for this contact`;
}

/** The centre bids for the entity on its own initiative, as it arrives. */
export const bidsAtOnce = (context: BidContext, policy: BidPolicy): boolean =>
  policy.automatic && context.input.side === 'centre' && entityRefusal(context, policy, context.input.facts?.closed) === undefined;

/** Why this centre refuses an agent's own request for a bid, or `undefined` to take it. */
export function requestRefusal(context: BidContext, event: BidEvent, policy: BidPolicy): string | undefined {
  if (event.type !== 'auction.bidRequest') return 'not a request';
  const { centre } = context.input;
  const { agent, cost } = event.body;
  if (!beforeDeadline(context, event)) return 'the auction is not open here (unknown, or past its deadline)';
  if (event.facts?.agent?.id !== agent) return `${agent} is not an agent of ${centre}`;
  const node = event.from.slice(0, event.from.indexOf('/'));
  if (!policy.speaksFor({ node, agent, ...(cost === undefined ? {} : { cost }) }))
    return `${centre} does not bid for ${agent} at the request of ${node}`;
  return entityRefusal(context, policy, event.facts.closed);
}

/** The answer is to the reservation waited for now, about the agent asked. */
export const forThisRequest = (context: BidContext, event: BidEvent): boolean =>
  (event.type === 'reserve.granted' || event.type === 'reserve.denied' || event.type === 'reserve.timeout') &&
  context.requestId !== null &&
  (event.type === 'reserve.timeout' ? event.requestId : event.body.requestId) === context.requestId &&
  (event.type === 'reserve.timeout' || event.body.agent === context.asked);

/** The granted lease lasts at least until the deadline (an agent's own cap may be shorter). */
export const leaseOutlastsDeadline = (context: BidContext, event: BidEvent): boolean =>
  event.type === 'reserve.granted' && event.body.expiresAt >= context.entity.deadline;

/** Only the auction itself awards, confirms' answers go to it, and it may take a confirmed bid back. */
export const fromAuction = (context: BidContext, event: BidEvent): boolean =>
  (event.type === 'auction.award' || event.type === 'auction.release') && event.from === auctionAddress(context);

/** The award or release names the bid this actor made. */
export const forOurBid = (context: BidContext, event: BidEvent): boolean =>
  (event.type === 'auction.award' || event.type === 'auction.release') &&
  context.bid !== null &&
  event.body.bidId === context.bid.bidId &&
  event.body.auctionId === context.entity.auctionId;

/**
 * The lease still holds for the award: a queue promise always does; an agent's lease must carry the
 * award's fence and contact, must not have been seen gone, and must not have run out by now.
 */
export function leaseHolds(context: BidContext, event: BidEvent): boolean {
  if (event.type !== 'auction.award' || context.bid === null) return false;
  if (context.bid.promise === 'queue') return true;
  const { lease } = context;
  return (
    lease !== null &&
    context.watch?.ended !== true &&
    event.at < lease.expiresAt &&
    (event.body.fence === undefined || event.body.fence === lease.fence) &&
    event.body.contact === context.entity.contact.id
  );
}

/** Before its award is confirmed the owner's desk may release a bid; after it, only the auction itself. */
export const releasedByOwner = (context: BidContext, event: BidEvent): boolean =>
  event.type === 'auction.release' && forOurBid(context, event) && event.from.startsWith(`${context.entity.owner}/`);

/** A replica change of the agent asked, newer than what the replicas showed when it was asked. */
export const aboutAskedAgent = (context: BidContext, event: BidEvent): boolean =>
  event.type === 'agent.changed' &&
  context.watch !== null &&
  event.snapshot.home === context.input.centre &&
  event.snapshot.id === context.watch.agent &&
  event.snapshot.rev > context.watch.sinceRev;

/** After the agent was seen reserved for this bid, a newer snapshot shows it otherwise: the lease is used or gone. */
export const leaseEnded = (context: BidContext, event: BidEvent): boolean => {
  if (event.type !== 'agent.changed' || !aboutAskedAgent(context, event)) return false;
  const reservedRev = context.watch?.reservedRev ?? null;
  return reservedRev !== null && event.snapshot.rev > reservedRev && event.snapshot.state !== 'reserved';
};

/** The timer is for the lease held now. */
export const currentLease = (context: BidContext, event: BidEvent): boolean =>
  event.type === 'lease.expired' && context.lease !== null && event.fence === context.lease.fence;

/** The home centre speaks about this agent's bid in this auction (on an agent's own computer). */
export function fromHome(context: BidContext, event: BidEvent, status: 'placed' | 'refused' | 'won' | 'lost'): boolean {
  if (event.type !== 'auction.bidStatus' || context.input.side !== 'agent') return false;
  return (
    event.from.startsWith(`${context.input.home}/`) &&
    event.body.agent === context.input.agent.id &&
    event.body.auctionId === context.entity.auctionId &&
    event.body.status === status
  );
}

/** On an agent's own computer, its bidder (in the desk's name) lets the entity go before the agent decided. */
export const letGoByDesk = (context: BidContext, event: BidEvent): boolean =>
  event.type === 'auction.bidStatus' &&
  context.input.side === 'agent' &&
  event.from === context.input.desk &&
  event.body.status === 'refused' &&
  event.body.auctionId === context.entity.auctionId;
