import { effects } from '../../effects/effects.js';
import { derivedId } from '../../protocol/derived-id.js';
import type { AuctionBidBody, AuctionedContact } from '../../protocol/messages/auction.js';
import type { AgentSnapshot } from '../../protocol/messages/snapshots.js';
import { hasRoomFor, proficiencyIn, speaks } from '../../routing/eligible.js';
import type { Step as StepOf } from '../step.js';
import { type BidContext, type BidPolicy, bidIdOf, reserveTimeoutMs } from './context.js';
import type { BidEvent } from './events.js';

type Step = StepOf<BidContext>;
type Status = 'placed' | 'refused' | 'won' | 'lost';

/** The longest time-to-service a queue promise quotes. */
const maxPromiseMs = 86_400_000;

/** The timers of a bid's whole life: the deadline, and when nobody can award it any more. */
export function start(context: BidContext): Step {
  const { entity, input } = context;
  return {
    effects: [
      effects.schedule('deadline', Math.max(0, entity.deadline - input.at), { type: 'deadline' }),
      // The owner releases or awards before then; after it, the bid is forgotten.
      effects.schedule('forget', Math.max(0, entity.deadline + entity.leaseMs - input.at), { type: 'forget' }),
    ],
  };
}

/** Tell the agent's own computer that asked for this bid how it goes. */
export function tell(context: BidContext, status: Status, extra: { bidId?: string; reason?: string } = {}): Step {
  const to = context.requestedBy;
  if (to === null) return {};
  const body = { auctionId: context.entity.auctionId, agent: to.agent, status, ...extra };
  return { effects: [effects.send(to.node, 'auction.bidStatus', body)] };
}

/** The agent has room for the contact's media, speaks its language and has the skills it requires. */
export const serves = (agent: AgentSnapshot, contact: AuctionedContact): boolean =>
  hasRoomFor(agent, contact.media) &&
  speaks(agent, contact.language) &&
  contact.requirements.every((r) => proficiencyIn(agent, r.skill) >= r.minProficiency);

/** This centre's free agents who can serve the contact and were not tried yet, longest idle first. */
export function candidates(agents: readonly AgentSnapshot[], contact: AuctionedContact, tried: readonly string[]): AgentSnapshot[] {
  return agents
    .filter((agent) => !tried.includes(agent.id) && serves(agent, contact))
    .sort((a, b) => (a.idleSince ?? Number.MAX_SAFE_INTEGER) - (b.idleSince ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : 1));
}

/**
 * Ask the owner of the next agent to try for a lease (DESIGN.md §4): the agent an agent's own
 * computer asked for (only that one), else the longest idle one not tried yet, up to `maxTries`.
 * No answer in `reserveTimeoutMs` counts as a denial. Nobody left to ask: `asked` is null.
 */
export function reserveNext(context: BidContext, event: BidEvent, policy: BidPolicy): Step {
  const { entity, tried, requestedBy, input } = context;
  if (input.side === 'agent') return {};
  const snapshot =
    requestedBy !== null
      ? tried.length === 0 && event.type === 'auction.bidRequest'
        ? event.facts?.agent
        : undefined
      : tried.length < policy.maxTries
        ? candidates(context.idle, entity.contact, tried)[0]
        : undefined;
  if (snapshot === undefined) return { patch: { asked: null, requestId: null } };
  const agent = snapshot.id;
  const requestId = derivedId(entity.auctionId, tried.length + 1);
  const { contact, leaseMs } = entity;
  return {
    patch: {
      tried: [...tried, agent],
      asked: agent,
      requestId,
      watch: { agent, sinceRev: snapshot.rev, reservedRev: null, ended: false, snapshot },
    },
    effects: [
      effects.send(`${input.centre}/agent/${agent}`, 'reserve.request', {
        requestId,
        agent,
        contact: contact.id,
        leaseMs,
        media: contact.media,
        requirements: contact.requirements,
        ...(contact.language === undefined ? {} : { language: contact.language }),
      }),
      effects.schedule('reserve', reserveTimeoutMs, { type: 'reserve.timeout', requestId }),
    ],
  };
}

/** The lease is ours: keep what the award will be checked against, and end it by itself when it runs out. */
export function holdLease(context: BidContext, event: BidEvent): Step {
  if (event.type !== 'reserve.granted') return {};
  const { agent, leaseId, fence, expiresAt } = event.body;
  const { watch } = context;
  return {
    patch: {
      lease: { agent, leaseId, fence, expiresAt },
      // A lease this centre's own bid holds is not published (no rev moves): any snapshot newer than
      // the agent's rev at the grant that does not show it reserved means it is used or gone.
      ...(watch === null || watch.reservedRev !== null
        ? {}
        : { watch: { ...watch, reservedRev: event.body.rev ?? watch.snapshot?.rev ?? watch.sinceRev } }),
    },
    effects: [effects.cancel('reserve'), effects.schedule('lease', Math.max(0, expiresAt - event.at), { type: 'lease.expired', fence })],
  };
}

/** Give back a lease granted for a request this bid no longer waits for (or cannot use). */
export function releaseGrant(context: BidContext, event: BidEvent): Step {
  if (event.type !== 'reserve.granted') return {};
  const { agent, leaseId, fence } = event.body;
  return { effects: [effects.send(`${context.input.centre}/agent/${agent}`, 'reserve.release', { agent, leaseId, fence })] };
}

