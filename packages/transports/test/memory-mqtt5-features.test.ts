import { ErrorCode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { countTrace, createWorld, type Received, type World } from './support/world.js';

const invalidOption = (path: string) =>
  expect.objectContaining({ name: 'ContactmeshError', code: ErrorCode.INVALID_OPTION, details: expect.objectContaining({ path }) });

let probes = 0;

/** What a new subscription to `filter` receives at once: the retained values in the hub now. */
async function retainedNow(world: World, filter: string): Promise<string[]> {
  const probe = world.hub.transport(`probe-${++probes}`);
  await probe.connect();
  const received = world.record(probe, filter);
  world.clock.advance(0);
  await probe.close();
  return received.map((r) => r.text);
}

describe('memory hub: message expiry', () => {
  it('keeps a retained value until its expirySeconds pass on the hub clock, then gives it to no new subscriber', async () => {
    const world = createWorld();
    const london = await world.connect('london');
    await london.publish('cm/auction/london/c1', 'entity', { retain: true, qos: 1, expirySeconds: 7 });
    world.clock.advance(6_999);
    expect(await retainedNow(world, 'cm/auction/#')).toEqual(['entity']);
    world.clock.advance(1);
    expect(await retainedNow(world, 'cm/auction/#')).toEqual([]);
    expect(world.hub.stats().retained).toBe(0);
  });

  it('sets no timer for an expiry: a virtual clock run until idle does not jump to it', async () => {
    const world = createWorld();
    const london = await world.connect('london');
    await london.publish('cm/x', 'v', { retain: true, qos: 1, expirySeconds: 3_600 });
    world.settle();
    expect(world.clock.now()).toBe(0);
  });

  it('drops a QoS 1 delivery held by a partition when its expiry has passed by the time the partition heals', async () => {
    const world = createWorld();
    const london = await world.connect('london');
    const paris = world.record(await world.connect('paris'), 'cm/#');
    world.hub.partition([['london'], ['paris']]);
    await london.publish('cm/short', 'short', { qos: 1, expirySeconds: 1 });
    await london.publish('cm/long', 'long', { qos: 1, expirySeconds: 60 });
    await london.publish('cm/forever', 'forever', { qos: 1 });
    world.clock.advance(2_000);
    world.hub.heal();
    world.settle();
    expect(paris.map((r) => r.text)).toEqual(['long', 'forever']);
    expect(countTrace(world.hub, 'drop')).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 32, '5'])('refuses expirySeconds %j with CM_ERR_INVALID_OPTION', async (expirySeconds) => {
    const world = createWorld();
    const london = await world.connect('london');
    await expect(london.publish('cm/x', 'v', { expirySeconds } as never)).rejects.toEqual(invalidOption('expirySeconds'));
  });

  it('refuses an unknown publish option, so a misspelt one is not silently ignored', async () => {
    const world = createWorld();
    const london = await world.connect('london');
    await expect(london.publish('cm/x', 'v', { expirySecs: 5 } as never)).rejects.toEqual(invalidOption('options.expirySecs'));
  });
});

describe('memory hub: delayed wills', () => {
  const will = { topic: 'cm/presence/london', payload: 'offline', retain: true, qos: 1, delaySeconds: 2 } as const;

  it('publishes a crashed participant’s will delaySeconds later on the hub clock', async () => {
    const world = createWorld();
    const seen = world.record(await world.connect('paris'), 'cm/presence/+');
    await world.connect('london', { will });
    world.hub.crash('london');
    world.settle();
    expect(seen).toEqual([{ at: 2_000, topic: 'cm/presence/london', text: 'offline', retained: false }]);
  });

  it('publishes no will when the participant connects again within the delay', async () => {
    const world = createWorld();
    const seen = world.record(await world.connect('paris'), 'cm/presence/+');
    await world.connect('london', { will });
    world.hub.crash('london');
    world.clock.advance(1_999);
    await world.connect('london', { will });
    world.settle();
    expect(seen).toEqual([]);
    expect(world.hub.stats().wills).toBe(0);
  });

  it('publishes a will without delaySeconds at once, as before', async () => {
    const world = createWorld();
    const seen = world.record(await world.connect('paris'), 'cm/presence/+');
    await world.connect('london', { will: { ...will, delaySeconds: 0 } });
    world.hub.crash('london');
    world.settle();
    expect(seen.map((r) => r.at)).toEqual([0]);
  });

  it.each([
    ['a negative delay', { ...will, delaySeconds: -1 }, 'will.delaySeconds'],
    ['a fractional delay', { ...will, delaySeconds: 0.5 }, 'will.delaySeconds'],
    ['an unknown will key', { ...will, expirySeconds: 5 }, 'will.expirySeconds'],
  ])('refuses %s with CM_ERR_INVALID_OPTION and stays idle', async (_, bad, path) => {
    const world = createWorld();
    const london = world.hub.transport('london');
    await expect(london.connect({ will: bad } as never)).rejects.toEqual(invalidOption(path));
    await expect(london.connect({ wil: will } as never)).rejects.toEqual(invalidOption('options.wil'));
    expect(london.state).toBe('idle');
  });
});

describe('memory hub: shared subscriptions', () => {
  const texts = (received: readonly Received[]) => received.map((r) => r.text);

  it('gives each message to one member of the group in turn, and every message to an unshared subscriber', async () => {
    const world = createWorld();
    const a = world.record(await world.connect('gateway-a'), '$share/gateways/cm/commands/#');
    const b = world.record(await world.connect('gateway-b'), '$share/gateways/cm/commands/#');
    const audit = world.record(await world.connect('audit'), 'cm/commands/#');
    const centre = await world.connect('london');
    for (let i = 0; i < 6; i++) await centre.publish(`cm/commands/c${i}`, String(i), { qos: 1 });
    world.settle();
    expect(texts(a)).toEqual(['0', '2', '4']);
    expect(texts(b)).toEqual(['1', '3', '5']);
    expect(texts(audit)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(a[0]?.topic).toBe('cm/commands/c0');
  });

  it('counts a participant once, however many of its subscriptions share the filter: all of them receive its turn', async () => {
    const world = createWorld();
    const a = await world.connect('gateway-a');
    const first = world.record(a, '$share/g/cm/x');
    const second = world.record(a, '$share/g/cm/x');
    const b = world.record(await world.connect('gateway-b'), '$share/g/cm/x');
    const centre = await world.connect('london');
    for (let i = 0; i < 4; i++) await centre.publish('cm/x', String(i));
    world.settle();
    expect([texts(first), texts(second), texts(b)]).toEqual([
      ['0', '2'],
      ['0', '2'],
      ['1', '3'],
    ]);
  });

  it('keeps groups apart: each group gets every message once', async () => {
    const world = createWorld();
    const g1 = [world.record(await world.connect('a'), '$share/one/cm/x'), world.record(await world.connect('b'), '$share/one/cm/x')];
    const g2 = world.record(await world.connect('c'), '$share/two/cm/x');
    const centre = await world.connect('london');
    for (let i = 0; i < 4; i++) await centre.publish('cm/x', String(i));
    world.settle();
    expect(g1.flatMap(texts).sort()).toEqual(['0', '1', '2', '3']);
    expect(texts(g2)).toEqual(['0', '1', '2', '3']);
  });

  it('gives a new shared subscription no retained values, as MQTT 5 says', async () => {
    const world = createWorld();
    const centre = await world.connect('london');
    await centre.publish('cm/x', 'current', { retain: true, qos: 1 });
    const shared = world.record(await world.connect('a'), '$share/g/cm/x');
    world.settle();
    expect(shared).toEqual([]);
  });

  it('sends the next messages to the members left when one leaves', async () => {
    const world = createWorld();
    const a = world.record(await world.connect('a'), '$share/g/cm/x');
    const leaving = await world.connect('b');
    world.record(leaving, '$share/g/cm/x');
    const centre = await world.connect('london');
    await leaving.close();
    for (let i = 0; i < 3; i++) await centre.publish('cm/x', String(i));
    world.settle();
    expect(texts(a)).toEqual(['0', '1', '2']);
  });
});
