import { decode, encode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

// The handover desk's two invariant-7 guards, through real centres on a memory hub: a request
// asked again (its answer was lost) adopts nothing twice, and a request of an earlier life of its
// sender, delivered late, is refused. Requests are put on the wire in a's name, as a sends them.

let n = 0;
function envelope(type: string, from: string, to: string, body: unknown): Uint8Array {
  const bytes = encode({ v: 1, id: `h-${++n}`, type, from, to, ts: 0, body });
  if (!bytes.ok) throw bytes.error;
  return bytes.value;
}

async function world() {
  const net = await networkOf(['a', 'b', 'c']);
  const wire = net.hub.transport('wire');
  await wire.connect();
  // The answers c gives a, as a receives them.
  const acks: { result: string; reason?: string }[] = [];
  wire.subscribe('cm/acme/inbox/a/from/c').subscribe((m) => {
    const decoded = decode(m.payload);
    if (decoded.ok && decoded.value.type === 'handover.ack') acks.push(decoded.value.body as { result: string; reason?: string });
  });
  net.centre('a').contacts.arrive({ id: 'x1', media: 'voice', skillset: 'sales' });
  net.settle();
  /** A handover of a's contact x1 to c's queue, as a sends it, with the incarnation a had then. */
  const first = net.centre('c').replicas.contact('x1');
  expect(first?.owner).toBe('a');
  const ask = async (incarnation: number, contact = first, handoverId = 'x1:h') => {
    const request = envelope('handover.request', 'a/contact/x1', 'c/handover/main', { handoverId, contact, incarnation });
    await wire.publish('cm/acme/inbox/c/from/a', request, { qos: 1 });
    net.settle();
  };
  return { net, acks, ask };
}

describe('the handover desk of a real centre', () => {
  it('answers a request asked again after its answer was lost with the same answer, and adopts the contact only once', async () => {
    const { net, acks, ask } = await world();
    await ask(1_000);
    expect(acks).toEqual([expect.objectContaining({ result: 'accepted' })]);
    expect(net.owners('x1')).toContain('c');
    // The customer hangs up at c; then the old owner, which never heard the answer, asks again.
    net.centre('c').contacts.abandon('x1');
    net.settle();
    expect(net.centre('c').runtime.snapshot('c/contact/x1')).toBeUndefined();
    await ask(1_000);
    expect(acks).toEqual([expect.objectContaining({ result: 'accepted' }), expect.objectContaining({ result: 'accepted' })]);
    // The same answer, and nothing adopted twice: the contact that ended at c stays ended.
    expect(net.centre('c').runtime.snapshot('c/contact/x1')).toBeUndefined();
    expect(net.log.outcomes.filter((o) => o.centre === 'c' && o.contact === 'x1')).toHaveLength(1);
    await net.stop();
  });

  it('refuses a request of an earlier life of its sender, delivered after the sender restarted', async () => {
    const { net, acks, ask } = await world();
    await net.restart('a');
    expect(net.owners('x1')).toEqual(['a']);
    await ask(1_000);
    expect(acks).toEqual([
      { handoverId: 'x1:h', contact: 'x1', rev: expect.any(Number), result: 'refused', reason: 'the request is from an earlier life of a' },
    ]);
    expect(net.owners('x1')).toEqual(['a']);
    await net.stop();
  });
});
