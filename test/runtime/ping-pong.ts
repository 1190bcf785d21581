import { coreMessages, type Effect, type Envelope, effects } from '@contactmesh/core';
import * as t from 'io-ts';
import { and, assign, emit, setup } from 'xstate';

// A tiny pair of test machines that exercises every kind of effect; not product code.

export const pingRegistry = coreMessages.extend({
  ping: t.type({ n: t.number }),
  pong: t.type({ n: t.number }),
  blob: t.type({ data: t.string }),
});

type Ping = Envelope<'ping', { n: number }>;
type Pong = Envelope<'pong', { n: number }>;

/** Sends `rounds` pings to `target`, one at a time, retrying a ping every second until its pong comes. */
export const pinger = setup({
  types: {
    context: {} as { target: string; rounds: number; sent: number; received: number; retries: number },
    input: {} as { target: string; rounds: number },
    events: {} as { type: 'start' } | { type: 'retry' } | Pong | { type: 'explode' } | { type: 'oversize' },
    emitted: {} as Effect,
  },
  actions: {
    sendPing: emit(({ context }) => effects.send(context.target, 'ping', { n: context.received + 1 })),
    armRetry: emit(() => effects.schedule('retry', 1_000, { type: 'retry' })),
    disarmRetry: emit(() => effects.cancel('retry')),
    countPong: assign({ received: ({ context }) => context.received + 1 }),
    countSend: assign({ sent: ({ context }) => context.sent + 1 }),
  },
  guards: {
    lastRound: ({ context }) => context.received + 1 >= context.rounds,
    expected: ({ context, event }) => event.type === 'pong' && event.body.n === context.received + 1,
  },
}).createMachine({
  id: 'pinger',
  initial: 'idle',
  context: ({ input }) => ({ ...input, sent: 0, received: 0, retries: 0 }),
  on: {
    explode: {
      actions: () => {
        throw new Error('the pinger exploded');
      },
    },
    oversize: { actions: emit(({ context }) => effects.send(context.target, 'blob', { data: 'x'.repeat(100_000) })) },
  },
  states: {
    idle: { on: { start: { target: 'waiting', actions: ['countSend', 'sendPing'] } } },
    waiting: {
      entry: 'armRetry',
      on: {
        pong: [
          { guard: and(['expected', 'lastRound']), target: 'done', actions: ['countPong', 'disarmRetry'] },
          { guard: 'expected', target: 'waiting', reenter: true, actions: ['countPong', 'countSend', 'sendPing'] },
        ],
        retry: {
          target: 'waiting',
          reenter: true,
          actions: [assign({ retries: ({ context }) => context.retries + 1 }), 'countSend', 'sendPing'],
        },
      },
    },
    done: {
      entry: emit(({ context }) => effects.adapter({ kind: 'end', contact: 'ping', outcome: 'done', reason: `${context.received} pongs` })),
    },
  },
});

/** Answers every ping with a pong carrying the same number, and broadcasts how many it has answered. */
export const ponger = setup({
  types: { context: {} as { answered: number }, events: {} as Ping, emitted: {} as Effect },
}).createMachine({
  id: 'ponger',
  context: { answered: 0 },
  on: {
    ping: {
      actions: [
        assign({ answered: ({ context }) => context.answered + 1 }),
        emit(({ event }) => effects.send(event.from, 'pong', { n: event.body.n })),
        emit(({ context }) => effects.publish('stats/ponger', 'pong', { n: context.answered }, { retain: true })),
      ],
    },
  },
});
