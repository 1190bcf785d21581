import { centreOf } from '../../protocol/address.js';
import { type CommandPhase, type Decision, decide } from './commands.js';
import type { ContactContext } from './context.js';
import type { ContactEvent } from './events.js';

type Args = { readonly context: ContactContext; readonly event: ContactEvent };

/** The contact machine's guards: pure tests of its context and the event. */
export const contactGuards = {
  decides: ({ context, event }: Args, params: { phase: CommandPhase; next: Decision['next'] }) =>
    event.type === 'command.request' &&
    decide(context, event, params.phase).next === params.next &&
    !decide(context, event, params.phase).repeat,
  overdue: ({ context, event }: Args) =>
    context.policy.maxWaitMs !== null &&
    'at' in event &&
    typeof event.at === 'number' &&
    event.at >= context.arrivedAt + context.policy.maxWaitMs,
  forThisRequest: ({ context, event }: Args) =>
    (event.type === 'reserve.granted' || event.type === 'reserve.denied' || event.type === 'reserve.timeout') &&
    (event.type === 'reserve.timeout' ? event.requestId : event.body.requestId) === context.requestId,
  fromThisAgent: ({ context, event }: Args) =>
    event.type === 'offer.result' && context.agent !== null && event.body.contact === context.id && event.from === context.agent,
  /**
   * An assignment for this version of the contact whose requirements, if it gives them, still
   * name every skill the contact needs (a router relaxes proficiency, never drops a skill).
   */
  current: ({ context, event }: Args) =>
    event.type === 'route.assign' &&
    (event.body.rev === undefined || event.body.rev === context.rev) &&
    (event.body.requirements === undefined ||
      context.requirements.every((need) => event.body.requirements?.some((r) => r.skill === need.skill && r.minProficiency >= 1))),
  /**
   * From this centre (its handover desk, which checked the old owner said so): a message from the
   * network never carries an address of this centre, the runtime drops it at the door.
   */
  fromOwnCentre: ({ context, event }: Args) => event.type === 'contact.abandoned' && centreOf(event.from) === context.owner,
  /** Arrived by handover, holding a lease on its agent. */
  adopted: ({ context }: Args) => context.agent !== null && context.fence !== null,
  /** Recovered while it was being handed over: ask the new owner again. */
  resumed: ({ context }: Args) => context.handover !== null,
  /** The agent belongs to another centre: the contact must move there before it is offered. */
  remoteAgent: ({ context }: Args) => context.agent !== null && centreOf(context.agent) !== context.owner,
  /** The answer (or the time-out) of the handover under way; an answer only from the centre asked. */
  forThisHandover: ({ context, event }: Args) =>
    (event.type === 'handover.ack' || event.type === 'handover.timeout') &&
    context.handover !== null &&
    (event.type === 'handover.timeout'
      ? event.handoverId === context.handover.id
      : event.body.handoverId === context.handover.id && centreOf(event.from) === context.handover.to),
  handoverAccepted: ({ event }: Args) => event.type === 'handover.ack' && event.body.result === 'accepted',
  // Only a centre this contact was moving to can hold it now (its handover went through though
  // the answer never came back): a newer copy anywhere else is a claim, not a move (invariant 9).
  newerElsewhere: ({ context, event }: Args) =>
    event.type === 'superseded' &&
    event.owner !== context.owner &&
    event.rev > context.rev &&
    (context.handover?.to === event.owner || (context.agent !== null && centreOf(context.agent) === event.owner)),
  hungUp: ({ context }: Args) => context.hungUp,
  movedByAuction: ({ context }: Args) => context.movedBy !== null,
  /** An award from this centre's own auction of the contact (no other sender may move it). */
  fromItsAuction: ({ context, event }: Args) =>
    event.type === 'auction.won' && event.body.contact === context.id && event.from === `${context.owner}/auction/${event.body.auctionId}`,
  heldInCall: ({ context }: Args) => context.held === 'connected',
  heldInWrapUp: ({ context }: Args) => context.held === 'wrapUp',
  resumedHere: ({ context, event }: Args) =>
    event.type === 'offer.result' && event.body.resumed === true && event.body.result === 'accepted' && event.body.contact === context.id,
  accepted: ({ event }: Args) => event.type === 'offer.result' && event.body.result === 'accepted',
};
