import { type Assessment, createAssessment } from '../../auction/assessment.js';
import { beatsReserve } from '../../auction/reserve.js';
import type { ScoringCommandRegistry } from '../../auction/scoring-commands.js';
import { type Effect, effects } from '../../effects/effects.js';
import type { Step as StepOf } from '../step.js';
import { type AuctionContext, bidAgent, bidKey, type HeldBid } from './context.js';
import type { AuctionEvent, BidEvent } from './events.js';

type Step = StepOf<AuctionContext>;

/** The most bids one auction takes, and the most it awards in turn when winners cannot confirm. */
export const maxBids = 64;
export const maxCandidates = 8;

/**
 * How long the entity outlives its deadline at most. The owner clears it when the auction closes;
 * its expiry (where the transport honours it) only takes away the entity of an owner that vanished
 * mid-auction, which would otherwise stay retained for good.
 */
export const entityExpiryMarginMs = 5_000;

/** The topic of the auction's contact information entity. */
export const entityTopic = (context: AuctionContext): string => `auction/${context.owner}/${context.contact.id}`;

const contactAddress = (context: AuctionContext): string => `${context.owner}/contact/${context.contact.id}`;

/**
 * The assessment of every bid taken so far, replayed in arrival order: the same bids give the same
 * decisions, so the machine's context stays plain data. `undefined` when the rule or strategy does
 * not compile here (the auction then ends at once, see {@link unusable}): an action never throws,
 * since a throw would fail the actor and the auction would never end (invariant 4).
 */
export function assessed(context: AuctionContext, registry: ScoringCommandRegistry): Assessment<HeldBid> | undefined {
  const assessment = createAssessment<HeldBid>({ strategy: context.policy.strategy, rule: context.policy.rule, registry });
  if (!assessment.ok) return undefined;
  for (const bid of context.bids) assessment.value.offer(bid);
  return assessment.value;
}

/** Why this auction cannot assess bids (its rule or strategy does not compile on this node), or `undefined`. */
export function unusable(context: AuctionContext, registry: ScoringCommandRegistry): string | undefined {
  const assessment = createAssessment<HeldBid>({ strategy: context.policy.strategy, rule: context.policy.rule, registry });
  return assessment.ok ? undefined : `the auction cannot assess bids: ${assessment.error.message}`;
}

export const heldBid = ({ body }: BidEvent): HeldBid => ({
  id: body.bidId,
  centre: body.bidder,
  terms: body.terms,
  replyTo: body.replyTo,
  promise: body.promise,
  ...(body.agent === undefined ? {} : { agent: body.agent }),
  ...(body.fence === undefined ? {} : { fence: body.fence }),
});

/** Tell bidders their bids are out, once each. */
function release(context: AuctionContext, bids: readonly HeldBid[], reason: string): { released: string[]; effects: Effect[] } {
  const released = [...context.released];
  const out: Effect[] = [];
  for (const bid of bids) {
    const key = bidKey(bid);
    if (released.includes(key)) continue;
    released.push(key);
    out.push(effects.send(bid.replyTo, 'auction.release', { auctionId: context.auctionId, bidId: bid.id, reason }));
  }
  return { released, effects: out };
}

/** Publish the contact information entity, retained, and start the deadline (claims 1a, 3, 34a). */
export function open(context: AuctionContext): Step {
  const { auctionId, owner, desk, contact, policy, deadline, localExpectedWaitMs } = context;
  const entity = {
    auctionId,
    owner,
    replyTo: desk,
    contact,
    params: [...policy.params],
    rule: policy.rule,
    strategy: policy.strategy,
    bidForm: policy.bidForm,
    deadline,
    // The rest of the auction, the award and the handover: the bidder's lease must outlive them.
    // At most what the entity's codec takes (agents cap their leases far lower anyway).
    leaseMs: Math.min(policy.deadlineMs + 2 * policy.awardMs + 5_000, 600_000),
    ...(policy.reserve === undefined ? {} : { reserve: policy.reserve }),
    ...(Number.isFinite(localExpectedWaitMs) ? { localExpectedWaitMs: Math.min(Math.round(localExpectedWaitMs), 86_400_000) } : {}),
  };
  return {
    effects: [
      effects.publish(entityTopic(context), 'auction.entity', entity, {
        retain: true,
        qos: 1,
        expirySeconds: Math.ceil((policy.deadlineMs + entityExpiryMarginMs) / 1000),
      }),
      effects.schedule('deadline', policy.deadlineMs, { type: 'deadline' }),
    ],
  };
}

