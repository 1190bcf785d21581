import { ErrorCode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { countTrace, createWorld } from './support/world.js';

const will = (delaySeconds = 0) => ({ will: { topic: 'cm/presence/london', payload: 'offline', retain: true, delaySeconds } });

describe('memory hub: a connection lost while the participant runs on', () => {
  it('holds what the participant sends while away, loses what was sent to it, tells the others by its will, and brings it back', async () => {
    const world = createWorld({ faults: { default: { delayMs: 10 } } });
    const paris = await world.connect('paris');
    const london = await world.connect('london', will());
    const toParis = world.record(paris, 'cm/#');
    const toLondon = world.record(london, 'cm/#');
    const states: string[] = [];
    london.state$.subscribe((state) => states.push(state));
    await paris.publish('cm/news', 'on its way', { retain: true });

    expect(world.hub.disconnect('london')).toBe(true);
    expect(world.hub.disconnect('london')).toBe(false);
    expect(london.state).toBe('reconnecting');
    let sent = false;
    const held = london.publish('cm/from-london', 'kept').then(() => {
      sent = true;
    });
    await paris.publish('cm/news', 'while away', { retain: true });
    world.settle();
    expect(sent).toBe(false);
    expect(toLondon).toEqual([]);
    expect(toParis.map((r) => r.text)).toEqual(['on its way', 'offline', 'while away']);
    expect(world.hub.stats()).toMatchObject({ participants: 1, away: 1, disconnects: 1, wills: 1 });

    expect(world.hub.reconnect('london')).toBe(true);
    expect(world.hub.reconnect('london')).toBe(false);
    await held;
    world.settle();
    expect(sent).toBe(true);
    expect(london.state).toBe('connected');
    // Subscribed again: the retained values, as on a new subscription — its own will among them, as
    // with a broker — and what it held, which it hears itself as any subscriber of cm/#.
    expect(toLondon.map((r) => [r.topic, r.text, r.retained]).sort()).toEqual([
      ['cm/from-london', 'kept', false],
      ['cm/news', 'while away', true],
      ['cm/presence/london', 'offline', true],
    ]);
    expect(toParis.map((r) => r.text).at(-1)).toBe('kept');
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    expect([countTrace(world.hub, 'disconnect'), countTrace(world.hub, 'reconnect')]).toEqual([1, 1]);
  });

  it('sends what it held in the order it was published', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const toParis = world.record(paris, 'cm/#');
    world.hub.disconnect('london');
    const sends = Array.from({ length: 20 }, (_, i) => london.publish('cm/n', String(i)));
    world.hub.reconnect('london');
    await Promise.all(sends);
    world.settle();
    expect(toParis.map((r) => Number(r.text))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('is connected again only once what it held has gone: what it publishes on hearing so comes after', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const toParis = world.record(paris, 'cm/#');
    world.hub.disconnect('london');
    const held = london.publish('cm/x', 'old', { retain: true });
    let back = false;
    london.state$.subscribe((state) => {
      // As a centre's network desk does on a reconnection: say again what it is.
      if (state === 'connected' && back) void london.publish('cm/x', 'new', { retain: true });
    });
    back = true;
    world.hub.reconnect('london');
    await held;
    world.settle();
    expect(toParis.map((r) => r.text)).toEqual(['old', 'new']);
    const late = world.record(await world.connect('rome'), 'cm/x');
    world.settle();
    expect(late.map((r) => r.text)).toEqual(['new']);
  });

  it('a new connection with the id of one away takes its session over: the one away is closed and what it held refused', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const first = await world.connect('london');
    const toParis = world.record(paris, 'cm/#');
    world.hub.disconnect('london');
    const held = first.publish('cm/n', 'never');
    const second = await world.connect('london');
    await expect(held).rejects.toMatchObject({ code: ErrorCode.TRANSPORT_CLOSED });
    expect(first.state).toBe('closed');
    expect(world.hub.reconnect('london')).toBe(false);
    expect(world.hub.stats()).toMatchObject({ participants: 2, away: 0 });
    await second.publish('cm/n', 'from the second');
    world.settle();
    expect(toParis.map((r) => r.text)).toEqual(['from the second']);
  });

  it('publishes no will when the participant is back before the will is due', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    await world.connect('london', will(5));
    const toParis = world.record(paris, 'cm/presence/#');
    world.hub.disconnect('london');
    world.clock.advance(4_000);
    world.hub.reconnect('london');
    world.settle();
    expect(toParis).toEqual([]);
    expect(world.hub.stats().wills).toBe(0);
  });

  it('holds at most maxQueuedMessages publications while away, then refuses with a coded error', async () => {
    const world = createWorld({ limits: { maxQueuedMessages: 3 } });
    const london = await world.connect('london');
    world.hub.disconnect('london');
    const kept = [0, 1, 2].map((i) => london.publish('cm/n', String(i)));
    await expect(london.publish('cm/n', '3')).rejects.toMatchObject({ code: ErrorCode.QUEUE_FULL });
    world.hub.reconnect('london');
    await Promise.all(kept);
  });

  it('refuses what it held when it is closed while away; closed or crashed, it cannot come back', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const london = await world.connect('london', will());
    const toParis = world.record(paris, 'cm/presence/#');
    world.hub.disconnect('london');
    const held = london.publish('cm/n', 'never');
    await london.close();
    await expect(held).rejects.toMatchObject({ code: ErrorCode.TRANSPORT_CLOSED });
    expect(world.hub.reconnect('london')).toBe(false);
    expect(world.hub.stats().away).toBe(0);

    const rome = await world.connect('rome', { will: { topic: 'cm/presence/rome', payload: 'offline' } });
    world.hub.disconnect('rome');
    expect(world.hub.crash('rome')).toBe(true);
    expect(rome.state).toBe('closed');
    expect(world.hub.reconnect('rome')).toBe(false);
    world.settle();
    // One will each: a crash while away does not send it again.
    expect(toParis.map((r) => r.topic)).toEqual(['cm/presence/london', 'cm/presence/rome']);
  });

  it('does nothing for a participant that is not connected', async () => {
    const world = createWorld();
    expect(world.hub.disconnect('nobody')).toBe(false);
    expect(world.hub.reconnect('nobody')).toBe(false);
    const london = world.hub.transport('london');
    expect(world.hub.disconnect('london')).toBe(false);
    await london.connect();
    expect(world.hub.disconnect('london')).toBe(true);
    // connect() while away resolves: the hub brings it back, not the caller.
    await london.connect();
    expect(london.state).toBe('reconnecting');
  });
});
