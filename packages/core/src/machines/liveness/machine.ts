import { assign, enqueueActions, setup } from 'xstate';
import { type Effect, effects } from '../../effects/effects.js';

/** How a centre shows it is alive, and judges whether its peers are (`policies.presence`; docs/network.md, "Sign of life"). */
export interface PresencePolicy {
  /** How often the centre publishes its presence again, ms; `null`: never (its peers then judge it by its will alone). */
  readonly heartbeatMs: number | null;
  /** How many of a peer's heartbeats may go missing before the peer is silent here. */
  readonly silentAfterBeats: number;
  /**
   * Seconds the broker waits before publishing the centre's will (MQTT 5's will delay; at once
   * where the transport has none): a centre back within them, after a lost connection or a quick
   * restart, is never shown offline. Its peers still judge it silent after `silentAfterBeats`
   * missed heartbeats. Default 0.
   */
  readonly willDelaySeconds: number;
}

export const presencePolicyDefaults: PresencePolicy = { heartbeatMs: 5_000, silentAfterBeats: 3, willDelaySeconds: 0 };

/** Input of {@link heartbeatMachine}. */
export interface HeartbeatInput {
  /** How often the centre says it is there, ms. */
  readonly everyMs: number;
}

/** The heartbeat's one event: its timer, due. */
export type HeartbeatEvent = { readonly type: 'heartbeat.due' };

/**
 * A centre's sign of life (docs/network.md, "Sign of life"): every `everyMs` a `heartbeat.due`
 * event, on which the centre publishes its presence again. A centre that is frozen (stopped,
 * swapped out, stuck in a loop) takes no event, and falls silent to its peers well before the
 * broker's keepalive fires its will. Pure: effects are data.
 */
export const heartbeatMachine = setup({
  types: {
    context: {} as HeartbeatInput,
    input: {} as HeartbeatInput,
    events: {} as HeartbeatEvent,
    emitted: {} as Effect,
  },
  actions: {
    wait: enqueueActions(({ context, enqueue }) => enqueue.emit(effects.schedule('beat', context.everyMs, { type: 'heartbeat.due' }))),
  },
}).createMachine({
  id: 'heartbeat',
  context: ({ input }) => ({ everyMs: input.everyMs }),
  initial: 'beating',
  states: {
    beating: { entry: 'wait', on: { 'heartbeat.due': { target: 'beating', reenter: true } } },
  },
});

/** Input of {@link peerWatchMachine}. */
export interface PeerWatchInput {
  /** The centre watched. */
  readonly centre: string;
  /** How long without a word from it before it is silent, ms: its heartbeat times the beats it may miss. */
  readonly silentAfterMs: number;
}

/** A word from the watched centre (its presence again), with its latest silence allowance; or its silence timer, due. */
export type PeerWatchEvent = { readonly type: 'peer.heard'; readonly silentAfterMs: number } | { readonly type: 'peer.silence' };

/**
 * What a centre makes of another's heartbeat: `speaking` while its presence comes again within
 * `silentAfterMs`, `silent` once it has not (its agents are not chosen and its contacts not routed
 * from here until it speaks again). Offline is the will's business, not this machine's. Pure:
 * effects are data.
 */
export const peerWatchMachine = setup({
  types: {
    context: {} as PeerWatchInput,
    input: {} as PeerWatchInput,
    events: {} as PeerWatchEvent,
    emitted: {} as Effect,
  },
  actions: {
    allow: assign(({ event }) => (event.type === 'peer.heard' ? { silentAfterMs: event.silentAfterMs } : {})),
    wait: enqueueActions(({ context, enqueue }) =>
      enqueue.emit(effects.schedule('silence', context.silentAfterMs, { type: 'peer.silence' })),
    ),
  },
}).createMachine({
  id: 'peerWatch',
  context: ({ input }) => ({ centre: input.centre, silentAfterMs: input.silentAfterMs }),
  initial: 'speaking',
  states: {
    speaking: {
      entry: 'wait',
      on: {
        'peer.heard': { target: 'speaking', reenter: true, actions: 'allow' },
        'peer.silence': 'silent',
      },
    },
    silent: { on: { 'peer.heard': { target: 'speaking', actions: 'allow' } } },
  },
});

export type HeartbeatMachine = typeof heartbeatMachine;
export type PeerWatchMachine = typeof peerWatchMachine;
