import { type ConnectionState, ErrorCode, type InboundMessage } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { createWorld, publishNumbered } from './support/world.js';

const code = (c: string) => expect.objectContaining({ name: 'ContactmeshError', code: c });

describe('memory transport', () => {
  it('refuses a second live transport with the same participant id, and accepts one after a close', async () => {
    const world = createWorld();
    const first = await world.connect('london');
    const second = world.hub.transport('london');
    await expect(second.connect()).rejects.toEqual(code(ErrorCode.DUPLICATE_PARTICIPANT));
    expect(second.state).toBe('idle');
    await first.close();
    await expect(second.connect()).resolves.toBeUndefined();
  });

  it('goes idle → connecting → connected → closed, and connect is idempotent while connected', async () => {
    const world = createWorld();
    const london = world.hub.transport('london');
    const states: ConnectionState[] = [];
    london.state$.subscribe((s) => states.push(s));
    await london.connect();
    await london.connect();
    await london.close();
    expect(states).toEqual(['idle', 'connecting', 'connected', 'closed']);
    await expect(london.connect()).rejects.toEqual(code(ErrorCode.TRANSPORT_CLOSED));
  });

  it('refuses to publish before connect, saying to connect first', async () => {
    const world = createWorld();
    const london = world.hub.transport('london');
    await expect(london.publish('cm/x', 'early')).rejects.toThrow(/await connect\(\) first/);
  });

  it('activates a subscription made before connect, retained values first', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    await paris.publish('cm/state', 'retained', { retain: true, qos: 1 });
    const london = world.hub.transport('london');
    const received = world.record(london, 'cm/#');
    world.settle();
    expect(received).toEqual([]);
    await london.connect();
    await paris.publish('cm/state', 'live');
    world.settle();
    expect(received.map((r) => [r.text, r.retained])).toEqual([
      ['retained', true],
      ['live', false],
    ]);
  });

  it('delivers a publication once per matching subscription, so overlapping subscriptions both get it', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const wide = world.record(london, 'cm/#');
    const narrow = world.record(london, 'cm/+/status');
    await paris.publish('cm/paris/status', 'open');
    world.settle();
    expect(wide.map((r) => r.text)).toEqual(['open']);
    expect(narrow.map((r) => r.text)).toEqual(['open']);
    expect(world.hub.stats().delivered).toBe(2);
  });

  it('delivers nothing until the virtual clock moves', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const received = world.record(await world.connect('london'), 'cm/#');
    await paris.publish('cm/x', 'hi');
    expect(received).toEqual([]);
    world.settle();
    expect(received).toHaveLength(1);
  });

  it('gives every subscriber its own copy of the bytes', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const got: InboundMessage[] = [];
    london.subscribe('cm/#').subscribe((m) => got.push(m));
    london.subscribe('cm/#').subscribe((m) => got.push(m));
    const buffer = new Uint8Array([1, 2, 3]);
    await paris.publish('cm/x', buffer);
    buffer[0] = 9; // the publisher reuses its buffer
    world.settle();
    const [one, two] = got;
    if (one) one.payload[1] = 7; // one subscriber scribbles on what it got
    expect(two?.payload).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('accepts a payload of exactly maxPayloadBytes and refuses one byte more', async () => {
    const world = createWorld({ limits: { maxPayloadBytes: 16 } });
    const paris = await world.connect('paris');
    expect(paris.guarantees.maxPayloadBytes).toBe(16);
    await expect(paris.publish('cm/x', new Uint8Array(16))).resolves.toBeUndefined();
    await expect(paris.publish('cm/x', 'é'.repeat(8))).resolves.toBeUndefined(); // 16 UTF-8 bytes
    await expect(paris.publish('cm/x', `${'é'.repeat(8)}!`)).rejects.toEqual(code(ErrorCode.PAYLOAD_TOO_LARGE));
  });

  it('refuses a will with a bad topic or an oversized payload, and stays ready to connect', async () => {
    const world = createWorld({ limits: { maxPayloadBytes: 8 } });
    const london = world.hub.transport('london');
    await expect(london.connect({ will: { topic: 'cm/+/presence', payload: '' } })).rejects.toEqual(code(ErrorCode.INVALID_TOPIC));
    await expect(london.connect({ will: { topic: 'cm/presence', payload: 'far too long' } })).rejects.toEqual(
      code(ErrorCode.PAYLOAD_TOO_LARGE),
    );
    expect(london.state).toBe('idle');
    await expect(london.connect()).resolves.toBeUndefined();
  });

  it('refuses a subscription beyond maxSubscriptions with CM_ERR_TOO_MANY_SUBSCRIPTIONS, until one ends', async () => {
    const world = createWorld({ limits: { maxSubscriptions: 2 } });
    const london = await world.connect('london');
    const first = london.subscribe('cm/a').subscribe();
    london.subscribe('cm/b').subscribe();
    const errors: unknown[] = [];
    london.subscribe('cm/c').subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors).toEqual([code(ErrorCode.TOO_MANY_SUBSCRIPTIONS)]);
    first.unsubscribe();
    london.subscribe('cm/c').subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors).toHaveLength(1);
  });

  it('downgrades a QoS 1 publication to the subscription QoS, so a QoS 0 subscriber may lose it', async () => {
    const world = createWorld({ seed: 3, faults: { default: { drop: 0.5 } } });
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const atLeastOnce = world.record(london, 'cm/#', 1);
    const atMostOnce = world.record(london, 'cm/#', 0);
    await publishNumbered(paris, 'cm/x', 40, 1);
    world.settle();
    expect(atLeastOnce).toHaveLength(40);
    expect(atMostOnce.length).toBeLessThan(40);
  });
});
