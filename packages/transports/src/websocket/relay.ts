import { createServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Observable, Subject } from 'rxjs';
import { WebSocketServer } from 'ws';
import { checkInteger } from '../shared/option-checks.js';
import { CloseCode } from './close-codes.js';
import { RelayBroker } from './relay-broker.js';
import { RelayConnection } from './relay-connection.js';
import type { RelayEvent, RelayStats, RelayTally } from './relay-events.js';
import { type RelayOptions, resolveRelayOptions } from './relay-options.js';
import { upgrade } from './relay-upgrade.js';

/** A running relay: the broker of a WebSocket network. */
export interface Relay {
  /** `ws://host:port/path` of the relay while its server listens (for an attached server that is not listening yet: `undefined`). */
  readonly url: string | undefined;
  /** Joins, departures, refusals, rejected frames (forgeries among them), timeouts and slow participants as they happen (hot, no replay). */
  readonly events$: Observable<RelayEvent>;
  stats(): RelayStats;
  /** Drops every connection and stops the server the relay started (an attached server keeps running). Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a relay: a `ws` server that connects participants and routes their publications with the
 * transport contract's semantics (wildcards, retained values, wills, QoS 0/1, per-publisher order).
 * Attach it to your http(s) server, or let it listen on a port of its own.
 *
 * @example
 * ```ts
 * const relay = await createRelay({ port: 7070, host: '0.0.0.0', allowedOrigins: ['https://status.example.com'] });
 * const london = createWebSocketTransport({ url: relay.url ?? '', id: 'london' });
 * await london.connect();
 * ```
 */
export async function createRelay(options: RelayOptions = {}): Promise<Relay> {
  const o = resolveRelayOptions(options);
  const port = checkInteger('port', options.port ?? 0);
  const events = new Subject<RelayEvent>();
  const broker = new RelayBroker(o.limits);
  const counts = { rejected: 0, refused: 0, timeouts: 0, slow: 0 };
  const tally: RelayTally = { rateLimited: 0, notAuthorized: 0, held: 0, coalesced: 0 };
  const report = (event: RelayEvent): void => {
    if (event.kind === 'rejected' || event.kind === 'refused' || event.kind === 'slow') counts[event.kind] += 1;
    if (event.kind === 'timeout') counts.timeouts += 1;
    events.next(event);
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxFrameBytes, perMessageDeflate: false });
  // Upgrades under way (authenticating) count against the cap with the connections already open.
  let upgrading = 0;
  const policy = {
    path: options.path,
    allowedOrigins: options.allowedOrigins,
    authenticate: options.authenticate,
    full: () =>
      wss.clients.size + upgrading > o.maxConnections
        ? `the relay holds its most connections (${o.maxConnections}); try again later`
        : undefined,
    refused: (status: 401 | 403 | 503, reason: string) => report({ kind: 'refused', status, reason }),
  };
  const server: HttpServer | HttpsServer = options.server ?? createServer((_, res) => res.writeHead(426).end('Upgrade Required'));
  // The relay's own server: connections beyond the cap are closed at once, and one that has not
  // upgraded within the handshake time is closed (headersTimeout alone leaves a silent one open).
  const own = options.server === undefined;
  const onConnection = (socket: Socket): void => {
    socket.setTimeout(o.handshakeTimeoutMs, () => socket.destroy());
  };
  if (own) {
    // Room above the cap for connections still shaking hands, so a crowd of them cannot keep out
    // every participant (each is closed after the handshake time); they are answered 503 at the upgrade.
    server.maxConnections = o.maxConnections + handshakeRoom(o.maxConnections);
    server.headersTimeout = o.handshakeTimeoutMs;
    server.requestTimeout = Math.max(server.requestTimeout, o.handshakeTimeoutMs);
    server.on('connection', onConnection);
  }
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    upgrading += 1;
    upgrade(wss, policy, request, socket, head, (ws, identity) => {
      // Upgraded: the handshake time no longer applies (an `authenticate` that never answers still meets it).
      if (own) request.socket.setTimeout(0);
      // ws sets TCP_NODELAY too; saying so here keeps small frames from waiting on Nagle's algorithm whatever ws does.
      request.socket.setNoDelay(true);
      new RelayConnection(ws, { broker, options: o, report, tally }, identity);
    })
      .catch(() => socket.destroy())
      .finally(() => {
        upgrading -= 1;
      });
  };
  server.on('upgrade', onUpgrade);
  if (options.server === undefined) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', () => resolve());
    });
  }
  let closed: Promise<void> | undefined;
  return {
    get url() {
      const address = server.address();
      if (address === null || typeof address === 'string') return undefined;
      return `ws://${hostOf(address)}:${address.port}${options.path ?? '/'}`;
    },
    events$: events.asObservable(),
    stats: () => ({
      connections: wss.clients.size,
      participants: broker.participantCount,
      subscriptions: broker.subscriptionCount,
      retained: broker.retainedCount,
      published: broker.published,
      delivered: broker.delivered,
      wills: broker.wills,
      ...counts,
      ...tally,
    }),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        server.off('connection', onConnection);
        for (const ws of wss.clients) ws.close(CloseCode.GOING_AWAY, 'relay closing');
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => {
          events.complete();
          if (options.server !== undefined) return resolve();
          server.close(() => resolve());
        });
      });
      return closed;
    },
  };
}

/** TCP connections the relay's own server takes above the cap while they shake hands. */
export const handshakeRoom = (maxConnections: number): number => Math.max(64, Math.ceil(maxConnections / 10));

const hostOf = (address: AddressInfo): string => (address.family === 'IPv6' ? `[${address.address}]` : address.address);
