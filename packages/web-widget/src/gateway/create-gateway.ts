import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMessageSigning } from '@contactmesh/core';
import { CommandDesk } from './command-desk.js';
import { FlashSigner } from './flash.js';
import { type GatewayOptions, resolveGatewayOptions } from './gateway-options.js';
import { routes } from './http-routes.js';
import { LiveSockets } from './live-sockets.js';
import { RateLimiter } from './rate-limiter.js';
import { StatusWatcher } from './status-watcher.js';

/** A running status gateway. */
export interface Gateway {
  /** `http://host:port` while it listens (`undefined` on an attached server that does not listen yet). */
  readonly url: string | undefined;
  readonly server: Server;
  /** Live watchers (WebSocket sessions) and the tokens they watch. */
  stats(): { readonly watchers: number; readonly watchedTokens: number };
  /** Closes the live sockets, leaves the network and stops the server it started (an attached one keeps running). */
  close(): Promise<void>;
}

/**
 * Starts a customer status gateway (DESIGN.md §6, docs/status-page.md): a participant of the
 * network that serves the lookup page, the server-rendered status page (works with JavaScript
 * off), the JSON API and live updates for the `<contact-status>` widget, and the widget bundle.
 * It keeps no contact state of its own, only live sessions, so any number run side by side.
 *
 * @example
 * ```ts
 * const gateway = await createGateway({ transport: createMqttTransport({ url, participantId: 'gateway-1' }), network: 'acme', id: 'gateway-1', port: 8080 });
 * log(`status pages at ${gateway.url}/c/{token}`);
 * ```
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const o = resolveGatewayOptions(options);
  const watcher = new StatusWatcher(o.transport, o.network, o.clock, undefined, o.endedTtlMs);
  const signing = o.signing === undefined ? undefined : createMessageSigning(o.id, o.signing);
  const desk = new CommandDesk(o.transport, o.id, o.network, o.clock, o.commandTimeoutMs, signing);
  const addresses = new RateLimiter(o.rateLimits.perAddress, o.clock);
  const allowAny = o.allowedOrigins.includes('*');
  const originAllowed = (origin: string | undefined, host: string | undefined): boolean => {
    if (origin === undefined || allowAny || o.allowedOrigins.includes(origin)) return true;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  };
  let widget: Promise<string | undefined> | undefined;
  const handler = routes({
    options: o,
    watcher,
    desk,
    flash: new FlashSigner(o.flashSecret),
    addresses,
    tokens: new RateLimiter(o.rateLimits.perToken, o.clock),
    originAllowed,
    widget: () => {
      const script = o.widgetScript;
      widget ??= typeof script === 'function' ? script() : Promise.resolve(script);
      return widget;
    },
  });
  const live = new LiveSockets({
    watcher,
    lookupTimeoutMs: o.lookupTimeoutMs,
    maxWatchers: o.maxWatchers,
    clock: o.clock,
    addresses,
    originAllowed,
  });
  const server = o.server ?? createServer();
  server.on('request', handler);
  server.on('upgrade', (request, socket, head) => {
    if (!live.handle(request, socket, head)) socket.destroy();
  });
  // Small frames both ways: no Nagle delay on any socket.
  server.on('connection', (socket) => socket.setNoDelay(true));
  await desk.start();
  if (o.server === undefined) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }
  let closed = false;
  return {
    get url() {
      const address = server.address() as AddressInfo | string | null;
      if (address === null || typeof address === 'string') return undefined;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    },
    server,
    stats: () => ({ watchers: live.watchers, watchedTokens: watcher.size }),
    async close() {
      if (closed) return;
      closed = true;
      live.close();
      watcher.close();
      server.off('request', handler);
      await desk.stop();
      if (o.server === undefined) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
