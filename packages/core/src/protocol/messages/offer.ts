import * as t from 'io-ts';
import { oneOf } from '../codecs.js';
import { Fence, Media, ObjectId, Text } from '../primitives.js';

/**
 * `offer.request` — offer a contact to an agent that the sender holds a lease on. The agent's owner
 * honours it only if `fence` is the fence of the lease it granted (a stale lease cannot assign).
 */
export const OfferRequestBody = t.type({ agent: ObjectId, contact: ObjectId, media: Media, fence: Fence });

/** How an offer ended: the agent answered, let it ring out, declined it, or the owner refused it (stale fence, no lease). */
export const OfferOutcome = oneOf(['accepted', 'missed', 'declined', 'refused']);

/**
 * `offer.result` — the answer to an `offer.request`; with `resumed`, an agent's word after a
 * restart's re-sync that it still works on the contact (no offer was made, nothing rang).
 */
export const OfferResultBody = t.intersection([
  t.type({ agent: ObjectId, contact: ObjectId, result: OfferOutcome }),
  t.partial({ reason: Text, resumed: t.literal(true) }),
]);

/** `work.ended` — the contact an agent was working on left the conversation (ended or hung up): free the capacity it held. */
export const WorkEndedBody = t.type({ agent: ObjectId, contact: ObjectId });
