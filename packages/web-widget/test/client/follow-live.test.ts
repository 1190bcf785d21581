import { VirtualClock } from '@contactmesh/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStatusClient, pingAfterMs, pongTimeoutMs, type StatusSnapshot } from '../../src/client/index.js';
import { endpoint, type FakeReply, fakeFetch, fakeSockets, queuedStatus, settle, token } from './fakes.js';

// The headless client following the live socket (gateway contract, "Live updates"), on a virtual
// clock: no test sleeps. Claims 4 and 28 (what the status holds), 11 and 21 (the new status shown).

function setUp(options: { replies?: FakeReply[]; random?: () => number; token?: string } = {}) {
  const clock = new VirtualClock(0);
  const sockets = fakeSockets();
  const http = fakeFetch(...(options.replies ?? [{ status: 503 }]));
  const client = createStatusClient({
    endpoint,
    token: options.token ?? token,
    fetch: http.fetch,
    WebSocket: sockets.Socket,
    clock,
    random: options.random ?? (() => 1),
  });
  const seen: StatusSnapshot[] = [];
  client.subscribe((snapshot) => seen.push(snapshot));
  const last = () => seen.at(-1);
  return { clock, client, http, seen, last, ...sockets };
}

afterEach(() => vi.restoreAllMocks());

