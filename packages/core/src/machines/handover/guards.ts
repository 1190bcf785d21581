import { centreOf } from '../../protocol/address.js';
import type { HandoverContext } from './context.js';
import type { HandoverEvent, HandoverRequestEvent } from './events.js';

type Reason = (context: HandoverContext, event: HandoverRequestEvent) => string | undefined;

/**
 * Why a handover request is refused, one rule each, in the order they are asked (the first that
 * has a reason answers). Each is a guard of the desk machine too: `refuses(name)`.
 */
export const refusals = {
  /** Only its owner hands a contact over: one the network knows as a third centre's is not the sender's to give. */
  thirdCentres: ({ centre }, { from, body, facts }) => {
    const sender = centreOf(from);
    const { owner } = facts;
    return owner !== undefined && owner !== sender && owner !== centre
      ? `the network knows contact ${body.contact.id} as ${owner}'s, not ${sender}'s`
      : undefined;
  },
  /** A request of an earlier life of the sender, delivered late: that life's contacts are its next life's now. */
  earlierLife: (_, { from, body, facts }) => {
    const life = facts.sender?.incarnation;
    return body.incarnation !== undefined && life !== undefined && body.incarnation < life
      ? `the request is from an earlier life of ${centreOf(from)}`
      : undefined;
  },
  senderOffline: (_, { from, facts }) =>
    facts.sender?.status === 'offline' ? `${centreOf(from)} is offline; a request of its last life arrived late` : undefined,
  localMode: ({ centre }, { facts }) =>
    facts.mode === 'local' ? `${centre} routes locally and takes no contacts from the network` : undefined,
  fenceWithoutAgent: (_, { body }) =>
    body.contact.agent === undefined && body.fence !== undefined ? 'a handover under a lease must name the agent it is for' : undefined,
  stopping: ({ centre }, { facts }) => (facts.stopping ? `${centre} is stopping` : undefined),
  /**
   * Our own copy is handing the contact over to the asker: the two moves crossed. Refuse; our copy
   * ends as forwarded once the asker's acknowledgement arrives, and the asker keeps it.
   */
  crossed: ({ centre }, { body, facts }) =>
    facts.held === 'handingOver' ? `${body.contact.id} is still being handed over from ${centre}` : undefined,
} satisfies Record<string, Reason>;

export type Refusal = keyof typeof refusals;

/** The answer this desk gave to the same handover before, if it still remembers it. */
export const earlierAnswer = (context: HandoverContext, event: HandoverEvent) =>
  event.type === 'handover.request' ? context.answered.find((answer) => answer.handoverId === event.body.handoverId) : undefined;

type Args = { context: HandoverContext; event: HandoverEvent };

export const guards = {
  /** Asked again (the answer was lost): the same answer, and nothing adopted twice (invariant 7). */
  answeredBefore: ({ context, event }: Args) => earlierAnswer(context, event) !== undefined,
  refuses: ({ context, event }: Args, params: { readonly because: Refusal }) =>
    event.type === 'handover.request' && refusals[params.because](context, event) !== undefined,
  /** Already here (taken back after a restart, say): the contact lives here; the asker forwards the call. */
  heldHere: ({ event }: Args) => event.type === 'handover.request' && event.facts.held === 'live',
  /** Only the centre that handed the contact over can say its customer hung up, and only to a copy here. */
  fromHandingCentre: ({ context, event }: Args) =>
    event.type === 'contact.abandoned' &&
    event.facts.held !== 'none' &&
    context.handedFrom.some(({ contact, centre }) => contact === event.body.contact && centre === centreOf(event.from)),
};
