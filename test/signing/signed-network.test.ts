import { type AgentBidderEvent, type CentreEvent, createAgentBidder, type Ed25519, sequentialIds } from '@contactmesh/core';
import { nodeEd25519 } from '@contactmesh/transports/signing';
import { describe, expect, it } from 'vitest';
import { networkOf } from '../network/network-world.js';
import { signingFor, testKeys } from './test-keys.js';

const ids = ['a', 'b', 'c'] as const;

/** Contacts arrive at a; b and c have agents; a auctions its billing contacts. The ACDs' log and every rejection. */
async function day(signing: boolean) {
  const net = await networkOf(ids, {
    auctions: { a: { queues: ['billing'] } },
    ...(signing ? { signing: signingFor(ids) } : {}),
  });
  const rejected: CentreEvent[] = [];
  for (const id of ids) net.centre(id).events$.subscribe((e) => e.type === 'message.rejected' && rejected.push(e));
  for (const [centre, agent, skill] of [
    ['b', 'b1', 'billing'],
    ['c', 'c1', 'sales'],
    ['c', 'c2', 'billing'],
  ] as const) {
    net.centre(centre).agents.login(agent, { displayName: agent, skills: { [skill]: 5 } });
    net.centre(centre).agents.ready(agent);
  }
  net.settle();
  for (let i = 0; i < 6; i++) {
    net.centre('a').contacts.arrive({ id: `k${i}`, media: 'voice', skillset: i % 2 === 0 ? 'billing' : 'sales' });
    net.clock.advance(5_000);
    net.settle();
  }
  net.clock.advance(120_000);
  net.settle();
  await net.stop();
  return { log: net.log, rejected };
}

