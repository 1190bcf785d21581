import { enqueueActions, setup } from 'xstate';
import type { Effect } from '../../effects/effects.js';
import { apply } from '../step.js';
import { acceptHeld, adopt, answerAgain, endCopy, refuse } from './actions.js';
import { type HandoverContext, type HandoverInput, initialContext } from './context.js';
import type { HandoverEvent } from './events.js';
import { guards, type Refusal } from './guards.js';

const refusal = (because: Refusal) =>
  ({
    guard: { type: 'refuses', params: { because } },
    actions: { type: 'refuse', params: { because } },
  }) as const;

/**
 * A centre's handover desk (DESIGN.md §4, handover; invariants 7 and 9): it decides every
 * `handover.request` another centre sends this one — a repeat gets the first answer again and
 * adopts nothing twice; a contact the network knows as a third centre's, a request of an earlier
 * life of the sender or of a sender gone offline, a centre in `local` mode, a lease that names no
 * agent, a centre that is stopping and a move that crossed our own are refused — and starts the
 * adopted contact's actor (`effect.host`) before it acknowledges. Only the centre that handed a
 * contact over may say its customer hung up (`contact.abandoned`). Facts it cannot know itself
 * come in each event from the thin desk that passes it on. Memory is bounded: the last
 * `remember` answers and senders. Pure: effects are data.
 */
export const handoverMachine = setup({
  types: {
    context: {} as HandoverContext,
    input: {} as HandoverInput,
    events: {} as HandoverEvent,
    emitted: {} as Effect,
  },
  guards,
  actions: {
    answerAgain: enqueueActions(({ context, event, enqueue }) => apply(enqueue, answerAgain(context, event))),
    refuse: enqueueActions(({ context, event, enqueue }, params: { because: Refusal }) =>
      apply(enqueue, refuse(context, event, params.because)),
    ),
    acceptHeld: enqueueActions(({ context, event, enqueue }) => apply(enqueue, acceptHeld(context, event))),
    adopt: enqueueActions(({ context, event, enqueue }) => apply(enqueue, adopt(context, event))),
    endCopy: enqueueActions(({ context, event, enqueue }) => apply(enqueue, endCopy(context, event))),
  },
}).createMachine({
  id: 'handover',
  context: ({ input }) => initialContext(input),
  initial: 'open',
  states: {
    open: {
      on: {
        'handover.request': [
          { guard: 'answeredBefore', actions: 'answerAgain' },
          refusal('thirdCentres'),
          refusal('earlierLife'),
          refusal('senderOffline'),
          refusal('localMode'),
          refusal('fenceWithoutAgent'),
          refusal('stopping'),
          refusal('crossed'),
          { guard: 'heldHere', actions: 'acceptHeld' },
          { actions: 'adopt' },
        ],
        'contact.abandoned': { guard: 'fromHandingCentre', actions: 'endCopy' },
      },
    },
  },
});

export type HandoverMachine = typeof handoverMachine;
