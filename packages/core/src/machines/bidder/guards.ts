import { type BidInput, initialContext as bidContext } from '../bid/context.js';
import { passedOver } from '../bid/guards.js';
import type { BidderContext } from './context.js';
import type { BidderEvent } from './events.js';

type Entity = Extract<BidderEvent, { type: 'auction.entity' }>;

/** The input of the bid actor this entity would start: what it knows of the entity, the node and its life. */
export function bidInputOf(context: BidderContext, event: Entity): BidInput {
  const { input } = context;
  const entity = event.body;
  const common = { entity, at: event.at, centre: input.centre, desk: input.desk };
  if (input.side === 'agent') return { ...common, side: 'agent', home: input.home, agent: input.agent };
  const { knownOwner, closed, idle, queueWaitMs } = event.facts ?? {};
  const facts = {
    ...(closed === undefined ? {} : { closed }),
    ...(idle === undefined ? {} : { idle }),
    ...(queueWaitMs === undefined ? {} : { queueWaitMs }),
  };
  return {
    ...common,
    side: 'centre',
    incarnation: input.incarnation,
    serial: context.started,
    facts,
    ...(knownOwner === undefined ? {} : { knownOwner }),
  };
}

/** The auction the event is about. */
const auctionOf = (event: BidderEvent): string => (event.type === 'bid.ended' ? event.auctionId : event.body.auctionId);

/** A bid actor for the event's auction is live here. */
export const liveActor = (context: BidderContext, event: BidderEvent): boolean => context.live.includes(auctionOf(event));

/** As many bid actors live as `maxOpenBids` allows: a new entity is passed over. */
export const full = (context: BidderContext): boolean => context.live.length >= context.input.maxOpenBids;

/** The entities that wait for the agent's decision now, oldest first: those the desk says wait, among the live. */
export function waiting(context: BidderContext, event: BidderEvent): string[] {
  if (event.type !== 'auction.entity') return [];
  const said = event.facts?.waiting ?? [];
  return context.live.filter((auctionId) => said.includes(auctionId));
}

/**
 * On an agent's computer where the agent decides by hand: with this entity (unless its actor
 * passes it over at once), more would wait for a decision than `maxPendingDecisions`.
 */
export function tooManyWaiting(context: BidderContext, event: BidderEvent): boolean {
  const { input } = context;
  if (input.side !== 'agent' || !input.byHand || event.type !== 'auction.entity') return false;
  if (passedOver(bidContext(bidInputOf(context, event)))) return false;
  return waiting(context, event).length + 1 > input.maxPendingDecisions;
}
