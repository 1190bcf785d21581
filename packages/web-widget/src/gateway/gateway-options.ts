import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  type Clock,
  checkArgument,
  ErrorCode,
  realClock,
  type SigningOptions,
  SigningOptionsArgument,
  type Transport,
} from '@contactmesh/core';
import { boundedArray, boundedString, CentreId, closedType, int, pattern } from '@contactmesh/core/protocol';
import * as t from 'io-ts';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The network's transport, for this gateway alone (it is a participant of the network). */
  readonly transport: Transport;
  /** The network's id; topics live under `cm/{network}/`. */
  readonly network: string;
  /** This gateway's participant id (a-z, 0-9, -); default `gateway-` and random letters. Give each gateway its own. */
  readonly id?: string;
  /** Listen on this port (0: a free one; default 8080) and host (default `127.0.0.1`)… */
  readonly port?: number;
  readonly host?: string;
  /** …or serve on your own http(s) server (the gateway adds its request and upgrade handlers). */
  readonly server?: Server;
  /** Origins of third-party pages that embed the widget (`https://shop.example.com`); `['*']`: any. Same-origin is always allowed. */
  readonly allowedOrigins?: readonly string[];
  /** How long a lookup waits for the contact's status to arrive from the network; default 1,500 ms. */
  readonly lookupTimeoutMs?: number;
  /** How long a contact's final status is shown after it ended; then its token is unknown. Default 900,000 ms (15 min). */
  readonly endedTtlMs?: number;
  /** How long a command waits for the contact's answer; default 10,000 ms. */
  readonly commandTimeoutMs?: number;
  /** Requests per minute from one address (default 120) and commands per minute for one token (default 20). */
  readonly rateLimits?: { readonly perAddress?: number; readonly perToken?: number };
  /** Live watchers (WebSocket sessions) at once; default 20,000. */
  readonly maxWatchers?: number;
  /** Largest command body, in bytes; default 16,384. */
  readonly maxBodyBytes?: number;
  /** Signs the confirmation shown after a form command; give every gateway behind one load balancer the same (≥ 32 characters). Default random. */
  readonly flashSecret?: string;
  /** The widget bundle served as `/widget.js` (text, or a function that makes it once). Without it `/widget.js` is 404. */
  readonly widgetScript?: string | (() => Promise<string>);
  /** The name shown in page titles; default "Your contact". */
  readonly title?: string;
  /** Your own routes, tried before the gateway's (a dashboard, a health check): return true when you answered the request. */
  readonly routes?: (request: IncomingMessage, response: ServerResponse) => boolean;
  readonly clock?: Clock;
  /**
   * Ed25519 signatures, on a network whose centres require them (docs/security.md, "Signatures"):
   * the gateway signs the customers' commands it sends with its own key, pinned as `{ [id]: key }`
   * in every centre's `signing.peers`, and holds the centres' answers to theirs. Give it an `id`.
   */
  readonly signing?: SigningOptions;
}

const Origin = pattern(/^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/, 'an origin such as "https://shop.example.com", or "*"');
const GatewayOptionsArgument = closedType(
  'gateway options',
  { transport: t.UnknownRecord, network: CentreId },
  {
    id: CentreId,
    port: int(0, 65_535),
    host: boundedString(255, 1),
    server: t.UnknownRecord,
    allowedOrigins: boundedArray(Origin, 256),
    lookupTimeoutMs: int(1, 60_000),
    commandTimeoutMs: int(1, 120_000),
    endedTtlMs: int(0, 2_592_000_000),
    rateLimits: closedType('rate limits', {}, { perAddress: int(1, 1_000_000), perToken: int(1, 1_000_000) }),
    maxWatchers: int(1, 10_000_000),
    maxBodyBytes: int(64, 1_048_576),
    flashSecret: boundedString(1_024, 32),
    widgetScript: t.union([t.string, t.Function]),
    title: boundedString(120, 1),
    routes: t.Function,
    clock: t.UnknownRecord,
    signing: SigningOptionsArgument,
  },
);

/** The options with their defaults, checked. */
export type ResolvedGatewayOptions = Required<Omit<GatewayOptions, 'server' | 'widgetScript' | 'flashSecret' | 'routes' | 'signing'>> & {
  readonly signing: SigningOptions | undefined;
  readonly routes: GatewayOptions['routes'] | undefined;
  readonly server: Server | undefined;
  readonly widgetScript: GatewayOptions['widgetScript'] | undefined;
  readonly flashSecret: string | undefined;
  readonly rateLimits: { readonly perAddress: number; readonly perToken: number };
};

/** Checks the options (a bad one throws `CM_ERR_INVALID_OPTION` naming it) and fills in the defaults. */
export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  checkArgument(GatewayOptionsArgument, options, 'createGateway(options)', ErrorCode.INVALID_OPTION);
  return {
    transport: options.transport,
    network: options.network,
    id: options.id ?? `gateway-${randomLetters(8)}`,
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    server: options.server,
    allowedOrigins: options.allowedOrigins ?? [],
    lookupTimeoutMs: options.lookupTimeoutMs ?? 1_500,
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
    endedTtlMs: options.endedTtlMs ?? 900_000,
    rateLimits: { perAddress: options.rateLimits?.perAddress ?? 120, perToken: options.rateLimits?.perToken ?? 20 },
    maxWatchers: options.maxWatchers ?? 20_000,
    maxBodyBytes: options.maxBodyBytes ?? 16_384,
    flashSecret: options.flashSecret,
    widgetScript: options.widgetScript,
    title: options.title ?? 'Your contact',
    routes: options.routes,
    clock: options.clock ?? realClock,
    signing: options.signing,
  };
}

function randomLetters(n: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(n));
  return [...bytes].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
}
