import { effects } from '../../effects/effects.js';
import type { Step as StepOf } from '../step.js';
import { type BidderContext, bidAddress } from './context.js';
import type { BidderEvent } from './events.js';
import { bidInputOf, waiting } from './guards.js';

type Step = StepOf<BidderContext>;

const noSuchBid = 'no such bid here (it expired or was released)';
const notOpen = 'the auction is not open here (unknown, or past its deadline)';
const pushedOut = 'newer entities pushed it out before the agent decided';

/** Start the entity's bid actor (`{centre}/bid/{auctionId}`), live from now on. */
export function startBid(context: BidderContext, event: BidderEvent): Step {
  if (event.type !== 'auction.entity') return {};
  const { auctionId } = event.body;
  return {
    patch: { live: [...context.live, auctionId], started: context.started + 1 },
    effects: [effects.host('bid', auctionId, bidInputOf(context, event))],
  };
}

/**
 * Let the oldest entities waiting for the agent's decision go, so that with the new one only
 * `maxPendingDecisions` wait: each actor is told, in the desk's name, that its entity was refused.
 */
export function letOldestGo(context: BidderContext, event: BidderEvent): Step {
  const { input } = context;
  if (input.side !== 'agent' || event.type !== 'auction.entity') return {};
  const old = waiting(context, event);
  const excess = old.length + 1 - input.maxPendingDecisions;
  return {
    effects: old
      .slice(0, Math.max(0, excess))
      .map((auctionId) =>
        effects.send(
          bidAddress(input.centre, auctionId),
          'auction.bidStatus',
          { auctionId, agent: input.agent.id, status: 'refused', reason: pushedOut },
          { as: input.desk },
        ),
      ),
  };
}

/** An award for a bid no actor here holds: refused, in the desk's name (the bid's `replyTo`). */
export function refuseAward(context: BidderContext, event: BidderEvent): Step {
  if (event.type !== 'auction.award') return {};
  const { auctionId, bidId } = event.body;
  const body = { auctionId, bidId, result: 'refused' as const, reason: noSuchBid };
  return { effects: [effects.send(event.from, 'auction.confirm', body, { as: context.input.desk })] };
}

/** An agent's request for a bid in an auction not open here: refused, in the desk's name. */
export function refuseRequest(context: BidderContext, event: BidderEvent): Step {
  if (event.type !== 'auction.bidRequest') return {};
  const { auctionId, agent } = event.body;
  const body = { auctionId, agent, status: 'refused' as const, reason: notOpen };
  return { effects: [effects.send(event.from, 'auction.bidStatus', body, { as: context.input.desk })] };
}

/** A bid actor ended: no longer live. */
export function ended(context: BidderContext, event: BidderEvent): Step {
  if (event.type !== 'bid.ended') return {};
  return { patch: { live: context.live.filter((auctionId) => auctionId !== event.auctionId) } };
}
