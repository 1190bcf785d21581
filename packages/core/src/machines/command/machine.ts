import { assign, enqueueActions, setup } from 'xstate';
import { type Effect, effects } from '../../effects/effects.js';
import type { CommandAnswer } from '../contact/context.js';
import { type CommandContext, type CommandInput, initialContext, noAnswer } from './context.js';
import type { CommandEvent } from './events.js';

/**
 * One customer command given through `centre.command` (DESIGN.md §6), on its way to its contact:
 * it asks the contact and waits for the contact's answer, or for `timeoutMs` (10 s), after which
 * the command is refused for now (`retry`: the same command id may be tried again). Whichever
 * comes first is the command's answer, its output; anything after it is ignored. The contact
 * decides; this machine only waits. Pure: effects are data.
 */
export const commandMachine = setup({
  types: {
    context: {} as CommandContext,
    input: {} as CommandInput,
    events: {} as CommandEvent,
    emitted: {} as Effect,
    output: {} as CommandAnswer,
  },
  guards: {
    /** The answer of this command's contact to this command. */
    fromContact: ({ context, event }) =>
      event.type === 'command.result' && event.from === context.contact && event.body.commandId === context.commandId,
  },
  actions: {
    ask: enqueueActions(({ context, enqueue }) => {
      const { commandId, tokenHash, command, contact, timeoutMs } = context;
      enqueue.emit(effects.send(contact, 'command.request', { commandId, tokenHash, command }));
      enqueue.emit(effects.schedule('answer', timeoutMs, { type: 'command.timeout' }));
    }),
    take: assign(({ event }) => {
      if (event.type !== 'command.result') return {};
      const { accepted, reason, retry } = event.body;
      return { answer: { accepted, ...(reason === undefined ? {} : { reason }), ...(retry === true ? { retry } : {}) } };
    }),
    stopWaiting: enqueueActions(({ enqueue }) => enqueue.emit(effects.cancel('answer'))),
    giveUp: assign({ answer: noAnswer }),
  },
}).createMachine({
  id: 'command',
  context: ({ input }) => initialContext(input),
  initial: 'waiting',
  states: {
    waiting: {
      entry: 'ask',
      on: {
        'command.result': { guard: 'fromContact', target: 'answered', actions: ['take', 'stopWaiting'] },
        'command.timeout': { target: 'timedOut', actions: 'giveUp' },
      },
    },
    answered: { type: 'final' },
    timedOut: { type: 'final' },
  },
  output: ({ context }) => context.answer ?? noAnswer,
});

export type CommandMachine = typeof commandMachine;
