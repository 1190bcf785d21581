import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { type Clock, type Limits, realClock, resolveLimits } from '@contactmesh/core';
import { checkInteger, checkKeys, invalidOption } from '../shared/option-checks.js';
import { frameHeaderAllowance } from './client-options.js';
import type { RelayIdentity } from './relay-identity.js';

/**
 * Decides at the HTTP upgrade whether a connection may become a relay participant, and as whom:
 * check a token header, a cookie or a client certificate. Resolve `false` (or throw) to refuse
 * with 401. Resolve an identity to bind the connection to it: its hello must carry that id, and
 * it may publish, give as its will and subscribe to only what its role may
 * (docs/security.md) — anything else is refused with `CM_ERR_NOT_AUTHORIZED`. Resolve `true` to
 * let it in unbound, free to use any topic under any id: only for a trusted network.
 */
export type Authenticate = (request: IncomingMessage) => boolean | RelayIdentity | Promise<boolean | RelayIdentity>;

/** See {@link RelayOptions.slowConsumer}. */
export type SlowConsumerPolicy = 'drop' | 'coalesce';

/**
 * A token bucket per connection: it holds `burst` publications, refills at `messagesPerSecond`,
 * and a publication with no token left is refused with `CM_ERR_QUEUE_FULL`.
 */
export interface RateLimitOptions {
  /** Sustained publications a second. Default 10,000. */
  readonly messagesPerSecond?: number;
  /** Publications that may come at once (the bucket's size). Default 2 × `messagesPerSecond`. */
  readonly burst?: number;
  /**
   * Refusals in one spell over the limit after which the connection is closed with 4029. A spell
   * ends when the bucket is full again. Default 1,000.
   */
  readonly closeAfterRefusals?: number;
}

/** The rate limit of {@link createRelay} when none is given: a guard against a participant in a publish loop. */
export const defaultRateLimit = { messagesPerSecond: 10_000, burst: 20_000, closeAfterRefusals: 1_000 } as const;

/** Options of {@link createRelay}. */
export interface RelayOptions {
  /** An http or https server to attach to (it keeps serving its other requests). Without it the relay listens on `port`. */
  readonly server?: HttpServer | HttpsServer;
  /** Port to listen on when no `server` is given; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Interface to listen on when no `server` is given. Default `127.0.0.1`. */
  readonly host?: string;
  /** Only upgrades to this path are handled (others are left to the server's other listeners). Default: every path. */
  readonly path?: string;
  /** Payload and topic size, retained store, subscriptions per connection. */
  readonly limits?: Partial<Limits>;
  /** Largest inbound frame in bytes (ws `maxPayload`): a bigger one closes the connection with 1009. Default `maxPayloadBytes` + 4 KiB. */
  readonly maxFrameBytes?: number;
  /** How often the relay pings each participant, in ms. Default 15,000. */
  readonly heartbeatIntervalMs?: number;
  /** A participant that has not answered a ping within this many ms is dropped and its will fires. Default 10,000. */
  readonly heartbeatTimeoutMs?: number;
  /** A connection that has not said hello within this many ms is closed. Default 10,000. */
  readonly helloTimeoutMs?: number;
  /**
   * A TCP connection to the relay's own server that has not completed its WebSocket upgrade
   * within this many ms is closed (a client that connects and says nothing holds no socket for
   * long). Not applied to a server you attach the relay to: your server's connections are yours.
   * Default 10,000.
   */
  readonly handshakeTimeoutMs?: number;
  /**
   * Most WebSocket connections at once; one more is refused with HTTP 503. On the relay's own
   * server, TCP connections beyond it are closed at once too. Default 10,000.
   */
  readonly maxConnections?: number;
  /** A participant whose unsent bytes (held ones included) pass this is too slow: it is closed with 1013. Default 8 MiB. */
  readonly maxBufferedBytes?: number;
  /**
   * What the relay does for a participant that reads slower than it is sent to: `drop` closes it
   * once `maxBufferedBytes` are waiting; `coalesce` holds its deliveries once `lowWaterBytes` are
   * waiting, keeps only the latest of each retained topic at QoS 0, and closes it at `maxBufferedBytes`
   * all the same. Default `drop`.
   */
  readonly slowConsumer?: SlowConsumerPolicy;
  /** `coalesce` only: the socket's unsent bytes above which deliveries are held. Default `maxBufferedBytes` / 8 (1 MiB). */
  readonly lowWaterBytes?: number;
  /** Publications a participant may make, per connection; `false` for no limit. Default 10,000 a second, bursts of 20,000. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Called at every HTTP upgrade; see {@link Authenticate}. Default: everyone may connect, unbound. */
  readonly authenticate?: Authenticate;
  /** Browser origins allowed to connect (exact `Origin` header values); requests without `Origin` are not browsers and pass. Default: any. */
  readonly allowedOrigins?: readonly string[];
  /** Drives the heartbeat and hello timers. Default: the real clock. */
  readonly clock?: Clock;
}