describe('a network with signatures on', () => {
  it('routes contacts, by replicas and by auction, exactly as the same network without signatures', async () => {
    const plain = await day(false);
    const signed = await day(true);
    expect(signed.rejected).toEqual([]);
    expect(signed.log.offers.length).toBeGreaterThan(2);
    expect(signed.log.auctions.length).toBeGreaterThan(0);
    expect(signed.log.offers).toEqual(plain.log.offers);
    expect(signed.log.forwards).toEqual(plain.log.forwards);
    expect(signed.log.outcomes).toEqual(plain.log.outcomes);
    expect(signed.log.failures).toEqual([]);
  });

  it('signs what leaves a centre, and nothing its actors send each other', async () => {
    let signatures = 0;
    const counting: Ed25519 = {
      signer: (key) => {
        const signer = nodeEd25519.signer(key);
        return {
          publicKey: signer.publicKey,
          sign: (data) => {
            signatures++;
            return signer.sign(data);
          },
        };
      },
      verifier: nodeEd25519.verifier,
    };
    const signing = signingFor(ids);
    const net = await networkOf(ids, { signing: { ...signing, a: { ...signing.a, ed25519: counting } as (typeof signing)['a'] } });
    const watcher = net.hub.transport('watcher');
    await watcher.connect();
    let fromA = 0;
    // Every message a puts on the wire from now on, by its envelope's sender (status pages name no
    // publisher in their topic); retained values a published earlier come first, and are left out.
    watcher.subscribe('cm/acme/#').subscribe((m) => {
      if (
        !m.retained &&
        m.payload.length > 0 &&
        (JSON.parse(new TextDecoder().decode(m.payload)) as { from: string }).from.startsWith('a/')
      )
        fromA++;
    });
    const before = signatures;
    net.centre('a').agents.login('a1', { displayName: 'Al', skills: { billing: 5 } });
    net.centre('a').agents.ready('a1');
    net.centre('a').contacts.arrive({ id: 'k1', media: 'voice', skillset: 'billing' });
    net.centre('b').contacts.arrive({ id: 'k2', media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(30_000);
    net.settle();
    expect(net.centre('a').runtime.stats().sentLocal).toBeGreaterThan(0);
    expect(fromA).toBeGreaterThan(0);
    expect(signatures - before).toBe(fromA);
    await net.stop();
  });

  it('refuses by default a message from a participant whose key is not pinned; with require: false lets it through to the next door', async () => {
    for (const require of [true, false]) {
      const net = await networkOf(['a', 'b'], { signing: signingFor(['a', 'b'], { require }) });
      const outsider = net.hub.transport('d');
      await outsider.connect();
      net.centre('b').agents.login('b1', { displayName: 'Bo', skills: { billing: 5 } });
      net.centre('b').agents.ready('b1');
      net.settle();
      const reserve = { v: 1, id: 'r1', type: 'reserve.request', from: 'd/contact/x', to: 'b/agent/b1', ts: 0 };
      const body = { requestId: 'r1', agent: 'b1', contact: 'x', leaseMs: 60_000 };
      await outsider.publish('cm/acme/inbox/b/from/d', new TextEncoder().encode(JSON.stringify({ ...reserve, body })), { qos: 1 });
      net.settle();
      // Unsigned and unpinned, `require: false` lets it past the signature check; d is no centre,
      // so the role check refuses it there (docs/security.md, "What each role sends").
      expect(net.centre('a').replicas.agent('b', 'b1')?.state).toBe('idle');
      expect(net.centre('b').runtime.stats().rejected.CM_ERR_BAD_SIGNATURE ?? 0).toBe(require ? 1 : 0);
      expect(net.centre('b').runtime.stats().rejected.CM_ERR_NOT_AUTHORIZED ?? 0).toBe(require ? 0 : 1);
      await net.stop();
    }
  });
});

describe("an agent's own computer with signatures on", () => {
  it('bids through its home centre, which takes only its signed requests', async () => {
    const all = ['london', 'paris', 'paris-ada'];
    const signing = signingFor(all);
    const net = await networkOf(['london', 'paris'], {
      modes: { london: { kind: 'local' } },
      auctions: { london: { strategy: { kind: 'collect' }, rule: { kind: 'command', command: 'most-skilled' } } },
      bidding: { paris: { automatic: false } },
      signing,
    });
    net.centre('paris').agents.login('ada', { displayName: 'Ada', skills: { billing: 7 } });
    net.centre('paris').agents.ready('ada');
    const node = (key: string) =>
      createAgentBidder({
        node: 'paris-ada',
        network: 'acme',
        transport: net.hub.transport('paris-ada'),
        home: 'paris',
        agent: { id: 'ada', skills: { billing: 7 } },
        clock: net.clock,
        ids: sequentialIds(`paris-ada.${key}`),
        decide: () => true,
        signing: { ...(signing['paris-ada'] as NonNullable<(typeof signing)['paris-ada']>), privateKey: key },
      });
    // First a node with a key Paris does not know: its request is dropped, Ada is not reserved.
    const impostor = node(testKeys('paris-ada', 'impostor').privateKey);
    await impostor.start();
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    for (let i = 0; i < 5; i++) {
      net.settle();
      await Promise.resolve();
    }
    expect(net.centre('paris').runtime.stats().rejected.CM_ERR_BAD_SIGNATURE).toBe(1);
    expect(net.centre('london').replicas.agent('paris', 'ada')?.state).toBe('idle');
    await impostor.stop();
    net.clock.advance(5_000);
    net.settle();
    // Then Ada's own: its request is taken, Paris bids, Ada wins.
    const ada = node(testKeys('paris-ada').privateKey);
    const events: AgentBidderEvent[] = [];
    ada.events$.subscribe((e) => events.push(e));
    await ada.start();
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c2', media: 'voice', skillset: 'billing' });
    for (let i = 0; i < 5; i++) {
      net.settle();
      await Promise.resolve();
    }
    net.clock.advance(2_000);
    net.settle();
    expect(events.map((e) => e.type)).toEqual(['entity', 'bid.placed', 'bid.won']);
    expect(net.log.offers).toContainEqual({ centre: 'paris', agent: 'ada', contact: 'c2' });
    await ada.stop();
    await net.stop();
  });
});
