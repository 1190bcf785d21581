import { type ConnectionState, createRandom, ErrorCode, VirtualClock } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay, type WebSocketTransport } from '@contactmesh/transports/websocket';
import {
  type BrowserWebSocketConstructor,
  createWebSocketTransport as createBrowserTransport,
} from '@contactmesh/transports/websocket/browser';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { type FaultProxy, startFaultProxy } from '../../../test/support/fault-proxy.js';

// The client's own heartbeat: a relay that stops answering without closing (a half-open TCP
// connection) is noticed by the client, which drops the socket and reconnects. The clients run on
// a virtual clock; each "nothing happened yet" is checked behind a barrier frame sent after the
// moment in question, on the same socket, never by waiting.

/** A stand-in relay that welcomes, acknowledges subscriptions, closes after `bye`, and answers pings while `answering`. */
interface ScriptedRelay {
  readonly url: string;
  answering: boolean;
  /** Every frame received and every close, as `{ conn, type }` (close: `type: 'close'` with its code). */
  readonly seen: { readonly conn: number; readonly type: string; readonly code?: number }[];
  /** Resolves with the next record of `type` not yet taken. */
  next(type: string): Promise<{ readonly conn: number; readonly type: string; readonly code?: number }>;
  close(): Promise<void>;
}

