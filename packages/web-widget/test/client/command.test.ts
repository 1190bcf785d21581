import { VirtualClock } from '@contactmesh/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CustomerCommand,
  createStatusClient,
  StatusClientError,
  StatusClientErrorCode,
  type StatusSnapshot,
} from '../../src/client/index.js';
import { endpoint, type FakeReply, fakeFetch, fakeSockets, queuedStatus, settle, token } from './fakes.js';

// Commands (claims 5, 6, 9, 30, 31, 35–37) and their confirmations or refusals (claims 11, 21, 32,
// 38) through the headless client; the gateway contract's "POST …/commands".

function setUp(...replies: FakeReply[]) {
  const clock = new VirtualClock(0);
  const sockets = fakeSockets();
  const http = fakeFetch(...replies);
  const client = createStatusClient({ endpoint, token, fetch: http.fetch, WebSocket: sockets.Socket, clock, random: () => 1 });
  const seen: StatusSnapshot[] = [];
  client.subscribe((snapshot) => seen.push(snapshot));
  sockets.latest().open();
  sockets.latest().status(queuedStatus());
  return { clock, client, http, seen };
}

const switchToSales: CustomerCommand = { kind: 'switchQueue', skillset: 'sales' };
const idOf = (body: unknown) => (body as { commandId: string }).commandId;
const offline = () => new TypeError('Failed to fetch');

/** Runs `command` while firing each retry timer as soon as it is set. */
async function withRetries<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await settle();
    clock.runUntilIdle({ maxTimers: 1 });
  }
  return promise;
}

afterEach(() => vi.restoreAllMocks());

describe('commands of the headless client', () => {
  it('posts { commandId, command } as JSON to …/commands, without cookies', async () => {
    const { client, http } = setUp({
      status: 200,
      body: { accepted: true, status: queuedStatus({ skillset: 'sales', updatedAt: 2_000 }) },
    });
    await client.command(switchToSales);
    const [request] = http.requests;
    expect(request?.url).toBe(`https://status.example.com/api/contacts/${token}/commands`);
    expect(request?.init).toMatchObject({ method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' } });
    expect(request?.body).toEqual({ commandId: expect.stringMatching(/^[0-9a-f]{32}$/), command: switchToSales });
  });

  it('makes one id per call from crypto.getRandomValues, and repeats it on every network retry (idempotent)', async () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    const { client, clock, http } = setUp(offline(), { status: 502 }, { status: 200, body: { accepted: false, reason: 'closed' } });
    await withRetries(clock, client.command(switchToSales));
    expect(random).toHaveBeenCalledTimes(1);
    const ids = http.requests.map((r) => idOf(r.body));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    await client.command({ kind: 'cancel' });
    expect(idOf(http.requests[3]?.body)).not.toBe(ids[0]);
  });

  it('waits 1 s, then 2 s between attempts, on the injected clock', async () => {
    const { client, clock, http } = setUp(offline(), offline(), { status: 200, body: { accepted: false, reason: 'closed' } });
    const answer = client.command(switchToSales);
    await settle();
    expect(http.requests).toHaveLength(1);
    clock.advance(999);
    await settle();
    expect(http.requests).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(http.requests).toHaveLength(2);
    clock.advance(2_000);
    await settle();
    await expect(answer).resolves.toEqual({ accepted: false, reason: 'closed' });
  });

  it('fails with CM_ERR_GATEWAY_UNREACHABLE after three attempts that found no gateway', async () => {
    const { client, clock, http } = setUp(offline());
    const failure = await withRetries(clock, client.command(switchToSales)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StatusClientError);
    expect(failure).toMatchObject({ code: StatusClientErrorCode.GATEWAY_UNREACHABLE, message: expect.stringContaining('3 attempts') });
    expect(http.requests).toHaveLength(3);
  });

  it('resolves an acceptance with the new status, which every subscriber sees too (claim 11)', async () => {
    const moved = queuedStatus({ skillset: 'sales', position: 5, otherQueues: ['billing', 'support'], updatedAt: 2_000 });
    const { client, seen } = setUp({ status: 200, body: { accepted: true, status: moved } });
    await expect(client.command(switchToSales)).resolves.toEqual({ accepted: true, status: moved });
    expect(seen.at(-1)).toEqual({ connection: 'live', status: moved });
  });

  it("resolves a refusal with the owner's reason, and says when it may work later", async () => {
    const { client } = setUp({ status: 200, body: { accepted: false, reason: 'an agent is being connected', retry: true } });
    await expect(client.command({ kind: 'cancel' })).resolves.toEqual({
      accepted: false,
      reason: 'an agent is being connected',
      retry: true,
    });
  });

  it.each([
    [400, StatusClientErrorCode.INVALID_ARGUMENT, 'CM_ERR_INVALID_ARGUMENT: number is not a phone number'],
    [404, StatusClientErrorCode.UNKNOWN_TOKEN, 'ask the contact centre for a new link'],
    [413, StatusClientErrorCode.PAYLOAD_TOO_LARGE, 'shorten the text'],
    [429, StatusClientErrorCode.RATE_LIMITED, 'wait for retryAfterMs'],
  ])('rejects an HTTP %i with a StatusClientError coded %s', async (status, code, says) => {
    const body = { error: { code: status === 400 ? 'CM_ERR_INVALID_ARGUMENT' : code, message: 'number is not a phone number' } };
    const { client, http } = setUp({ status, body, retryAfter: '7' });
    const failure = await client.command({ kind: 'requestCallback', number: 'call me' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StatusClientError);
    expect(failure).toMatchObject({ code, httpStatus: status, message: expect.stringContaining(says) });
    if (status === 429) expect(failure).toMatchObject({ retryAfterMs: 7_000 });
    expect(http.requests).toHaveLength(1);
  });

  it('turns the client expired when a command finds the token unknown (404)', async () => {
    const { client, seen } = setUp({ status: 404, body: { error: { code: 'CM_ERR_UNKNOWN_TOKEN', message: 'unknown' } } });
    await client.command({ kind: 'cancel' }).catch(() => undefined);
    expect(seen.at(-1)?.connection).toBe('expired');
  });

  it('rejects a 200 whose body is off the contract with CM_ERR_INVALID_MESSAGE', async () => {
    const { client } = setUp({ status: 200, body: { accepted: true } });
    await expect(client.command({ kind: 'cancel' })).rejects.toMatchObject({ code: StatusClientErrorCode.INVALID_MESSAGE });
  });

  it('throws a TypeError naming the kinds for a command of no known kind, and sends nothing', async () => {
    const { client, http } = setUp({ status: 200, body: { accepted: true } });
    const bad = { kind: 'teleport' } as unknown as CustomerCommand;
    await expect(client.command(bad)).rejects.toThrow(/switchQueue, requestCallback, switchToEmail, switchToWebForm, cancel/);
    expect(http.requests).toEqual([]);
  });

  it('rejects with CM_ERR_TRANSPORT_CLOSED after close(), also a command waiting to be retried', async () => {
    const { client } = setUp(offline());
    const waiting = client.command({ kind: 'cancel' }).catch((error: unknown) => error);
    await settle();
    client.close();
    expect(await waiting).toMatchObject({ code: StatusClientErrorCode.TRANSPORT_CLOSED });
    await expect(client.command({ kind: 'cancel' })).rejects.toMatchObject({ code: StatusClientErrorCode.TRANSPORT_CLOSED });
  });
});
