import type { Effect } from '@contactmesh/core';
import { assign, type EventObject, enqueueActions, setup } from 'xstate';

// A test machine: emits whatever effect it is told to, records every other event it receives,
// and finishes on `finish`. Not product code.
type Do = { type: 'do'; effect: Effect } | { type: 'do'; effects: readonly Effect[] };

export const puppet = setup({
  types: {
    context: {} as { received: EventObject[] },
    events: {} as Do | { type: 'finish' } | { type: 'explode' } | EventObject,
    emitted: {} as Effect,
    output: {} as { received: number },
  },
}).createMachine({
  id: 'puppet',
  context: { received: [] },
  initial: 'alive',
  states: {
    alive: {
      on: {
        do: {
          actions: enqueueActions(({ event, enqueue }) => {
            const order = event as Do;
            for (const effect of 'effects' in order ? order.effects : [order.effect]) enqueue.emit(effect);
          }),
        },
        finish: { target: 'finished' },
        '*': { actions: assign({ received: ({ context, event }) => [...context.received, event] }) },
      },
    },
    finished: { type: 'final' },
  },
  output: ({ context }) => ({ received: context.received.length }),
});

export const received = (snapshot: unknown): EventObject[] =>
  (snapshot as { context: { received: EventObject[] } } | undefined)?.context.received ?? [];