/** A bid arrives while open: the assessment decides; bids that are out for good are released at once. */
export function takeBid(context: AuctionContext, event: AuctionEvent, registry: ScoringCommandRegistry): Step {
  if (event.type !== 'auction.bid') return {};
  const bid = heldBid(event);
  // Bounded: one bid in the running per centre, and at most `maxBids` in all; more are refused.
  const refusal =
    context.bids.length >= maxBids
      ? `the auction takes at most ${maxBids} bids`
      : context.bids.some((b) => b.centre === bid.centre && b.id !== bid.id && !context.released.includes(bidKey(b)))
        ? `${bid.centre} already has a bid in the running`
        : undefined;
  if (refusal !== undefined) {
    const out = release(context, [bid], refusal);
    return { patch: { released: out.released }, effects: out.effects };
  }
  const assessment = assessed(context, registry);
  if (assessment === undefined) {
    const out = release(context, [bid], unusable(context, registry) ?? 'the auction cannot assess bids');
    return { patch: { released: out.released }, effects: out.effects };
  }
  const result = assessment.offer(bid);
  if (result.decision === 'duplicate') return {};
  const reason = result.decision === 'rejected' ? result.detail : 'a better bid won';
  const out = release(context, result.release, reason);
  return { patch: { bids: [...context.bids, bid], released: out.released }, effects: out.effects };
}

/** The bid would be awarded at once (first-acceptable, claim 16's early end). */
export const awardsNow = (context: AuctionContext, event: AuctionEvent, registry: ScoringCommandRegistry): boolean =>
  event.type === 'auction.bid' && assessed(context, registry)?.offer(heldBid(event)).decision === 'award-now';

/** Close the assessment: rank the bids, apply the reserve, clear the entity (claims 13, 17, 36). */
export function close(context: AuctionContext, event: AuctionEvent, registry: ScoringCommandRegistry): Step {
  // A first-acceptable winner arrives with the closing event: take it first.
  const taken = event.type === 'auction.bid' ? { ...context, ...takeBid(context, event, registry).patch } : context;
  const assessment = assessed(taken, registry);
  if (assessment === undefined) {
    const out = release(taken, taken.bids, unusable(taken, registry) ?? 'the auction cannot assess bids');
    return {
      patch: { released: out.released, ranked: [], candidate: 0, reason: unusable(taken, registry) ?? 'the auction cannot assess bids' },
      effects: [effects.cancel('deadline'), effects.clear(entityTopic(context)), ...out.effects],
    };
  }
  const outcome = assessment.close();
  let ranked = outcome.ranked;
  let explanation = outcome.explanation;
  let reason = outcome.explanation.summary;
  const best = ranked[0];
  const { reserve } = context.policy;
  let below: HeldBid[] = [];
  if (best !== undefined && reserve !== undefined) {
    const verdict = beatsReserve(reserve, context.localExpectedWaitMs, best.terms.timeToServiceMs);
    const notes = [...explanation.notes, `Reserve: ${verdict.reason}.`];
    if (!verdict.beats) {
      ranked = [];
      reason = `Stayed in the local queue: ${verdict.reason}.`;
    } else {
      // The reserve holds for every bid awarded, not only the best: a runner-up tried when the
      // winner cannot confirm must beat it too, or the contact stays. Those that do not are out
      // now, and released at once.
      below = ranked.slice(1).filter((bid) => {
        const runnerUp = beatsReserve(reserve, context.localExpectedWaitMs, bid.terms.timeToServiceMs);
        if (!runnerUp.beats) notes.push(`Reserve: ${bid.id} (${bid.centre}) may not follow if the winner fails: ${runnerUp.reason}.`);
        return !runnerUp.beats;
      });
      ranked = ranked.filter((bid) => !below.includes(bid));
    }
    explanation = { ...explanation, notes };
  }
  // A bounded number of tries: past the first `maxCandidates`, the contact stays rather than waiting on more.
  const untried = ranked.slice(maxCandidates);
  ranked = ranked.slice(0, maxCandidates);
  const short = release(taken, below, 'the bid does not beat the reserve');
  const out = release({ ...taken, released: short.released }, untried, 'too far down the ranking');
  const effectsOut = [...short.effects, ...out.effects];
  return {
    patch: { bids: taken.bids, released: out.released, ranked, candidate: 0, explanation, reason },
    effects: [effects.cancel('deadline'), effects.clear(entityTopic(context)), ...effectsOut],
  };
}