async function scriptedRelay(): Promise<ScriptedRelay> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const seen: ScriptedRelay['seen'][number][] = [];
  const taken = new Set<number>();
  const waiters: (() => void)[] = [];
  const record = (entry: ScriptedRelay['seen'][number]) => {
    seen.push(entry);
    for (const wake of waiters.splice(0)) wake();
  };
  let connections = 0;
  const relay: ScriptedRelay = {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`,
    answering: true,
    seen,
    async next(type) {
      for (;;) {
        const i = seen.findIndex((e, k) => e.type === type && !taken.has(k));
        const found = seen[i];
        if (found !== undefined) {
          taken.add(i);
          return found;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws) => {
    const conn = ++connections;
    ws.on('message', (data: Buffer) => {
      const header = JSON.parse(data.toString().split('\n')[0] ?? '') as { type: string; sid?: number };
      record({ conn, type: header.type });
      const answer = (frame: object) => ws.send(JSON.stringify(frame));
      if (header.type === 'hello') answer({ type: 'welcome', v: 1, maxPayloadBytes: 65_536 });
      if (header.type === 'sub') answer({ type: 'suback', sid: header.sid });
      if (header.type === 'ping' && relay.answering) answer({ type: 'pong' });
      if (header.type === 'bye') ws.close(1000);
    });
    ws.on('close', (code) => record({ conn, type: 'close', code }));
  });
  return relay;
}

const opened: { relays: { close(): Promise<void> }[]; transports: WebSocketTransport[]; proxies: FaultProxy[] } = {
  relays: [],
  transports: [],
  proxies: [],
};
afterEach(async () => {
  await Promise.all(opened.transports.splice(0).map((t) => t.close()));
  await Promise.all(opened.proxies.splice(0).map((p) => p.close()));
  await Promise.all(opened.relays.splice(0).map((r) => r.close()));
});

async function scripted(): Promise<ScriptedRelay> {
  const relay = await scriptedRelay();
  opened.relays.push(relay);
  return relay;
}

function client(url: string, clock: VirtualClock, options: { heartbeatIntervalMs?: number; onSocket?: (s: WebSocket) => void } = {}) {
  const transport = createWebSocketTransport({
    url,
    id: 'paris',
    clock,
    random: createRandom(3),
    reconnect: { initialDelayMs: 100, maxDelayMs: 100 },
    heartbeatIntervalMs: 1000,
    heartbeatTimeoutMs: 500,
    ...options,
  });
  opened.transports.push(transport);
  return transport;
}

const reach = (state$: Observable<ConnectionState>, state: ConnectionState) => firstValueFrom(state$.pipe(filter((s) => s === state)));

/** A frame sent now, after anything the client sent before: once the relay has it, it has those too. */
async function barrier(transport: WebSocketTransport, relay: ScriptedRelay): Promise<void> {
  await transport.publish('cm/barrier', 'b');
  await relay.next('pub');
}

const pings = (relay: ScriptedRelay) => relay.seen.filter((e) => e.type === 'ping').length;

describe('websocket client: heartbeat', () => {
  it('pings a relay it has not heard from for heartbeatIntervalMs, and not before', async () => {
    const relay = await scripted();
    const clock = new VirtualClock(0);
    const paris = client(relay.url, clock);
    await paris.connect();
    clock.advance(999);
    await barrier(paris, relay);
    expect(pings(relay)).toBe(0);
    clock.advance(1);
    expect(await relay.next('ping')).toEqual({ conn: 1, type: 'ping' });
  });

  it('stays connected while the relay answers, and pings again only after another quiet interval', async () => {
    const relay = await scripted();
    const clock = new VirtualClock(0);
    let socket: WebSocket | undefined;
    const paris = client(relay.url, clock, { onSocket: (s) => (socket = s) });
    await paris.connect();
    const pong = new Promise((resolve) => socket?.once('message', resolve));
    clock.advance(1000);
    await pong; // heard at t = 1000
    clock.advance(999);
    await barrier(paris, relay);
    expect(paris.state).toBe('connected');
    expect(pings(relay)).toBe(1);
    clock.advance(1);
    await relay.next('ping');
    await relay.next('ping');
    expect(relay.seen.filter((e) => e.type === 'hello')).toHaveLength(1);
  });

  it('drops a relay that goes silent after heartbeatIntervalMs + heartbeatTimeoutMs, reconnects and resubscribes', async () => {
    const relay = await scripted();
    relay.answering = false;
    const clock = new VirtualClock(0);
    const paris = client(relay.url, clock);
    await paris.connect();
    paris.subscribe('cm/status/+').subscribe();
    await paris.subscribed();
    clock.advance(1000);
    await relay.next('ping');
    clock.advance(499);
    expect(paris.state).toBe('connected');
    clock.advance(1);
    expect(paris.state).toBe('reconnecting');
    expect(await relay.next('close')).toMatchObject({ conn: 1 });

    clock.advance(100); // the back-off of the first attempt
    await reach(paris.state$, 'connected');
    await paris.subscribed();
    expect(relay.seen.filter((e) => e.conn === 2).map((e) => e.type)).toEqual(['hello', 'sub']);
  });

  it('does nothing of the kind with heartbeatIntervalMs: 0', async () => {
    const relay = await scripted();
    relay.answering = false;
    const clock = new VirtualClock(0);
    const paris = client(relay.url, clock, { heartbeatIntervalMs: 0 });
    await paris.connect();
    clock.advance(3_600_000);
    await barrier(paris, relay);
    expect(pings(relay)).toBe(0);
    expect(paris.state).toBe('connected');
  });

  it('works in the browser entry too, where the relay pings cannot be seen: an application ping, then a close with 4008', async () => {
    const relay = await scripted();
    relay.answering = false;
    const clock = new VirtualClock(0);
    const widget = createBrowserTransport({
      url: relay.url,
      id: 'widget',
      clock,
      reconnect: false,
      heartbeatIntervalMs: 1000,
      heartbeatTimeoutMs: 500,
      WebSocket: WebSocket as unknown as BrowserWebSocketConstructor,
    });
    opened.transports.push(widget);
    await widget.connect();
    clock.advance(1000);
    await relay.next('ping');
    clock.advance(500);
    expect(widget.state).toBe('closed');
    expect(await relay.next('close')).toEqual({ conn: 1, type: 'close', code: 4008 });
  });
});

describe('websocket client: heartbeat against the relay through a half-open connection', () => {
  it('finds the black hole on its own, reconnects once the network heals, and the relay answers its pings', async () => {
    const relay: Relay = await createRelay({ port: 0 });
    opened.relays.push(relay);
    const proxy = await startFaultProxy({ target: { port: Number(new URL(relay.url ?? '').port) } });
    opened.proxies.push(proxy);
    const clock = new VirtualClock(0);
    let socket: WebSocket | undefined;
    const paris = client(`ws://127.0.0.1:${proxy.port}/`, clock, { onSocket: (s) => (socket = s) });
    await paris.connect({ will: { topic: 'cm/presence/paris', payload: 'offline', qos: 1 } });

    // A quiet but live relay answers the ping (a pong, through the proxy) and the client stays.
    const pong = new Promise((resolve) => socket?.once('message', resolve));
    clock.advance(1000);
    await pong;
    clock.advance(500);
    expect(paris.state).toBe('connected');

    proxy.halfOpen();
    clock.advance(500); // an interval since the pong: a ping, into the black hole
    clock.advance(499);
    expect(paris.state).toBe('connected');
    clock.advance(1);
    expect(paris.state).toBe('reconnecting');

    // The relay hears of the old connection when the network heals (its will fires); then the retry gets in.
    const left = firstValueFrom(relay.events$.pipe(filter((e) => e.kind === 'left')));
    proxy.restore();
    expect(await left).toEqual({ kind: 'left', id: 'paris', clean: false, will: true });
    clock.advance(100);
    await reach(paris.state$, 'connected');
    expect(relay.stats()).toMatchObject({ participants: 1, wills: 1 });
  });
});

describe('websocket client: heartbeat options', () => {
  it.each([
    [{ heartbeatIntervalMs: -1 }, /^Option heartbeatIntervalMs must be an integer of at least 0, got -1\.$/],
    [{ heartbeatIntervalMs: 1.5 }, /^Option heartbeatIntervalMs must be/],
    [{ heartbeatTimeoutMs: 0 }, /^Option heartbeatTimeoutMs must be an integer of at least 1, got 0\.$/],
    [{ heartbeat: true }, /^Option options\.heartbeat must be one of /],
  ])('refuses %j with CM_ERR_INVALID_OPTION naming the option', (options, message) => {
    expect(() => createWebSocketTransport({ url: 'ws://127.0.0.1:1/', id: 'a', ...(options as object) })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringMatching(message) }),
    );
  });
});
