import { centreOf } from '../../protocol/address.js';
import type { Media } from '../../protocol/primitives.js';
import { type AgentContext, load } from './context.js';
import type { DenialReason } from './denial.js';
import type { AgentEvent, ReserveRequest } from './events.js';

/**
 * Why a free agent cannot take this reservation now, or `null` when it can. The chooser's replica
 * may be stale, so the owner checks media capacity, skills and language against the agent as it is.
 */
export function refusal(context: AgentContext, event: ReserveRequest): DenialReason | null {
  const { media, requirements = [], language } = event.body;
  if (event.body.agent !== context.id) return 'unknownAgent';
  const full = capacityRefusal(context, event.body.contact, media);
  if (full !== null) return full;
  for (const { skill, minProficiency } of requirements) {
    if ((context.skills[skill] ?? 0) < minProficiency) return 'notEligible';
  }
  if (
    language !== undefined &&
    context.languages.length > 0 &&
    !context.languages.some((l) => l === language || l.startsWith(`${language}-`))
  ) {
    return 'notEligible';
  }
  return null;
}

/** Why the agent cannot take `contact` of `media` on top of its work, or `null` when it can. */
export function capacityRefusal(context: AgentContext, contact: string, media: Media | undefined): DenialReason | null {
  // A request for a contact the agent already has is a stale repeat (never `stale`: that is the contact's word for an outdated assignment).
  if (context.work.some((w) => w.contact === contact)) return 'alreadyAssigned';
  if (media !== undefined && load(context, media) >= (context.capacity[media] ?? 0)) return 'noCapacity';
  // A voice or video call takes the agent whole: no new work of any kind during one.
  if (context.work.some((w) => w.media === 'voice' || w.media === 'video')) return 'noCapacity';
  if ((media === 'voice' || media === 'video') && context.work.length > 0) return 'noCapacity';
  return null;
}

/**
 * Why the agent cannot resume `contact` after a restart's re-sync, or `null`: it must be logged in,
 * hold no lease or offer (not ready, or ready and free) and have room for it.
 */
export function resumeRefusal(context: AgentContext, value: unknown, contact: string, media: Media): string | null {
  const free = value === 'notReady' || (typeof value === 'object' && value !== null && (value as { ready?: unknown }).ready === 'free');
  if (!free) return value === 'loggedOut' ? 'the agent is logged out: log them in first' : 'the agent holds a lease, an offer or wrap-up';
  const full = capacityRefusal(context, contact, media);
  return full === null ? null : full === 'alreadyAssigned' ? 'the agent already works on it' : 'the agent has no room for it';
}

/** The release names the lease the agent holds now. */
export const releaseMatches = (context: AgentContext, event: AgentEvent): boolean =>
  event.type === 'reserve.release' &&
  context.lease !== null &&
  event.body.leaseId === context.lease.leaseId &&
  event.body.fence === context.lease.fence;

/**
 * The lease was granted to a contact of a centre that has stopped cleanly: that contact is gone
 * with it, and nothing it sent after its stop can take the agent (a late handover finds no lease).
 */
export const heldByStopped = (context: AgentContext, event: AgentEvent): boolean =>
  event.type === 'holder.stopped' && context.lease !== null && centreOf(context.lease.holder) === event.centre;

/** The offer carries the fence of the lease the agent holds now, for the leased contact and media. */
export const offerMatches = (context: AgentContext, event: AgentEvent): boolean =>
  event.type === 'offer.request' &&
  context.lease !== null &&
  event.body.fence === context.lease.fence &&
  event.body.contact === context.lease.contact &&
  event.body.media === context.lease.media;

/** The timer is the one of the current lease or offer, not of an earlier one. */
export const currentFence = (context: AgentContext, event: AgentEvent): boolean =>
  (event.type === 'lease.expired' || event.type === 'offer.timeout') && event.fence === context.fence;

/** The agent's answer concerns the contact ringing now. */
export const aboutOffer = (context: AgentContext, event: AgentEvent): boolean =>
  (event.type === 'answered' || event.type === 'declined') && context.offer?.contact === event.contact;

/** One more missed offer reaches the ring-fail limit. */
export const ringFails = (context: AgentContext): boolean => context.missedOffers + 1 >= context.policy.ringFail.maxMissed;

/**
 * The work a `work.ended` ends: the agent works on that contact, and the message comes from the
 * centre that gave the work (the contact's own). Another centre naming the contact ends nothing.
 */
const endedWork = (context: AgentContext, event: AgentEvent) =>
  event.type === 'work.ended'
    ? context.work.find((w) => w.contact === event.body.contact && centreOf(w.from) === centreOf(event.from))
    : undefined;

/** The contact that ended was the agent's last one, and wrap-up is on. */
export const lastContactEnds = (context: AgentContext, event: AgentEvent): boolean =>
  context.policy.wrapUpMs > 0 && context.work.length === 1 && endedWork(context, event) !== undefined;

/** The agent is working on the contact, given by the centre that says it ended. */
export const worksOn = (context: AgentContext, event: AgentEvent): boolean => endedWork(context, event) !== undefined;

/** The release names the offer ringing now (the contact withdrew it). */
export const releasesOffer = (context: AgentContext, event: AgentEvent): boolean =>
  event.type === 'reserve.release' && context.offer !== null && event.body.fence === context.offer.fence;