/** Award the candidate bid (claim 1c): its bidder confirms that its lease still holds. */
export function award(context: AuctionContext): Step {
  const bid = context.ranked[context.candidate];
  if (bid === undefined) return {};
  return {
    effects: [
      effects.send(bid.replyTo, 'auction.award', {
        auctionId: context.auctionId,
        bidId: bid.id,
        contact: context.contact.id,
        ...(bid.fence === undefined ? {} : { fence: bid.fence }),
      }),
      effects.schedule('award', context.policy.awardMs, { type: 'award.timeout', candidate: context.candidate }),
    ],
  };
}

/** The candidate could not confirm: release it and go on to the next best bid. */
export function nextCandidate(context: AuctionContext, reason: string): Step {
  const bid = context.ranked[context.candidate];
  const out = release(context, bid === undefined ? [] : [bid], reason);
  return {
    patch: { candidate: context.candidate + 1, released: out.released, reason: `${bid?.id ?? 'the winner'} could not confirm: ${reason}` },
    effects: [effects.cancel('award'), ...out.effects],
  };
}

/** The winner confirmed: tell the contact to move there (DESIGN.md §4 handover). */
export function handOver(context: AuctionContext): Step {
  const bid = context.ranked[context.candidate];
  if (bid === undefined) return {};
  const agent = bidAgent(bid);
  return {
    effects: [
      effects.cancel('award'),
      effects.send(contactAddress(context), 'auction.won', {
        auctionId: context.auctionId,
        contact: context.contact.id,
        centre: bid.centre,
        ...(agent === undefined ? {} : { agent }),
        ...(bid.fence === undefined ? {} : { fence: bid.fence }),
      }),
      effects.schedule('taken', context.policy.awardMs, { type: 'taken.timeout' }),
    ],
  };
}

/** The auction ends: every bid still held is released, except the winner's when it won. */
export function finish(context: AuctionContext, reason: string, keepWinner: boolean): Step {
  const winner = keepWinner ? context.ranked[context.candidate] : undefined;
  const left = [...context.ranked, ...context.bids].filter((bid) => winner === undefined || bidKey(bid) !== bidKey(winner));
  const out = release(context, left, reason);
  return {
    patch: { released: out.released },
    effects: [
      effects.cancel('deadline'),
      effects.cancel('award'),
      effects.cancel('taken'),
      // Cancelled while open, it never closed: clear the retained entity here, or it stays on the
      // broker for good and a centre that connects later reads an auction that is over.
      ...(context.explanation === null ? [effects.clear(entityTopic(context))] : []),
      ...out.effects,
    ],
  };
}

/**
 * Why the auction awarded its winner: the explanation's summary, or — when the best bid could not
 * confirm and a later one won — that the winner was next in line, and why the one before it failed.
 */
export function awardReason(context: AuctionContext): string {
  const winner = context.ranked[context.candidate];
  if (context.candidate === 0 || winner === undefined) return context.explanation?.summary ?? '';
  return `${winner.id} (${winner.centre}) won as the next best bid: ${context.reason}.`;
}

/** A bid after the deadline: ignored, and its bidder told to release its lease at once. */
export function refuseLate(context: AuctionContext, event: AuctionEvent): Step {
  if (event.type !== 'auction.bid') return {};
  // A repeat of a bid still in the running is not late: it keeps its lease.
  if (context.bids.some((bid) => bidKey(bid) === `${event.body.bidder}/${event.body.bidId}`)) return {};
  return {
    effects: [
      effects.send(event.body.replyTo, 'auction.release', {
        auctionId: context.auctionId,
        bidId: event.body.bidId,
        reason: 'the bid came after the deadline',
      }),
    ],
  };
}
