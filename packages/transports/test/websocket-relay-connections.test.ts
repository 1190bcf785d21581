import { createServer } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { createRelay, handshakeRoom, type Relay } from '@contactmesh/transports/websocket';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// What the relay's own server does with connections that never become participants: a silent TCP
// connection is closed after the handshake time, and past the connection cap nobody gets in.

const relays: Relay[] = [];
const sockets: (Socket | WebSocket)[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket instanceof WebSocket ? socket.terminate() : socket.destroy();
  for (const relay of relays.splice(0)) await relay.close();
});

async function relayWith(options: Parameters<typeof createRelay>[0]): Promise<{ relay: Relay; port: number }> {
  const relay = await createRelay(options);
  relays.push(relay);
  return { relay, port: Number(new URL(relay.url ?? '').port) };
}

/** A raw TCP connection to the relay that says nothing; resolves `closed` when the relay closes it. */
function silent(port: number): { socket: Socket; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  sockets.push(socket);
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

/** A WebSocket client: 'open', or the HTTP status it was refused with. */
function upgrade(url: string): Promise<number | 'open'> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('open', () => resolve('open'));
    socket.once('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
    // A connection closed before any HTTP answer (past the server's own cap) is refused too: 0.
    socket.once('error', () => resolve(0));
  });
}

/** Waits, a turn of the event loop at a time, until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe('the relay server and the connections that never join', { timeout: 20_000 }, () => {
  it('closes a TCP connection that has not upgraded within the handshake time, and keeps one that has', async () => {
    const { relay, port } = await relayWith({ handshakeTimeoutMs: 300 });
    const participant = await upgrade(relay.url ?? '');
    expect(participant).toBe('open');
    const started = performance.now();
    await silent(port).closed;
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    // The upgraded one outlived the handshake time of the silent one beside it.
    expect(relay.stats().connections).toBe(1);
  });

  it('refuses a WebSocket past the cap with 503, lets one in again once a place is free, and closes TCP connections past the room for handshakes at once', async () => {
    const { relay, port } = await relayWith({ maxConnections: 2 });
    const url = relay.url ?? '';
    const refused = firstValueFrom(relay.events$.pipe(filter((e) => e.kind === 'refused')));
    expect(await upgrade(url)).toBe('open');
    expect(await upgrade(url)).toBe('open');
    expect(await upgrade(url)).toBe(503);
    expect(await refused).toMatchObject({ kind: 'refused', status: 503, reason: expect.stringMatching(/most connections \(2\)/) });
    (sockets.find((s) => s instanceof WebSocket) as WebSocket).terminate();
    await until(() => relay.stats().connections < 2);
    expect(await upgrade(url)).toBe('open');
    // Connections that never upgrade take the room above the cap (64 here); one more is closed at once.
    const idle = Array.from({ length: handshakeRoom(2) }, () => silent(port));
    await until(() => idle.every(({ socket }) => socket.readyState === 'open'));
    const started = performance.now();
    await silent(port).closed;
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('on a server of yours, refuses a WebSocket past the cap with 503 and says so in its events', async () => {
    const server = createServer((_, response) => response.end('your page'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const relay = await createRelay({ server, maxConnections: 1 });
      relays.push(relay);
      const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const refused = firstValueFrom(relay.events$.pipe(filter((e) => e.kind === 'refused')));
      expect(await upgrade(url)).toBe('open');
      expect(await upgrade(url)).toBe(503);
      expect(await refused).toMatchObject({ kind: 'refused', status: 503, reason: expect.stringMatching(/most connections \(1\)/) });
      // Your server's own connections are not the relay's to time out or count.
      expect(await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text()).toBe('your page');
    } finally {
      for (const relay of relays.splice(0)) await relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('checks the new options', async () => {
    await expect(createRelay({ maxConnections: 0 })).rejects.toThrow(/maxConnections/);
    await expect(createRelay({ handshakeTimeoutMs: -1 })).rejects.toThrow(/handshakeTimeoutMs/);
  });
});
