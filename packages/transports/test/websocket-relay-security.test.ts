import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, VirtualClock } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay, type RelayEvent } from '@contactmesh/transports/websocket';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawRelayClient } from './support/raw-relay-client.js';

const relays: Relay[] = [];
const clients: RawRelayClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  for (const relay of relays.splice(0)) await relay.close();
});

async function relayWith(options: Parameters<typeof createRelay>[0]): Promise<Relay> {
  const relay = await createRelay(options);
  relays.push(relay);
  return relay;
}

/** The HTTP status an upgrade is answered with (101 when it is accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => undefined);
  });
}

const nextEvent = (relay: Relay, kind: RelayEvent['kind']) => firstValueFrom(relay.events$.pipe(filter((e) => e.kind === kind)));

describe('websocket relay: authentication and origins', () => {
  it('lets in only upgrades that authenticate accepts, refusing the others with 401', async () => {
    const relay = await relayWith({ authenticate: (request) => request.headers.authorization === 'Bearer s3cret' });
    const url = relay.url ?? '';
    const good = createWebSocketTransport({ url, id: 'london', headers: { authorization: 'Bearer s3cret' } });
    await good.connect();
    expect(good.state).toBe('connected');
    await good.close();

    const refused = nextEvent(relay, 'refused');
    const bad = createWebSocketTransport({ url, id: 'paris', headers: { authorization: 'Bearer guess' } });
    await expect(bad.connect()).rejects.toMatchObject({ name: 'ContactmeshError', code: ErrorCode.TRANSPORT_CLOSED });
    expect(bad.state).toBe('closed');
    expect(await refused).toEqual({ kind: 'refused', status: 401, reason: 'authenticate refused the request' });
  });

  it('refuses with 401 when authenticate throws or rejects', async () => {
    const relay = await relayWith({ authenticate: async () => Promise.reject(new Error('token service down')) });
    expect(await upgradeStatus(relay.url ?? '', {})).toBe(401);
    expect(relay.stats().refused).toBe(1);
  });

  it('refuses browser origins not in allowedOrigins with 403, and lets in listed ones and non-browser clients', async () => {
    const relay = await relayWith({ allowedOrigins: ['https://status.example.com'] });
    const url = relay.url ?? '';
    expect(await upgradeStatus(url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { origin: 'https://status.example.com' })).toBe(101);
    expect(await upgradeStatus(url, {})).toBe(101);
  });

  it('attaches to an existing http server at a path, which goes on serving its other requests', async () => {
    const server = createServer((_, res) => res.end('page'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const relay = await relayWith({ server, path: '/cm' });
    expect(relay.url).toBe(`ws://127.0.0.1:${port}/cm`);
    const transport = createWebSocketTransport({ url: relay.url ?? '', id: 'gateway' });
    await transport.connect();
    const body = await new Promise<string>((resolve) =>
      get(`http://127.0.0.1:${port}/`, (res) => res.on('data', (d: Buffer) => resolve(d.toString()))),
    );
    expect(body).toBe('page');
    await transport.close();
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('websocket relay: heartbeat', () => {
  it('drops a participant that stops answering pings and publishes its will', async () => {
    const clock = new VirtualClock(0);
    const relay = await relayWith({ clock, heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 500 });
    const url = relay.url ?? '';
    const silent = await RawRelayClient.open(url, { autoPong: false });
    const watcher = await RawRelayClient.open(url);
    clients.push(silent, watcher);
    await silent.hello('silent', { topic: 'cm/presence/silent', payload: 'gone' });
    await watcher.hello('watcher');
    watcher.frame({ type: 'sub', sid: 1, filter: 'cm/presence/+', qos: 1 });
    await watcher.next('suback');

    const pinged = Promise.all([silent, watcher].map((c) => new Promise((resolve) => c.socket.once('ping', resolve))));
    clock.advance(1000);
    await pinged;
    // The watcher answered its ping before this publish, so its pong is in once the puback is back.
    watcher.frame({ type: 'pub', mid: 1, topic: 'cm/presence/watcher', qos: 1, retain: false }, 'here');
    await watcher.next('puback');
    const timeout = nextEvent(relay, 'timeout');
    clock.advance(500);
    expect(await timeout).toEqual({ kind: 'timeout', id: 'silent', what: 'heartbeat' });
    await silent.closed;
    const wills: string[] = [];
    for (;;) {
      const frame = await watcher.next('msg');
      wills.push(frame.text);
      if (frame.header.topic === 'cm/presence/silent') break;
    }
    expect(wills).toEqual(['here', 'gone']);
    expect(relay.stats()).toMatchObject({ participants: 1, wills: 1, timeouts: 1 });
  });

  it('closes a connection that never says hello', async () => {
    const clock = new VirtualClock(0);
    const relay = await relayWith({ clock, helloTimeoutMs: 2000 });
    const mute = await RawRelayClient.open(relay.url ?? '');
    clients.push(mute);
    const timeout = nextEvent(relay, 'timeout');
    clock.advance(2000);
    expect(await timeout).toEqual({ kind: 'timeout', id: undefined, what: 'hello' });
    await mute.closed;
  });
});