/** Relay options with defaults applied and checked. */
export interface ResolvedRelayOptions {
  readonly limits: Limits;
  readonly maxFrameBytes: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly helloTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxBufferedBytes: number;
  readonly slowConsumer: SlowConsumerPolicy;
  readonly lowWaterBytes: number;
  readonly rateLimit: Required<RateLimitOptions> | false;
  readonly clock: Clock;
}

const known = [
  'server',
  'port',
  'host',
  'path',
  'limits',
  'maxFrameBytes',
  'heartbeatIntervalMs',
  'heartbeatTimeoutMs',
  'helloTimeoutMs',
  'handshakeTimeoutMs',
  'maxConnections',
  'maxBufferedBytes',
  'slowConsumer',
  'lowWaterBytes',
  'rateLimit',
  'authenticate',
  'allowedOrigins',
  'clock',
];

/** Applies defaults; throws `CM_ERR_INVALID_OPTION` naming the bad option. */
export function resolveRelayOptions(options: RelayOptions): ResolvedRelayOptions {
  checkKeys('options', options, known);
  if (options.authenticate !== undefined && typeof options.authenticate !== 'function') {
    throw invalidOption('authenticate', options.authenticate, 'a function (request) => boolean | { identity, role } (or a promise of one)');
  }
  if (options.allowedOrigins !== undefined && !Array.isArray(options.allowedOrigins)) {
    throw invalidOption('allowedOrigins', options.allowedOrigins, 'an array of origins such as "https://status.example.com"');
  }
  const limits = resolveLimits(options.limits);
  const maxBufferedBytes = checkInteger('maxBufferedBytes', options.maxBufferedBytes ?? 8 * 1024 * 1024, 1);
  const slowConsumer = options.slowConsumer ?? 'drop';
  if (slowConsumer !== 'drop' && slowConsumer !== 'coalesce') throw invalidOption('slowConsumer', slowConsumer, "'drop' or 'coalesce'");
  const lowWaterBytes = checkInteger('lowWaterBytes', options.lowWaterBytes ?? Math.floor(maxBufferedBytes / 8));
  if (lowWaterBytes >= maxBufferedBytes) {
    throw invalidOption('lowWaterBytes', lowWaterBytes, `less than maxBufferedBytes (${maxBufferedBytes})`);
  }
  return {
    limits,
    maxFrameBytes: checkInteger('maxFrameBytes', options.maxFrameBytes ?? limits.maxPayloadBytes + frameHeaderAllowance, 64),
    heartbeatIntervalMs: checkInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 15_000, 1),
    heartbeatTimeoutMs: checkInteger('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? 10_000, 1),
    helloTimeoutMs: checkInteger('helloTimeoutMs', options.helloTimeoutMs ?? 10_000, 1),
    handshakeTimeoutMs: checkInteger('handshakeTimeoutMs', options.handshakeTimeoutMs ?? 10_000, 1),
    maxConnections: checkInteger('maxConnections', options.maxConnections ?? 10_000, 1),
    maxBufferedBytes,
    slowConsumer,
    lowWaterBytes,
    rateLimit: resolveRateLimit(options.rateLimit),
    clock: options.clock ?? realClock,
  };
}

function resolveRateLimit(option: RateLimitOptions | false | undefined): Required<RateLimitOptions> | false {
  if (option === false) return false;
  if (option === undefined) return defaultRateLimit;
  checkKeys('rateLimit', option, Object.keys(defaultRateLimit));
  const messagesPerSecond = checkInteger('rateLimit.messagesPerSecond', option.messagesPerSecond ?? defaultRateLimit.messagesPerSecond, 1);
  return {
    messagesPerSecond,
    burst: checkInteger('rateLimit.burst', option.burst ?? 2 * messagesPerSecond, 1),
    closeAfterRefusals: checkInteger('rateLimit.closeAfterRefusals', option.closeAfterRefusals ?? defaultRateLimit.closeAfterRefusals, 1),
  };
}
