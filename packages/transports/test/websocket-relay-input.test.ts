import { ErrorCode } from '@contactmesh/core';
import { createRelay, type Relay } from '@contactmesh/transports/websocket';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawRelayClient } from './support/raw-relay-client.js';

describe('websocket relay: hostile input', () => {
  let relay: Relay;
  let url: string;
  const clients: RawRelayClient[] = [];
  const open = async () => {
    const client = await RawRelayClient.open(url);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    relay = await createRelay({ limits: { maxPayloadBytes: 1024, maxSubscriptions: 2 } });
    url = relay.url ?? '';
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await relay.close();
  });

  /** A second participant that must keep working whatever the first one sends. */
  async function expectStillServing(): Promise<void> {
    const a = await open();
    const b = await open();
    await a.hello(`a-${clients.length}`);
    await b.hello(`b-${clients.length}`);
    b.frame({ type: 'sub', sid: 1, filter: 'cm/ok/#', qos: 1 });
    await b.next('suback');
    a.frame({ type: 'pub', mid: 1, topic: 'cm/ok/x', qos: 1, retain: false }, 'still here');
    await a.next('puback');
    expect((await b.next('msg')).text).toBe('still here');
  }

  it('answers malformed JSON with CM_ERR_MALFORMED_JSON: a participant keeps its connection, a stranger (before hello) is closed with 1008', async () => {
    const client = await open();
    await client.hello('survivor');
    client.send('{"type": "hello", ');
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.MALFORMED_JSON });
    client.send(Buffer.from([0xff, 0xfe, 0x0a, 0x01]));
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.MALFORMED_JSON });
    client.frame({ type: 'ping' });
    await client.next('pong');
    const stranger = await open();
    stranger.send('{"type": "hello", ');
    expect((await stranger.next('error')).header).toMatchObject({ code: ErrorCode.MALFORMED_JSON });
    expect(await stranger.closed).toBe(1008);
    expect(relay.stats()).toMatchObject({ rejected: 3, participants: 1 });
    await expectStillServing();
  });

  it.each([
    ['an unknown frame type', { type: 'launch' }],
    ['a JSON array', [1, 2, 3]],
    ['a hello without an id', { type: 'hello', v: 1 }],
    ['a hello of another protocol version', { type: 'hello', v: 99, id: 'x' }],
    ['a hello with a 200 character id', { type: 'hello', v: 1, id: 'x'.repeat(200) }],
    ['a subscription with QoS 2', { type: 'sub', sid: 1, filter: 'a', qos: 2 }],
    ['a publication with a negative message id', { type: 'pub', mid: -1, topic: 'a', qos: 0, retain: false }],
  ])('answers %s with CM_ERR_INVALID_MESSAGE naming the field', async (_, frame) => {
    const client = await open();
    client.send(JSON.stringify(frame));
    const { header } = await client.next('error');
    expect(header).toMatchObject({ code: ErrorCode.INVALID_MESSAGE, message: expect.stringMatching(/^Invalid relay frame at /) });
    // Sent before hello: the one answer, then the connection is closed.
    expect(await client.closed).toBe(1008);
    await expectStillServing();
  });

  it('closes a connection that sends a frame over maxFrameBytes with 1009, and serves the others', async () => {
    const client = await open();
    await client.hello('big');
    client.frame({ type: 'pub', mid: 1, topic: 'cm/big', qos: 0, retain: false }, 'x'.repeat(10_000));
    expect(await client.closed).toBe(1009);
    await expectStillServing();
  });

  it('refuses a publication over maxPayloadBytes inside the frame limit with CM_ERR_PAYLOAD_TOO_LARGE', async () => {
    const client = await open();
    await client.hello('p');
    client.frame({ type: 'pub', mid: 7, topic: 'cm/big', qos: 1, retain: false }, 'x'.repeat(2000));
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, mid: 7 });
  });

  it('refuses bad topics, bad filters and too many subscriptions with coded errors naming the request', async () => {
    const client = await open();
    await client.hello('t');
    client.frame({ type: 'pub', mid: 3, topic: 'cm/+/x', qos: 0, retain: false }, 'x');
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.INVALID_TOPIC, mid: 3 });
    client.frame({ type: 'sub', sid: 1, filter: 'cm/#/x', qos: 1 });
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.INVALID_TOPIC, sid: 1 });
    for (const sid of [2, 3]) client.frame({ type: 'sub', sid, filter: `cm/${sid}`, qos: 1 });
    client.frame({ type: 'sub', sid: 4, filter: 'cm/4', qos: 1 });
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.TOO_MANY_SUBSCRIPTIONS, sid: 4 });
  });

  it('closes a connection that sends anything before hello with CM_ERR_INVALID_STATE and 1008', async () => {
    const client = await open();
    client.frame({ type: 'sub', sid: 1, filter: 'cm/#', qos: 1 });
    expect((await client.next('error')).header).toMatchObject({ code: ErrorCode.INVALID_STATE });
    expect(await client.closed).toBe(1008);
  });

  it('refuses a second connection under a connected participant id and keeps the first', async () => {
    const first = await open();
    await first.hello('dup');
    const second = await open();
    second.frame({ type: 'hello', v: 1, id: 'dup' });
    expect((await second.next('error')).header).toMatchObject({ code: ErrorCode.DUPLICATE_PARTICIPANT });
    expect(await second.closed).toBe(4009);
    first.frame({ type: 'pub', mid: 1, topic: 'cm/x', qos: 1, retain: false }, 'x');
    await first.next('puback');
  });
});
