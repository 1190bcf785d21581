import { type Clock, ErrorCode, type TimerHandle } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import { countTrace, createWorld, numbers, publishNumbered, textOf } from './support/world.js';

const invalidOption = expect.objectContaining({ code: ErrorCode.INVALID_OPTION });

/** A clock that fires all due timers newest first: the worst order a real timer queue could pick for ties. */
function reversingClock(): Clock & { flush(): void } {
  let timers: { callback: () => void; cancelled: boolean }[] = [];
  return {
    now: () => 0,
    setTimer(_delay, callback) {
      const timer = { callback, cancelled: false };
      timers.push(timer);
      return timer as unknown as TimerHandle;
    },
    clearTimer(handle) {
      (handle as unknown as { cancelled: boolean }).cancelled = true;
    },
    flush() {
      while (timers.length > 0) {
        const due = timers.reverse();
        timers = [];
        for (const t of due) if (!t.cancelled) t.callback();
      }
    },
  };
}

describe('memory hub', () => {
  it('discards the oldest undelivered messages when a subscriber queue is full, and counts them', async () => {
    const world = createWorld({ limits: { maxQueuedMessages: 5 } });
    const paris = await world.connect('paris');
    const received = world.record(await world.connect('london'), 'cm/#');
    await publishNumbered(paris, 'cm/x', 8, 1);
    world.settle();
    expect(numbers(received)).toEqual([3, 4, 5, 6, 7]);
    expect(world.hub.stats().overflowed).toBe(3);
    expect(countTrace(world.hub, 'overflow')).toBe(3);
  });

  it('lets go of discarded messages at once, so queue sizes return to zero after an overflow and an unsubscribe', async () => {
    const world = createWorld({ limits: { maxQueuedMessages: 5 }, faults: { default: { delayMs: 10 } } });
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const received: string[] = [];
    const subscription = london.subscribe('cm/#').subscribe((m) => received.push(textOf(m)));
    await publishNumbered(paris, 'cm/x', 8, 1);
    expect(world.hub.stats()).toMatchObject({ overflowed: 3, queued: 5, linkQueued: 5 });
    // London stays connected and nothing more is sent on the link: the discarded messages must not wait for it.
    subscription.unsubscribe();
    expect(world.hub.stats()).toMatchObject({ discarded: 5, queued: 0, linkQueued: 0 });
    world.settle();
    expect(received).toEqual([]);
    expect(world.hub.stats()).toMatchObject({ delivered: 0, queued: 0, linkQueued: 0 });
  });

  it('reports empty queues once every message has arrived', async () => {
    const world = createWorld({ faults: { default: { delayMs: 10, jitterMs: 20 } } });
    const paris = await world.connect('paris');
    const received = world.record(await world.connect('london'), 'cm/#');
    await publishNumbered(paris, 'cm/x', 20, 1);
    expect(world.hub.stats()).toMatchObject({ queued: 20, linkQueued: 20 });
    world.settle();
    expect(numbers(received)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(world.hub.stats()).toMatchObject({ queued: 0, linkQueued: 0 });
  });

  it('evicts the retained value set longest ago when the retained store is full', async () => {
    const world = createWorld({ limits: { maxRetainedMessages: 2 } });
    const paris = await world.connect('paris');
    for (const topic of ['cm/a', 'cm/b', 'cm/a', 'cm/c']) await paris.publish(topic, topic, { retain: true });
    const received = world.record(await world.connect('london'), 'cm/#');
    world.settle();
    expect(received.map((r) => r.topic)).toEqual(['cm/a', 'cm/c']);
    expect(world.hub.stats()).toMatchObject({ retained: 2, retainedEvicted: 1 });
  });

  it('keeps a link in order even on a clock that fires equal deadlines newest first', async () => {
    const clock = reversingClock();
    const hub = createMemoryHub({ clock });
    const paris = hub.transport('paris');
    const london = hub.transport('london');
    await Promise.all([paris.connect(), london.connect()]);
    const got: string[] = [];
    london.subscribe('cm/#').subscribe((m) => got.push(new TextDecoder().decode(m.payload)));
    await publishNumbered(paris, 'cm/x', 5);
    clock.flush();
    expect(got).toEqual(['0', '1', '2', '3', '4']);
  });

  it('stops delivering to a crashed participant but still delivers what it published before', async () => {
    const world = createWorld({ faults: { default: { delayMs: 10 } } });
    const paris = await world.connect('paris');
    const london = await world.connect('london');
    const toLondon = world.record(london, 'cm/#');
    const toParis = world.record(paris, 'cm/#');
    const ended: string[] = [];
    london.subscribe('cm/#').subscribe({ complete: () => ended.push('complete') });
    await london.publish('cm/from-london', 'last words');
    await paris.publish('cm/from-paris', 'too late');
    expect(world.hub.crash('london')).toBe(true);
    expect(world.hub.crash('london')).toBe(false);
    world.settle();
    expect(ended).toEqual(['complete']);
    expect(toLondon).toEqual([]);
    expect(toParis.map((r) => r.text)).toEqual(['last words', 'too late']);
    expect(world.hub.stats()).toMatchObject({ participants: 1, crashes: 1, wills: 0 });
  });

  it('keeps the trace bounded to traceLimit, newest last', async () => {
    const world = createWorld({ traceLimit: 10 });
    const paris = await world.connect('paris');
    world.record(await world.connect('london'), 'cm/#');
    await publishNumbered(paris, 'cm/x', 20);
    world.settle();
    const trace = world.hub.trace();
    expect(trace).toHaveLength(10);
    expect(trace.at(-1)).toMatchObject({ kind: 'deliver', from: 'paris', to: 'london', topic: 'cm/x', seq: 20 });
  });

  it('reports current participants, subscriptions and retained values', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    world.record(paris, 'cm/#');
    await paris.publish('cm/x', 'v', { retain: true });
    expect(world.hub.stats()).toMatchObject({ participants: 1, subscriptions: 1, retained: 1, published: 1 });
    await paris.close();
    expect(world.hub.stats()).toMatchObject({ participants: 0, subscriptions: 0, retained: 1 });
  });

  it('refuses bad options with CM_ERR_INVALID_OPTION, naming the option', () => {
    expect(() => createMemoryHub({ seed: 1.5 })).toThrow(invalidOption);
    expect(() => createMemoryHub({ retransmitMs: -1 })).toThrow(/retransmitMs/);
    const hub = createMemoryHub();
    expect(() => hub.setFaults({ default: { drop: 2 } })).toThrow(/faults\.default\.drop must be a probability/);
    expect(() => hub.setFaults({ default: { dorp: 0.1 } as never })).toThrow(invalidOption);
    expect(() => hub.setFaults({ links: [{ from: '', to: 'b' }] })).toThrow(/links\[0\]\.from/);
    expect(() => hub.setFaults({ default: { delayMs: 1.5 } })).toThrow(invalidOption);
    expect(() => hub.partition([['a'], ['a', 'b']])).toThrow(/also in group 0/);
    expect(() => hub.transport('')).toThrow(invalidOption);
  });

  it('releases held messages when a new partition no longer separates the link', async () => {
    const world = createWorld();
    const paris = await world.connect('paris');
    const london = world.record(await world.connect('london'), 'cm/#');
    world.hub.partition([['paris'], ['london', 'madrid']]);
    await paris.publish('cm/x', 'held', { qos: 1 });
    world.settle();
    expect(london).toEqual([]);
    world.hub.partition([['paris', 'london'], ['madrid']]);
    world.settle();
    expect(london.map((r) => r.text)).toEqual(['held']);
  });
});
