import { type ConnectionState, createRandom, ErrorCode, type InboundMessage, VirtualClock } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay } from '@contactmesh/transports/websocket';
import {
  type BrowserWebSocketConstructor,
  createWebSocketTransport as createBrowserTransport,
} from '@contactmesh/transports/websocket/browser';
import fc from 'fast-check';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { backoffDelay } from '../src/websocket/backoff.js';

let relay: Relay;
let url: string;
beforeEach(async () => {
  relay = await createRelay();
  url = relay.url ?? '';
});
afterEach(() => relay.close());

const reach = (state$: Observable<ConnectionState>, state: ConnectionState) => firstValueFrom(state$.pipe(filter((s) => s === state)));
const text = (m: InboundMessage) => new TextDecoder().decode(m.payload);

describe('websocket client: reconnecting', () => {
  it('reconnects after a lost connection, resubscribes, and sends what was published meanwhile', async () => {
    const clock = new VirtualClock(0);
    let socket: WebSocket | undefined;
    const alice = createWebSocketTransport({
      url,
      id: 'alice',
      clock,
      random: createRandom(7),
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      maxQueuedPublishes: 2,
      onSocket: (s) => {
        socket = s;
      },
    });
    await alice.connect();
    const received: string[] = [];
    alice.subscribe('cm/r/#').subscribe((m) => received.push(text(m)));
    await alice.subscribed();

    const left = firstValueFrom(relay.events$.pipe(filter((e) => e.kind === 'left')));
    socket?.terminate();
    await reach(alice.state$, 'reconnecting');
    await left; // the relay has let go of the old connection, so the new hello is not a duplicate
    const first = alice.publish('cm/r/a', 'first', { qos: 1 });
    const second = alice.publish('cm/r/a', 'second');
    await expect(alice.publish('cm/r/a', 'third')).rejects.toMatchObject({ code: ErrorCode.QUEUE_FULL });

    clock.advance(100); // the first attempt waits at most initialDelayMs
    await reach(alice.state$, 'connected');
    await Promise.all([first, second]);
    await alice.subscribed();
    await alice.publish('cm/r/a', 'after', { qos: 1 });
    expect(received).toEqual(['first', 'second', 'after']);
    await alice.close();
  });

  it('closes for good after a lost connection when reconnect is false', async () => {
    let socket: WebSocket | undefined;
    const bob = createWebSocketTransport({ url, id: 'bob', reconnect: false, onSocket: (s) => (socket = s) });
    await bob.connect();
    let completed = false;
    bob.subscribe('cm/#').subscribe({ complete: () => (completed = true) });
    socket?.terminate();
    await reach(bob.state$, 'closed');
    expect(completed).toBe(true);
    await expect(bob.publish('cm/x', 'late')).rejects.toMatchObject({ code: ErrorCode.TRANSPORT_CLOSED });
  });

  it('rejects connect with CM_ERR_TRANSPORT_CLOSED when no relay answers', async () => {
    await relay.close();
    const carol = createWebSocketTransport({ url, id: 'carol' });
    await expect(carol.connect()).rejects.toMatchObject({ name: 'ContactmeshError', code: ErrorCode.TRANSPORT_CLOSED });
    expect(carol.state).toBe('closed');
  });

  it('refuses bad options with CM_ERR_INVALID_OPTION naming them', () => {
    expect(() => createWebSocketTransport({ url: 'http://x', id: 'a' })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION }),
    );
    expect(() => createWebSocketTransport({ url, id: '' })).toThrow(/Option id must be/);
    expect(() => createWebSocketTransport({ url, id: 'a', reconnect: { initialDelayMs: 0 } })).toThrow(/reconnect.initialDelayMs/);
  });

  it('waits between attempts within [ceiling / 2, ceiling], the ceiling doubling up to maxDelayMs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer(), fc.integer({ min: 1, max: 1000 }), (attempt, seed, initial) => {
        const options = { initialDelayMs: initial, maxDelayMs: initial * 50 };
        const ceiling = Math.min(options.maxDelayMs, initial * 2 ** attempt);
        const delay = backoffDelay(attempt, options, createRandom(seed));
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });
});

describe('websocket client: browser entry', () => {
  it('speaks the same protocol over a WHATWG-style WebSocket', async () => {
    // ws implements the WHATWG interface (onopen, onmessage, binaryType) the browser entry uses.
    const Socket = WebSocket as unknown as BrowserWebSocketConstructor;
    const widget = createBrowserTransport({ url, id: 'widget', WebSocket: Socket });
    const centre = createWebSocketTransport({ url, id: 'london' });
    await Promise.all([widget.connect(), centre.connect()]);
    await centre.publish('cm/status/c1', new Uint8Array([0, 10, 255]), { retain: true, qos: 1 });
    const message = await firstValueFrom(widget.subscribe('cm/status/+'));
    expect(message).toEqual({ topic: 'cm/status/c1', payload: new Uint8Array([0, 10, 255]), retained: true });
    await Promise.all([widget.close(), centre.close()]);
  });

  it('fails with a helpful CM_ERR_INVALID_OPTION where there is no global WebSocket', () => {
    const original: unknown = Reflect.get(globalThis, 'WebSocket');
    Reflect.deleteProperty(globalThis, 'WebSocket');
    try {
      expect(() => createBrowserTransport({ url, id: 'w' })).toThrow(/in Node import @contactmesh\/transports\/websocket instead/);
    } finally {
      if (original !== undefined) Reflect.set(globalThis, 'WebSocket', original);
    }
  });
});
