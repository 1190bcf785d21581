import { type Effect, effects } from '../../effects/effects.js';
import { centreOf } from '../../protocol/address.js';
import type { Step as StepOf } from '../step.js';
import { adoptedInput } from './adoption.js';
import { type HandoverAnswer, type HandoverContext, remembered } from './context.js';
import type { HandoverEvent, HandoverRequestEvent } from './events.js';
import { earlierAnswer, type Refusal, refusals } from './guards.js';

type Step = StepOf<HandoverContext>;

/** The acknowledgement of `answer` to the old owner that asked. */
const ack = (event: HandoverRequestEvent, answer: HandoverAnswer): Effect =>
  effects.send(event.from, 'handover.ack', {
    handoverId: answer.handoverId,
    contact: event.body.contact.id,
    rev: event.body.contact.rev,
    result: answer.result,
    ...(answer.reason === undefined ? {} : { reason: answer.reason }),
  });

/** Remembers the answer (and, accepted, who handed the contact over) and sends it. */
function answer(context: HandoverContext, event: HandoverRequestEvent, reason?: string, then: readonly Effect[] = []): Step {
  const given: HandoverAnswer =
    reason === undefined
      ? { handoverId: event.body.handoverId, result: 'accepted' }
      : { handoverId: event.body.handoverId, result: 'refused', reason };
  const { remember } = context;
  return {
    patch: {
      answered: remembered(context.answered, given, remember, (a, b) => a.handoverId === b.handoverId),
      ...(reason === undefined
        ? {
            handedFrom: remembered(
              context.handedFrom,
              { contact: event.body.contact.id, centre: centreOf(event.from) },
              remember,
              (a, b) => a.contact === b.contact,
            ),
          }
        : {}),
    },
    effects: [ack(event, given), ...then],
  };
}

/** Asked again: the answer given before, and nothing else. */
export function answerAgain(context: HandoverContext, event: HandoverEvent): Step {
  const earlier = earlierAnswer(context, event);
  return event.type !== 'handover.request' || earlier === undefined ? {} : { effects: [ack(event, earlier)] };
}

/** Refused, for the first reason that holds from `because` on. */
export function refuse(context: HandoverContext, event: HandoverEvent, because: Refusal): Step {
  if (event.type !== 'handover.request') return {};
  return answer(context, event, refusals[because](context, event) ?? because);
}

/** The contact lives here already: accepted, nothing hosted. */
export function acceptHeld(context: HandoverContext, event: HandoverEvent): Step {
  return event.type === 'handover.request' ? answer(context, event) : {};
}

/**
 * Taken: the old owner hears it was accepted, then the contact actor is started here. In that
 * order, the acknowledgement reaches the old owner's contact before the new copy's first replica
 * does (one link, one order), so the old copy ends on the answer it waits for, not on the replica.
 */
export function adopt(context: HandoverContext, event: HandoverEvent): Step {
  if (event.type !== 'handover.request') return {};
  const { body } = event;
  const input = adoptedInput(
    { contact: body.contact, fence: body.fence, attempts: body.attempts ?? 0, commands: body.commands ?? {} },
    context,
  );
  return answer(context, event, undefined, [effects.host('contact', body.contact.id, input)]);
}

/** The customer hung up at the old owner during the handover: our copy ends (idempotent). */
export function endCopy(context: HandoverContext, event: HandoverEvent): Step {
  if (event.type !== 'contact.abandoned') return {};
  const { contact } = event.body;
  return { effects: [effects.send(`${context.centre}/contact/${contact}`, 'contact.abandoned', { contact })] };
}
