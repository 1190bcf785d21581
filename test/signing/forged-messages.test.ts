import { agentStateOf, type CentreEvent, createMessageSigning, encode, type SigningOptions } from '@contactmesh/core';
import { nodeEd25519 } from '@contactmesh/transports/signing';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { networkOf } from '../network/network-world.js';
import { signingFor, testKeys } from './test-keys.js';

// With signatures on, the broker (or anyone who can publish on it, here "evil" on a memory hub with
// no ACL) cannot speak for a centre: every message from another participant must carry a valid
// signature by the key pinned for the publisher its topic names. Each attack below is first shown
// to work on a network without signatures, so the guard is what stops it.

const ids = ['a', 'b', 'c'] as const;

async function network(signed: boolean) {
  const net = await networkOf(ids, signed ? { signing: signingFor(ids) } : {});
  const events: CentreEvent[] = [];
  for (const id of ids) net.centre(id).events$.subscribe((e) => events.push(e));
  net.centre('b').agents.login('b1', { displayName: 'Bo', skills: { billing: 5 } });
  net.centre('b').agents.ready('b1');
  net.settle();
  const evil = net.hub.transport('evil');
  await evil.connect();
  // Everything the centres put on the wire, as the broker sees it.
  const wire: { topic: string; payload: Uint8Array }[] = [];
  evil.subscribe('cm/acme/#').subscribe((m) => wire.push({ topic: m.topic, payload: m.payload }));
  net.settle();
  const badSignatures = () => events.filter((e) => e.type === 'message.rejected' && e.code === 'CM_ERR_BAD_SIGNATURE').length;
  const b1 = () => agentStateOf((net.centre('b').runtime.snapshot('b/agent/b1') as AnyMachineSnapshot).value);
  const put = async (topic: string, payload: Uint8Array, retain = false) => {
    await evil.publish(`cm/acme/${topic}`, payload, { retain, qos: 1 });
    net.settle();
  };
  return { net, wire, put, badSignatures, b1 };
}

let n = 0;
/** An envelope as a centre would encode it, unsigned. */
function envelope(type: string, from: string, to: string | undefined, body: unknown): Uint8Array {
  const bytes = encode({ v: 1, id: `forged-${++n}`, type, from, ...(to === undefined ? {} : { to }), ts: 0, body });
  if (!bytes.ok) throw bytes.error;
  return bytes.value;
}

/** The bytes signed for `topic` (network-relative) with the key of `signing`, as `participant` would sign them. */
function signedBy(signing: SigningOptions, participant: string, topic: string, payload: Uint8Array): Uint8Array {
  return createMessageSigning(participant, signing).seal(`cm/acme/${topic}`, payload);
}

const reserve = () =>
  envelope('reserve.request', 'a/contact/x9', 'b/agent/b1', { requestId: 'r-x9', agent: 'b1', contact: 'x9', leaseMs: 60_000 });

/** An agent snapshot's bytes with a new message id, a higher rev and the state busy: a newer copy, were it believed. */
function alter(payload: Uint8Array | undefined): Uint8Array {
  const text = new TextDecoder().decode(payload);
  const altered = text
    .replace(/"id":"([^"]+)"/, '"id":"$1-again"')
    .replace(/"rev":(\d+)/, (_, rev: string) => `"rev":${Number(rev) + 90}`)
    .replace(/"state":"\w+"/, '"state":"busy"');
  expect(altered).not.toBe(text);
  return new TextEncoder().encode(altered);
}

// "evil" pins its own key as a's: a key the network does not know.
const evilAsA: SigningOptions = { ed25519: nodeEd25519, privateKey: testKeys('a', 'evil').privateKey, peers: {} };

/** A handover of a's waiting contact x1 to c, as a would send it (from a's contact, to c's handover desk). */
async function handoverOfX1(net: Awaited<ReturnType<typeof network>>['net']): Promise<Uint8Array> {
  net.centre('a').contacts.arrive({ id: 'x1', media: 'voice', skillset: 'sales' });
  net.settle();
  const contact = net.centre('c').replicas.contact('x1');
  expect(contact?.owner).toBe('a');
  return envelope('handover.request', 'a/contact/x1', 'c/handover/main', { handoverId: 'h-x1', contact, incarnation: 1_000 });
}

describe('with signatures on, no one but a centre speaks for it', () => {
  it('(control) without signatures, a reservation forged in a’s name on the broker ties up b’s agent', async () => {
    const { net, put, b1 } = await network(false);
    await put('inbox/b/from/a', reserve());
    expect(b1()).toBe('reserved');
    await net.stop();
  });

  it('refuses the same reservation unsigned, or signed by a key that is not the one pinned for a', async () => {
    const { net, put, b1, badSignatures } = await network(true);
    await put('inbox/b/from/a', reserve());
    await put('inbox/b/from/a', signedBy(evilAsA, 'a', 'inbox/b/from/a', reserve()));
    expect(b1()).toBe('idle');
    expect(badSignatures()).toBe(2);
    expect(net.centre('b').runtime.stats().rejected.CM_ERR_BAD_SIGNATURE).toBe(2);
    await net.stop();
  });

  it('(control) without signatures, a handover forged in a’s name moves a’s contact to c', async () => {
    const { net, put } = await network(false);
    await put('inbox/c/from/a', await handoverOfX1(net));
    expect(net.owners('x1')).toContain('c');
    await net.stop();
  });

  it('refuses a handover forged in a’s name: the contact stays a’s alone', async () => {
    const { net, put, badSignatures } = await network(true);
    const forged = await handoverOfX1(net);
    await put('inbox/c/from/a', forged);
    await put('inbox/c/from/a', signedBy(evilAsA, 'a', 'inbox/c/from/a', forged));
    expect(net.owners('x1')).toEqual(['a']);
    expect(badSignatures()).toBe(2);
    await net.stop();
  });

  it('(control) without signatures, a replica altered on the broker replaces the real one everywhere', async () => {
    const { net, wire, put } = await network(false);
    const snapshot = [...wire].reverse().find((m) => m.topic === 'cm/acme/replica/b/agent/b1');
    await put('replica/b/agent/b1', alter(snapshot?.payload), true);
    for (const id of ['a', 'c']) expect(net.centre(id).replicas.agent('b', 'b1')?.state).toBe('busy');
    await net.stop();
  });

  it('refuses a signed message replayed onto another topic, and a signed body altered after signing', async () => {
    const { net, wire, put, b1, badSignatures } = await network(true);
    // A real reservation: a's contact for b's agent, signed by a for inbox/b/from/a.
    net.centre('a').contacts.arrive({ id: 'x1', media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(60_000);
    net.settle();
    const real = wire.find((m) => m.topic === 'cm/acme/inbox/b/from/a' && new TextDecoder().decode(m.payload).includes('reserve.request'));
    expect(real).toBeDefined();
    const before = badSignatures();
    // Onto c's inbox: the signature was for b's.
    await put('inbox/c/from/a', real?.payload ?? new Uint8Array());
    // b's agent snapshot, its rev raised after signing (it would replace the real one).
    const snapshot = [...wire].reverse().find((m) => m.topic === 'cm/acme/replica/b/agent/b1');
    await put('replica/b/agent/b1', alter(snapshot?.payload), true);
    expect(badSignatures() - before).toBe(1 + 3); // c's inbox once; the replica at every centre
    for (const id of ids) expect(net.centre(id).replicas.agent('b', 'b1')?.state).not.toBe('busy');
    expect(b1()).not.toBe('busy');
    await net.stop();
  });
});
