import { type Clock, createRandom, type Limits, type Random, realClock, resolveLimits } from '@contactmesh/core';
import { checkInteger, checkKeys, checkParticipantId, invalidOption } from '../shared/option-checks.js';
import { type BackoffOptions, defaultBackoff } from './backoff.js';

/** Options shared by the Node and browser clients (see {@link createWebSocketTransport}). */
export interface WebSocketClientOptions {
  /** The relay, e.g. `ws://127.0.0.1:7070/` or `wss://relay.example.com/cm`. */
  readonly url: string;
  /** The participant id to connect as (a centre id, a gateway id, …). */
  readonly id: string;
  /** Times the reconnect back-off, the connect timeout and the heartbeat. Default: the real clock. */
  readonly clock?: Clock;
  /** Draws the back-off jitter. Default: seeded from `Math.random()`, so clients spread out. */
  readonly random?: Random;
  /** Payload and topic size, subscriptions per participant. Should not exceed the relay's. */
  readonly limits?: Partial<Pick<Limits, 'maxPayloadBytes' | 'maxTopicBytes' | 'maxSubscriptions'>>;
  /** Reconnect back-off after a lost connection, or `false` to close for good instead. Default 100 ms doubling to 10 s. */
  readonly reconnect?: BackoffOptions | false;
  /** Most publications held while (re)connecting; one more is refused with `CM_ERR_QUEUE_FULL`. Default 1,000. */
  readonly maxQueuedPublishes?: number;
  /** How long an attempt may take until the relay's welcome, in ms. Default 10,000. */
  readonly connectTimeoutMs?: number;
  /** After this many ms without a frame from the relay, the client sends a `ping`. 0 turns the heartbeat off. Default 15,000. */
  readonly heartbeatIntervalMs?: number;
  /** Nothing heard within this many ms of a `ping`: the connection is dropped and the client reconnects. Default 10,000. */
  readonly heartbeatTimeoutMs?: number;
}

/** Client options with defaults applied and checked. */
export interface ResolvedClientOptions {
  readonly url: string;
  readonly id: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly limits: Limits;
  readonly reconnect: Required<BackoffOptions> | false;
  readonly maxQueuedPublishes: number;
  readonly connectTimeoutMs: number;
  /** 0 when the heartbeat is off. */
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  /** Largest frame accepted from the relay: a payload plus room for its header. */
  readonly maxFrameBytes: number;
}

/** Room for a frame's JSON header next to its payload (a topic of 512 bytes escapes to at most 3 KiB). */
export const frameHeaderAllowance = 4096;

const known = [
  'url',
  'id',
  'clock',
  'random',
  'limits',
  'reconnect',
  'maxQueuedPublishes',
  'connectTimeoutMs',
  'heartbeatIntervalMs',
  'heartbeatTimeoutMs',
];

/** Applies defaults; throws `CM_ERR_INVALID_OPTION` naming the bad option. */
export function resolveClientOptions(options: WebSocketClientOptions, extraKeys: readonly string[] = []): ResolvedClientOptions {
  checkKeys('options', options, [...known, ...extraKeys]);
  if (typeof options.url !== 'string' || !/^wss?:\/\//.test(options.url)) {
    throw invalidOption('url', options.url, 'a ws:// or wss:// URL');
  }
  const limits = resolveLimits(options.limits);
  const reconnect = options.reconnect === false ? false : { ...defaultBackoff, ...options.reconnect };
  if (reconnect !== false) {
    checkInteger('reconnect.initialDelayMs', reconnect.initialDelayMs, 1);
    checkInteger('reconnect.maxDelayMs', reconnect.maxDelayMs, reconnect.initialDelayMs);
  }
  return {
    url: options.url,
    id: checkParticipantId('id', options.id),
    clock: options.clock ?? realClock,
    random: options.random ?? createRandom(Math.floor(Math.random() * 2 ** 31)),
    limits,
    reconnect,
    maxQueuedPublishes: checkInteger('maxQueuedPublishes', options.maxQueuedPublishes ?? 1_000),
    connectTimeoutMs: checkInteger('connectTimeoutMs', options.connectTimeoutMs ?? 10_000, 1),
    heartbeatIntervalMs: checkInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 15_000),
    heartbeatTimeoutMs: checkInteger('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? 10_000, 1),
    maxFrameBytes: limits.maxPayloadBytes + frameHeaderAllowance,
  };
}
