import { type AgentBidderEvent, createAgentBidder, type Limits, sequentialIds } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { networkOf } from '../network/network-world.js';

// The limits of an agent's own bidding node, kept by its bidder machine: at most
// `maxPendingDecisions` entities wait for the agent, at most `maxOpenBids` bid actors live.

/** London auctions (collect, 2 s); Ada's own computer decides by hand, with `limits`. */
async function adasNode(limits: Partial<Limits>) {
  const net = await networkOf(['london', 'paris'], {
    modes: { london: { kind: 'local' } },
    auctions: { london: { strategy: { kind: 'collect' }, rule: { kind: 'command', command: 'most-skilled' } } },
    bidding: { paris: { automatic: false } },
  });
  const node = createAgentBidder({
    node: 'paris-ada',
    network: 'acme',
    transport: net.hub.transport('paris-ada'),
    home: 'paris',
    agent: { id: 'ada', skills: { billing: 7 } },
    clock: net.clock,
    ids: sequentialIds('paris-ada'),
    limits,
  });
  const events: AgentBidderEvent[] = [];
  node.events$.subscribe((event) => events.push(event));
  await node.start();
  net.settle();
  for (const id of ['c1', 'c2', 'c3']) {
    net.centre('london').contacts.arrive({ id, media: 'voice', skillset: 'billing' });
    net.settle();
  }
  const announced = events.flatMap((e) => (e.type === 'entity' ? [e.entity.contact.id] : []));
  return { net, node, events, announced };
}

describe('the limits of an agent’s own bidding node', () => {
  it('lets the oldest undecided entity go beyond maxPendingDecisions', async () => {
    const { net, node, announced } = await adasNode({ maxPendingDecisions: 2 });
    expect(announced).toEqual(['c1', 'c2', 'c3']);
    expect(node.pending().map((p) => p.entity.contact.id)).toEqual(['c2', 'c3']);
    await node.stop();
    await net.stop();
  });

  it('passes an entity over while maxOpenBids bid actors live', async () => {
    const { net, node, announced } = await adasNode({ maxOpenBids: 2 });
    expect(announced).toEqual(['c1', 'c2']);
    expect(node.pending().map((p) => p.entity.contact.id)).toEqual(['c1', 'c2']);
    await node.stop();
    await net.stop();
  });
});