describe('following the live status of a contact', () => {
  it('is connecting until the first status frame, then live with every status the gateway pushes', () => {
    const { last, latest, sockets } = setUp();
    expect(sockets.map((s) => s.url)).toEqual([`wss://status.example.com/api/contacts/${token}/live`]);
    expect(last()).toEqual({ connection: 'connecting' });
    latest().open();
    latest().status(queuedStatus());
    expect(last()).toEqual({ connection: 'live', status: queuedStatus() });
    latest().status(queuedStatus({ position: 2, updatedAt: 2_000 }));
    expect(last()?.status?.position).toBe(2);
  });

  it('ignores frames that are not JSON, too long, of an unknown type or carry a malformed status', () => {
    const { seen, latest } = setUp();
    latest().open();
    latest().status(queuedStatus());
    const before = seen.length;
    for (const frame of [
      'not json',
      '{"type":"status"}',
      JSON.stringify({ type: 'status', status: { ...queuedStatus(), position: 0 } }),
      JSON.stringify({ type: 'status', status: { ...queuedStatus(), state: 'teleported' } }),
      JSON.stringify({ type: 'status', status: { ...queuedStatus(), expectedWait: { seconds: 60, low: 90, high: 30, method: 'x' } } }),
      // Valid but for its size: over 64 KiB, it is not even parsed.
      JSON.stringify({ type: 'status', status: { ...queuedStatus(), note: 'x'.repeat(70_000) } }),
      JSON.stringify({ type: 'surprise' }),
      '[]',
      new ArrayBuffer(8),
    ]) {
      latest().message(frame);
    }
    expect(seen.length).toBe(before);
    expect(seen.at(-1)).toEqual({ connection: 'live', status: queuedStatus() });
  });

  it('reconnects after a drop with back-off doubling from 1 s to a 30 s cap, asking for the status over HTTP meanwhile', async () => {
    const { clock, http, last, latest, sockets } = setUp({
      replies: [{ status: 200, body: queuedStatus({ position: 2, updatedAt: 2_000 }) }],
    });
    latest().open();
    latest().status(queuedStatus());
    const gaps: number[] = [];
    for (let drop = 0; drop < 7; drop += 1) {
      const droppedAt = clock.now();
      latest().drop(1006);
      clock.advance((clock.nextDeadline() ?? droppedAt) - droppedAt - 1);
      const count = sockets.length;
      clock.advance(1);
      expect(sockets.length).toBe(count + 1);
      gaps.push(clock.now() - droppedAt);
    }
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    await settle();
    expect(http.requests.map((r) => [r.url, r.init.method])).toContainEqual([`https://status.example.com/api/contacts/${token}`, 'GET']);
    // The last-known status is kept, and marked by the connection as not live (stale).
    expect(last()).toEqual({ connection: 'reconnecting', status: queuedStatus({ position: 2, updatedAt: 2_000 }) });
  });

  it('starts the back-off again from 1 s once a status arrives on a new socket', () => {
    const { clock, latest } = setUp();
    latest().drop(1006);
    clock.advance(1_000);
    latest().drop(1006);
    clock.advance(2_000);
    latest().open();
    latest().status(queuedStatus());
    latest().drop(1006);
    expect(clock.nextDeadline()).toBe(clock.now() + 1_000);
  });

  it('draws the delay from [ceiling / 2, ceiling], so widgets cut off together come back apart', () => {
    const { clock, latest } = setUp({ random: () => 0 });
    latest().drop(1006);
    expect(clock.nextDeadline()).toBe(500);
  });

  it('shows expired and never reconnects after a gone frame or close code 4404', async () => {
    for (const end of ['gone', 4404] as const) {
      const { clock, last, latest, sockets, http } = setUp();
      latest().open();
      latest().status(queuedStatus());
      if (end === 'gone') latest().message('{"type":"gone"}');
      else latest().drop(end);
      clock.runUntilIdle();
      await settle();
      expect(last()).toEqual({ connection: 'expired', status: queuedStatus() });
      expect(sockets.length).toBe(1);
      expect(http.requests).toEqual([]);
      expect(clock.pending).toBe(0);
    }
  });

  it('ends for good, saying the origin was refused, after close code 1008', () => {
    const { clock, last, latest, sockets } = setUp();
    latest().drop(1008);
    clock.runUntilIdle();
    expect(last()).toEqual({ connection: 'ended', reason: 'originRefused' });
    expect(sockets.length).toBe(1);
  });

  it('reconnects later after close code 4429 without asking over HTTP (that would be rate limited too)', async () => {
    const { clock, http, latest, sockets } = setUp();
    latest().drop(4429);
    await settle();
    expect(http.requests).toEqual([]);
    clock.advance(1_000);
    expect(sockets.length).toBe(2);
  });

  it('shows expired when the status fetched while reconnecting is a 404', async () => {
    const { clock, last, latest, sockets } = setUp({
      replies: [{ status: 404, body: { error: { code: 'CM_ERR_UNKNOWN_TOKEN', message: 'unknown' } } }],
    });
    latest().drop(1006);
    await settle();
    expect(last()?.connection).toBe('expired');
    clock.runUntilIdle();
    expect(sockets.length).toBe(1);
  });

  it('ends when the contact reaches a terminal state, closing the socket', () => {
    const { clock, last, latest } = setUp();
    latest().open();
    latest().status(queuedStatus());
    const done = queuedStatus({ state: 'substituted', substitute: 'callback', allowedCommands: [], otherQueues: [], updatedAt: 2_000 });
    latest().status(done);
    expect(last()).toEqual({ connection: 'ended', status: done });
    expect(latest().closedWith).toBe(1000);
    expect(clock.pending).toBe(0);
  });

  it('never lets an older status replace a newer one (a late HTTP answer racing the socket)', async () => {
    const { last, latest } = setUp({ replies: [{ status: 200, body: queuedStatus({ position: 9, updatedAt: 500 }) }] });
    latest().open();
    latest().status(queuedStatus());
    latest().drop(1006);
    await settle();
    expect(last()?.status?.position).toBe(3);
  });

  it('pings a silent socket after 25 s, and reconnects when nothing answers within 10 s', () => {
    const { clock, last, latest, sockets } = setUp();
    latest().open();
    latest().status(queuedStatus());
    clock.advance(pingAfterMs);
    expect(latest().sent).toEqual(['{"type":"ping"}']);
    latest().message('{"type":"pong"}');
    clock.advance(pongTimeoutMs);
    expect(sockets.length).toBe(1);
    clock.advance(pingAfterMs - pongTimeoutMs);
    expect(latest().sent.length).toBe(2);
    expect(last()?.connection).toBe('live');
    clock.advance(pongTimeoutMs);
    expect(sockets[0]?.closedWith).toBe(4000);
    expect(last()?.connection).toBe('reconnecting');
    clock.advance(1_000);
    expect(sockets.length).toBe(2);
  });

  it('ignores a late close of a socket it has already given up on', () => {
    const { clock, latest, sockets } = setUp();
    latest().open();
    latest().status(queuedStatus());
    clock.advance(pingAfterMs + pongTimeoutMs);
    const deadline = clock.nextDeadline();
    sockets[0]?.drop(1006);
    expect(clock.nextDeadline()).toBe(deadline);
    clock.runUntilIdle({ maxTimers: 1 });
    expect(sockets.length).toBe(2);
  });

  it('keeps calling the other listeners when one throws, and reports the error on its own task', () => {
    const reported: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => reported.push(callback));
    const { client, latest } = setUp();
    const broken = new Error('a broken listener');
    client.subscribe((snapshot) => {
      if (snapshot.status !== undefined) throw broken;
    });
    const seen: StatusSnapshot[] = [];
    client.subscribe((snapshot) => seen.push(snapshot));
    latest().status(queuedStatus());
    expect(seen.at(-1)?.connection).toBe('live');
    expect(reported).toHaveLength(1);
    expect(() => reported[0]?.()).toThrow(broken);
  });

  it('is expired at once, asking nothing, for a token that is not 22 URL-safe base64 characters', async () => {
    const { client, clock, last, sockets, http } = setUp({ token: '../../admin' });
    await expect(client.command({ kind: 'cancel' })).rejects.toMatchObject({ code: 'CM_ERR_UNKNOWN_TOKEN' });
    await settle();
    expect(last()).toEqual({ connection: 'expired' });
    expect(sockets).toEqual([]);
    expect(http.requests).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('hears nothing more after close(): the socket is closed and no timer is left', () => {
    const { client, clock, seen, latest } = setUp();
    latest().open();
    latest().status(queuedStatus());
    latest().drop(1006);
    const count = seen.length;
    client.close();
    expect(clock.pending).toBe(0);
    clock.runUntilIdle();
    expect(seen.length).toBe(count);
  });

  it('calls a new subscriber at once with the current snapshot, and stops calling it after unsubscribe', () => {
    const { client, latest } = setUp();
    latest().status(queuedStatus());
    const seen: StatusSnapshot[] = [];
    const unsubscribe = client.subscribe((snapshot) => seen.push(snapshot));
    expect(seen).toEqual([{ connection: 'live', status: queuedStatus() }]);
    unsubscribe();
    latest().status(queuedStatus({ position: 1, updatedAt: 5_000 }));
    expect(seen.length).toBe(1);
  });

  it('refuses an endpoint that is not an http(s) URL with a TypeError that shows the expected form', () => {
    expect(() => createStatusClient({ endpoint: 'status.example.com', token })).toThrow(TypeError);
    expect(() => createStatusClient({ endpoint: 'ftp://status.example.com', token })).toThrow(/https:\/\/status\.example\.com/);
  });
});
