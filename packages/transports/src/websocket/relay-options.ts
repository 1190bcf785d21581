import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { type Clock, type Limits, realClock, resolveLimits } from '@contactmesh/core';
import { checkInteger, checkKeys, invalidOption } from '../memory/option-checks.js';
import { frameHeaderAllowance } from './client-options.js';

/**
 * Decides at the HTTP upgrade whether a connection may become a relay participant: check a token
 * header, a cookie or a client certificate. Resolve `false` (or throw) to refuse with 401.
 */
export type Authenticate = (request: IncomingMessage) => boolean | Promise<boolean>;

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
  /** A participant whose socket buffers more than this many unsent bytes is too slow: it is closed with 1013. Default 8 MiB. */
  readonly maxBufferedBytes?: number;
  /** Called at every HTTP upgrade; see {@link Authenticate}. Default: everyone may connect. */
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
  readonly maxBufferedBytes: number;
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
  'maxBufferedBytes',
  'authenticate',
  'allowedOrigins',
  'clock',
];

/** Applies defaults; throws `CM_ERR_INVALID_OPTION` naming the bad option. */
export function resolveRelayOptions(options: RelayOptions): ResolvedRelayOptions {
  checkKeys('options', options, known);
  if (options.authenticate !== undefined && typeof options.authenticate !== 'function') {
    throw invalidOption('authenticate', options.authenticate, 'a function (request) => boolean | Promise<boolean>');
  }
  if (options.allowedOrigins !== undefined && !Array.isArray(options.allowedOrigins)) {
    throw invalidOption('allowedOrigins', options.allowedOrigins, 'an array of origins such as "https://status.example.com"');
  }
  const limits = resolveLimits(options.limits);
  return {
    limits,
    maxFrameBytes: checkInteger('maxFrameBytes', options.maxFrameBytes ?? limits.maxPayloadBytes + frameHeaderAllowance, 64),
    heartbeatIntervalMs: checkInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 15_000, 1),
    heartbeatTimeoutMs: checkInteger('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? 10_000, 1),
    helloTimeoutMs: checkInteger('helloTimeoutMs', options.helloTimeoutMs ?? 10_000, 1),
    maxBufferedBytes: checkInteger('maxBufferedBytes', options.maxBufferedBytes ?? 8 * 1024 * 1024, 1),
    clock: options.clock ?? realClock,
  };
}
