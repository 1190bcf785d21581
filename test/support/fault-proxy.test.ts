import { createServer, connect as dial, type Server, type Socket } from 'node:net';
import { realClock } from '@contactmesh/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';

// The fault proxy in front of an echo server: each fault, as a client sees it. Nothing sleeps:
// every wait is for a socket event or the proxy's own change notice.

const opened: { servers: Server[]; sockets: Socket[]; proxies: FaultProxy[] } = { servers: [], sockets: [], proxies: [] };

afterEach(async () => {
  for (const socket of opened.sockets.splice(0)) socket.destroy();
  await Promise.all(opened.proxies.splice(0).map((p) => p.close()));
  await Promise.all(opened.servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** An echo server, a proxy in front of it, and what the server saw close. */
async function echoBehindProxy(maxHeldBytes?: number) {
  const serverSockets: Socket[] = [];
  const server = createServer((socket) => {
    serverSockets.push(socket);
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  opened.servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const proxy = await startFaultProxy({ target: { port }, ...(maxHeldBytes === undefined ? {} : { maxHeldBytes }) });
  opened.proxies.push(proxy);
  return { proxy, serverSockets, echoPort: port };
}

/** A client of the proxy that collects what comes back. */
async function client(proxy: FaultProxy) {
  const socket = dial({ host: '127.0.0.1', port: proxy.port });
  opened.sockets.push(socket);
  let received = '';
  const arrivals: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
    for (const check of arrivals.splice(0)) check();
  });
  const closed = new Promise<{ error?: string }>((resolve) => {
    let error: string | undefined;
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code;
    });
    socket.on('close', () => resolve(error === undefined ? {} : { error }));
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const echoed = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => (received.includes(text) ? resolve() : arrivals.push(check));
      check();
    });
  return { socket, closed, echoed, received: () => received };
}

describe('the fault proxy', () => {
  it('forwards both ways with TCP_NODELAY, and delays each direction by the set time, in order', async () => {
    const { proxy } = await echoBehindProxy();
    const c = await client(proxy);
    c.socket.write('hello');
    await c.echoed('hello');

    proxy.delay(60);
    const sent = realClock.now();
    c.socket.write('a');
    c.socket.write('b');
    c.socket.write('c');
    await c.echoed('helloabc');
    // There and back: at least 60 ms each way (timers may fire a millisecond early, never more).
    expect(realClock.now() - sent).toBeGreaterThanOrEqual(118);
    expect(c.received()).toBe('helloabc');
  });

  it('cut resets every open pair and new connections until restore', async () => {
    const { proxy, serverSockets } = await echoBehindProxy();
    const c = await client(proxy);
    c.socket.write('x');
    await c.echoed('x');
    const serverSide = serverSockets[0] as Socket;
    const serverClosed = new Promise((resolve) => serverSide.once('close', resolve));

    proxy.cut();
    expect(await c.closed).toEqual({ error: 'ECONNRESET' });
    await serverClosed;
    const refused = dial({ host: '127.0.0.1', port: proxy.port });
    opened.sockets.push(refused);
    const refusal = await new Promise<string | undefined>((resolve) => {
      refused.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
      refused.on('close', () => resolve(undefined));
    });
    expect(refusal).toBe('ECONNRESET');
    expect(proxy.stats()).toMatchObject({ refused: 1, open: 0 });

    proxy.restore();
    const again = await client(proxy);
    again.socket.write('back');
    await again.echoed('back');
  });

  it('cut({ reset: false }) closes with a FIN: the client sees an end, not an error', async () => {
    const { proxy } = await echoBehindProxy();
    const c = await client(proxy);
    const ended = new Promise<void>((resolve) => c.socket.once('end', resolve));
    proxy.cut({ reset: false });
    await ended;
    expect(await c.closed).toEqual({});
  });

  it('halfOpen forwards nothing and passes on no close; restore delivers what waited and the close that happened meanwhile', async () => {
    const { proxy, serverSockets, echoPort } = await echoBehindProxy();
    const c = await client(proxy);
    c.socket.write('one');
    await c.echoed('one');
    const before = proxy.stats().forwardedBytes;

    proxy.halfOpen();
    c.socket.write('two');
    // The server goes away meanwhile: the client must not hear of it while the proxy is half open.
    (serverSockets[0] as Socket).destroy();
    let clientClosed = false;
    void c.closed.then(() => {
      clientClosed = true;
    });
    // A connection made while half open is accepted and held: it gets nothing either.
    const late = await client(proxy);
    late.socket.write('late');
    await proxy.until(() => proxy.stats().accepted === 2, 'the late connection accepted');
    // Evidence that the held bytes had time to go through if they could: a round trip to the
    // echo server that does not pass the proxy, started after they were written.
    const direct = dial({ host: '127.0.0.1', port: echoPort });
    opened.sockets.push(direct);
    direct.write('direct');
    await new Promise((resolve) => direct.once('data', resolve));
    expect(proxy.stats().forwardedBytes).toBe(before);
    expect(clientClosed).toBe(false);
    expect(c.received()).toBe('one');

    proxy.restore();
    // The first pair's server side is gone: the held bytes meet a closed socket and the client learns of it now.
    await c.closed;
    // The held connection is dialled now and its bytes go through.
    await late.echoed('late');
  });

  it('stops reading a sender when a direction holds more than maxHeldBytes', async () => {
    const { proxy } = await echoBehindProxy(16 * 1024);
    const c = await client(proxy);
    proxy.delay(20);
    const big = 'y'.repeat(256 * 1024);
    c.socket.write(big);
    await c.echoed(big);
    // One chunk may pass the bound before reading stops (a socket read is at most 64 KiB).
    expect(proxy.stats().maxHeld).toBeLessThanOrEqual(16 * 1024 + 64 * 1024);
    expect(c.received()).toBe(big);
  });
});