/** Give the lease this bid holds back to the agent's owner. */
export function releaseLease(context: BidContext): Step {
  const { lease } = context;
  if (lease === null) return {};
  const { agent, leaseId, fence } = lease;
  return { effects: [effects.send(`${context.input.centre}/agent/${agent}`, 'reserve.release', { agent, leaseId, fence })] };
}

/**
 * Keep what a change of one of the centre's agents says: whether it is still a free agent who
 * could serve the contact, and, of the agent asked, how it looks now and whether its snapshots
 * showed it reserved for this bid and then no longer (the lease used or gone).
 */
export function noteAgent(context: BidContext, event: BidEvent): Step {
  if (event.type !== 'agent.changed' || context.input.side !== 'centre' || event.snapshot.home !== context.input.centre) return {};
  const { snapshot } = event;
  const others = context.idle.filter((a) => a.id !== snapshot.id);
  const idle = snapshot.state === 'idle' && serves(snapshot, context.entity.contact) ? [...others, snapshot] : others;
  const { watch } = context;
  if (watch === null || snapshot.id !== watch.agent || snapshot.rev <= watch.sinceRev) return { patch: { idle } };
  const { rev, state } = snapshot;
  const seen = { ...watch, snapshot };
  if (watch.reservedRev === null) return { patch: { idle, watch: state === 'reserved' ? { ...seen, reservedRev: rev } : seen } };
  return { patch: { idle, watch: rev > watch.reservedRev && state !== 'reserved' ? { ...seen, ended: true } : seen } };
}

/** The expected wait a queue promise quotes, if one can be made. */
export function promisedWaitMs(context: BidContext, policy: BidPolicy): number | undefined {
  const { input } = context;
  const waitMs = policy.queuePromise && input.side === 'centre' ? input.facts?.queueWaitMs : undefined;
  return waitMs === undefined || !Number.isFinite(waitMs) ? undefined : Math.min(Math.max(0, Math.round(waitMs)), maxPromiseMs);
}

/** Bid, in the form the entity asks for: with the leased agent, or promising a time from the queue. */
export function bid(context: BidContext, event: BidEvent, policy: BidPolicy): Step {
  const { entity, lease, input, requestedBy } = context;
  if (input.side === 'agent') return {};
  const snapshot = lease === null ? undefined : context.watch?.snapshot;
  const cost = requestedBy?.cost ?? policy.cost({ contact: entity.contact, ...(snapshot === undefined ? {} : { agent: snapshot }) }) ?? 0;
  const terms = {
    cost: Number.isFinite(cost) && cost >= 0 ? cost : 0,
    proficiency: lease === null || snapshot === undefined ? 0 : proficiencyIn(snapshot, entity.contact.skillset),
    timeToServiceMs: lease === null ? (promisedWaitMs(context, policy) ?? 0) : 0,
  };
  const body: AuctionBidBody = {
    auctionId: entity.auctionId,
    bidId: bidIdOf(input),
    bidder: input.centre,
    replyTo: input.desk,
    terms,
    promise: lease === null ? 'queue' : 'agent',
    ...(lease === null ? {} : { agent: lease.agent, fence: lease.fence, expiresAt: event.at + entity.leaseMs }),
  };
  const space = `auction/${entity.owner}/${entity.contact.id}/bids/${input.centre}`;
  const sent =
    entity.bidForm === 'direct'
      ? effects.send(entity.replyTo, 'auction.bid', body)
      : entity.bidForm === 'entry'
        ? effects.publish(space, 'auction.bid', body, { qos: 1 })
        : effects.publish(space, 'auction.entityBid', { entity, bid: body }, { qos: 1 });
  return { patch: { bid: body }, effects: [sent, ...(tell({ ...context, bid: body }, 'placed', { bidId: body.bidId }).effects ?? [])] };
}

/** Answer the auction's award in the desk's name (the bid's `replyTo`): confirmed, or refused and why. */
export function answerAward(context: BidContext, event: BidEvent, result: 'confirmed' | 'refused', reason?: string): Step {
  if (event.type !== 'auction.award') return {};
  const { auctionId, bidId } = event.body;
  const answer = effects.send(
    event.from,
    'auction.confirm',
    { auctionId, bidId, result, ...(reason === undefined ? {} : { reason }) },
    { as: context.input.desk },
  );
  const told =
    context.bid?.bidId === bidId
      ? tell(context, result === 'confirmed' ? 'won' : 'lost', { bidId, ...(reason === undefined ? {} : { reason }) })
      : {};
  return { effects: [answer, ...(told.effects ?? [])] };
}

/** Refuse an agent's own request for a bid, saying why. */
export function refuseRequest(context: BidContext, event: BidEvent, reason: string): Step {
  if (event.type !== 'auction.bidRequest') return {};
  const body = { auctionId: context.entity.auctionId, agent: event.body.agent, status: 'refused' as const, reason };
  return { effects: [effects.send(event.from, 'auction.bidStatus', body)] };
}

/** On an agent's own computer: ask the home centre to reserve the agent and bid (claim 18). */
export function askHome(context: BidContext, event: BidEvent): Step {
  const { input, entity } = context;
  if (input.side !== 'agent' || event.type !== 'bid.accept') return {};
  const body = { auctionId: entity.auctionId, agent: input.agent.id, ...(event.cost === undefined ? {} : { cost: event.cost }) };
  return { effects: [effects.send(`${input.home}/bidder/main`, 'auction.bidRequest', body, { as: input.desk })] };
}
