import { type InboundMessage, VirtualClock } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { createMemoryHub, interceptInbound } from '../src/memory/index.js';

// interceptInbound: a transport whose inbound messages an interceptor passes on when it likes.

describe('interceptInbound', () => {
  it('hands every inbound message to the interceptor, which passes it on later, twice or never', async () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ clock });
    const held: InboundMessage[] = [];
    let pass: ((message: InboundMessage) => void) | undefined;
    const paris = interceptInbound(hub.transport('paris'), (message, next) => {
      held.push(message);
      pass = next;
    });
    const london = hub.transport('london');
    await Promise.all([paris.connect(), london.connect()]);
    const got: string[] = [];
    const subscription = paris.subscribe('news/#').subscribe((message) => got.push(new TextDecoder().decode(message.payload)));
    clock.advance(0);
    for (const text of ['one', 'two']) await london.publish('news/today', text);
    clock.advance(0);
    // Held, not delivered.
    expect(held.map((m) => new TextDecoder().decode(m.payload))).toEqual(['one', 'two']);
    expect(got).toEqual([]);
    // Passed on in an order of the interceptor's choosing, one of them twice.
    pass?.(held[1] as InboundMessage);
    pass?.(held[0] as InboundMessage);
    pass?.(held[0] as InboundMessage);
    expect(got).toEqual(['two', 'one', 'one']);
    // After the subscription ends, passing does nothing.
    subscription.unsubscribe();
    pass?.(held[1] as InboundMessage);
    expect(got).toHaveLength(3);
    // Publishing is the transport's own.
    expect(paris.id).toBe('paris');
    await expect(paris.publish('news/today', 'from paris')).resolves.toBeUndefined();
    await Promise.all([paris.close(), london.close()]);
  });
});
