import { type AgentBidderEvent, createAgentBidder, sequentialIds } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { networkOf } from '../network/network-world.js';
import { leaseOf } from '../support/network-invariants.js';

const ada = { id: 'ada', skills: { billing: 7 }, languages: ['en'] };

/** London auctions (collect, 2 s); Paris bids only when its agents ask; Ada's own computer is a node. */
async function withAgentNode(decide?: Parameters<typeof createAgentBidder>[0]['decide'], agent = ada) {
  const net = await networkOf(['london', 'paris'], {
    modes: { london: { kind: 'local' } },
    auctions: { london: { strategy: { kind: 'collect' }, rule: { kind: 'command', command: 'most-skilled' } } },
    bidding: { paris: { automatic: false } },
  });
  net.centre('paris').agents.login('ada', { displayName: 'Ada', skills: { billing: 7 } });
  net.centre('paris').agents.ready('ada');
  const node = createAgentBidder({
    node: 'paris-ada',
    network: 'acme',
    transport: net.hub.transport('paris-ada'),
    home: 'paris',
    agent,
    clock: net.clock,
    ids: sequentialIds('paris-ada'),
    ...(decide === undefined ? {} : { decide }),
  });
  const events: AgentBidderEvent[] = [];
  node.events$.subscribe((event) => events.push(event));
  await node.start();
  net.settle();
  return { net, node, events };
}

/** The `decide` rule answers through a promise: let it settle, then deliver what it sent. */
async function decided(net: { settle(): void }) {
  for (let i = 0; i < 5; i++) {
    net.settle();
    await Promise.resolve();
  }
  net.settle();
}

describe("a single agent's own computer as a bidding node (claim 18)", () => {
  it('bids by rule through its home centre, wins, and the contact comes to the agent', async () => {
    const { net, node, events } = await withAgentNode((entity) => ({ cost: entity.contact.priority + 3 }));
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    await decided(net);
    // The home centre reserved Ada for her bid (she is not offered anything else meanwhile).
    expect(leaseOf(net, 'paris', 'ada')).toMatchObject({ holder: expect.stringMatching(/^paris\/bid\//) });
    net.clock.advance(2_000);
    net.settle();
    expect(events.map((e) => e.type)).toEqual(['entity', 'bid.placed', 'bid.won']);
    expect(net.log.auctions[0]?.explanation?.bids).toEqual([
      expect.objectContaining({ centre: 'paris', terms: { cost: 3, proficiency: 7, timeToServiceMs: 0 } }),
    ]);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'ada', contact: 'c1' }]);
    await node.stop();
    await net.stop();
  });

  it('takes accept() inside its own entity handler: the entity is recorded before it is announced (issue: Every door checked, report 1)', async () => {
    const { net, node, events } = await withAgentNode();
    node.events$.subscribe((event) => {
      if (event.type === 'entity') node.accept(event.auctionId);
    });
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    await decided(net);
    net.clock.advance(2_000);
    net.settle();
    expect(events.map((e) => e.type)).toEqual(['entity', 'bid.placed', 'bid.won']);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'ada', contact: 'c1' }]);
    expect(() => node.accept('')).toThrow(expect.objectContaining({ code: 'CM_ERR_INVALID_ARGUMENT' }));
    expect(() => node.accept('x', { cost: -1 })).toThrow(expect.objectContaining({ code: 'CM_ERR_INVALID_ARGUMENT' }));
    await node.stop();
    expect(() => node.accept('x')).toThrow(expect.objectContaining({ code: 'CM_ERR_STOPPED' }));
    await net.stop();
  });

  it.each([
    ['a skill of 11', { agent: { id: 'ada', skills: { billing: 11 } } }, 'agent.skills.billing'],
    ['a bad media', { agent: { id: 'ada', skills: { billing: 5 }, media: ['fax'] } }, 'agent.media.0'],
    ['an unknown option', { bids: true }, '(root)'],
    ['a bad home', { home: 'Paris!' }, 'home'],
  ])('refuses %s at createAgentBidder with a coded error naming the field (issue: Every door checked)', async (_, change, path) => {
    const net = await networkOf(['london', 'paris']);
    expect(() =>
      createAgentBidder({
        node: 'paris-ada',
        network: 'acme',
        transport: net.hub.transport('paris-ada'),
        home: 'paris',
        agent: ada,
        ...change,
      } as never),
    ).toThrow(expect.objectContaining({ code: 'CM_ERR_INVALID_OPTION', details: expect.objectContaining({ path }) }));
    await net.stop();
  });

  it('waits for a decision by hand; a declined entity gets no bid and the contact stays local (claim 36)', async () => {
    const { net, node, events } = await withAgentNode();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    expect(node.pending().map((p) => p.entity.contact.id)).toEqual(['c1']);
    const [waiting] = node.pending();
    node.decline(waiting?.auctionId ?? '');
    expect(node.pending()).toEqual([]);
    expect(() => node.accept(waiting?.auctionId ?? '')).toThrow(expect.objectContaining({ code: 'CM_ERR_INVALID_STATE' }));
    net.clock.advance(2_000);
    net.settle();
    expect(events.map((e) => e.type)).toEqual(['entity']);
    expect(net.log.auctions).toEqual([expect.objectContaining({ result: 'stayed' })]);
    expect(net.centre('london').replicas.agent('paris', 'ada')?.state).toBe('idle');
    await node.stop();
    await net.stop();
  });

  it('hears that its bid was refused when the agent cannot be reserved', async () => {
    const { net, node, events } = await withAgentNode(() => true);
    net.centre('paris').agents.notReady('ada', 'lunch');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    await decided(net);
    expect(events).toEqual([
      expect.objectContaining({ type: 'entity' }),
      expect.objectContaining({ type: 'bid.refused', reason: expect.stringMatching(/ada cannot be reserved now/) }),
    ]);
    await node.stop();
    await net.stop();
  });

  it('never shows the agent a contact they lack the skills or language for', async () => {
    const { net, node, events } = await withAgentNode(() => true, { id: 'ada', skills: { billing: 2 }, languages: ['fr'] });
    net
      .centre('london')
      .contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing', requirements: [{ skill: 'billing', minProficiency: 5 }] });
    net.centre('london').contacts.arrive({ id: 'c2', media: 'voice', skillset: 'billing', language: 'en' });
    net.settle();
    expect(events).toEqual([]);
    expect(node.pending()).toEqual([]);
    await node.stop();
    await net.stop();
  });
});
