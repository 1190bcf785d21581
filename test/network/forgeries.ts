import type { CoreBodies } from '@contactmesh/core/protocol';
import { agents, auctionEntity, bid, broadcast, contactOf, homeOf, inbox, type Maker, other, variant } from './forgery-kit.js';

// Forged copies of every message type of the protocol, aimed at the forgery world
// (forgery-world.ts): each claims what is not its sender's — another sender, another owner — or
// carries a fence, rev, request or handover its target never gave out. `stopped` says where a
// forger that is a centre is stopped: at the door (the sender and role checks: dropped and counted
// with a code) or by the receiver's own rules (leases, fences, revs, ids: nothing changes, nothing
// need be counted). A gateway or an agent's computer is stopped at the door, whatever it sends.

/** Every message type's forgeries. */
export const forgeries: { readonly [K in keyof CoreBodies]: Maker } = {
  presence: (p, _, __, pick) =>
    variant(pick, [
      broadcast(p, `presence/${p}`, 'presence', 'runtime/main', {
        centre: pick.victim,
        status: 'offline',
        incarnation: Number.MAX_SAFE_INTEGER,
        since: 0,
      }),
      inbox(
        p,
        `${pick.victim}/network/presence`,
        'presence',
        'runtime/main',
        { centre: pick.victim, status: 'offline', incarnation: 1e12, since: 0, mode: 'local' },
        'door',
      ),
    ]),
  'agent.snapshot': (p, _, facts, pick) => {
    const id = agents[pick.delta % 3] ?? 'b1';
    const body = { ...(facts.agents[id] as object), rev: ((facts.agents[id] as { rev: number }).rev ?? 0) + pick.delta, state: 'busy' };
    return variant(pick, [
      broadcast(p, `replica/${p}/agent/${id}`, 'agent.snapshot', `agent/${id}`, body),
      inbox(p, `${homeOf(id)}/replicas/main`, 'agent.snapshot', `agent/${id}`, body, 'door'),
    ]);
  },
  'contact.snapshot': (p, _, facts, pick) => {
    const id = contactOf(pick.victim);
    const real = facts.snapshots[id as 'x1'] as { rev: number };
    const body = { ...real, rev: real.rev + pick.delta };
    return variant(pick, [
      broadcast(p, `replica/${p}/contact/${id}`, 'contact.snapshot', `contact/${id}`, body),
      // In its own name, newer: only a centre the contact was moving to may hold it.
      broadcast(p, `replica/${p}/contact/${id}`, 'contact.snapshot', `contact/${id}`, { ...body, owner: p }, 'receiver'),
      inbox(p, `${pick.victim}/replicas/main`, 'contact.snapshot', `contact/${id}`, body, 'door'),
    ]);
  },
  tombstone: (p, _, facts, pick) => {
    const id = contactOf(pick.victim);
    const rev = (facts.snapshots[id as 'x1'] as { rev: number }).rev + pick.delta;
    return variant(pick, [
      broadcast(p, `replica/${p}/contact/${id}`, 'tombstone', `contact/${id}`, { kind: 'contact', id, owner: pick.victim, rev }),
      // In its own name: replicas take the newest rev whoever sends it (not defended), but the
      // contact stays with its owner, its agent with it.
      broadcast(p, `replica/${p}/contact/${id}`, 'tombstone', `contact/${id}`, { kind: 'contact', id, owner: p, rev }, 'receiver'),
    ]);
  },
  // Any centre may ask: the answer is a tombstone at the last rev of a contact that ended at the
  // victim, which is true whoever asked, and changes no owner and no agent.
  'replicas.check': (p, _, __, pick) =>
    inbox(p, `${pick.victim}/network/sync`, 'replicas.check', 'network/sync', {
      contacts: [contactOf(pick.victim), contactOf(other(pick.victim))],
    }),
  'reserve.request': (p, _, __, pick) => {
    const agent = pick.victim === 'a' ? 'a1' : 'b1';
    const body = (contact: string) => ({ requestId: 'forged-r', agent, contact, leaseMs: 30_000, media: 'voice' });
    return variant(pick, [
      // For a contact the network knows as another centre's.
      inbox(
        p,
        `${pick.victim}/agent/${agent}`,
        'reserve.request',
        `contact/${contactOf(other(pick.victim))}`,
        body(contactOf(other(pick.victim))),
        'door',
      ),
      // From a bidder: a bidder reserves only its own centre's agents.
      inbox(p, `${pick.victim}/agent/${agent}`, 'reserve.request', 'bidder/main', body('x9'), 'door'),
      // For another agent than the one it is sent to.
      inbox(p, `${pick.victim}/agent/${agent}`, 'reserve.request', 'contact/x9', { ...body('x9'), agent: 'b2' }),
    ]);
  },
  'reserve.granted': (p, _, facts, pick) =>
    inbox(p, `${pick.victim}/contact/${contactOf(pick.victim)}`, 'reserve.granted', 'agent/b1', {
      requestId: `${contactOf(pick.victim)}:${pick.delta}`,
      agent: 'b1',
      leaseId: `b1:${facts.fences.b1 + 1}`,
      fence: facts.fences.b1 + 1,
      expiresAt: 60_000,
    }),
  'reserve.denied': (p, _, __, pick) =>
    inbox(p, `${pick.victim}/contact/${contactOf(pick.victim)}`, 'reserve.denied', 'agent/b1', {
      requestId: `${contactOf(pick.victim)}:${pick.delta}`,
      agent: 'b1',
      reason: 'notIdle',
    }),
  'reserve.release': (p, _, facts, pick) => {
    const agent = agents[pick.delta % 3] ?? 'b2';
    const fence = facts.fences[agent] + (pick.variant % 2);
    return inbox(p, `${homeOf(agent)}/agent/${agent}`, 'reserve.release', `contact/${contactOf(homeOf(agent))}`, {
      agent,
      leaseId: `${agent}:${fence}`,
      fence,
    });
  },
  'route.assign': (p, _, facts, pick) =>
    variant(pick, [
      // For a version of the contact that is not its current one.
      inbox(p, 'a/contact/x1', 'route.assign', 'router/main', { contact: 'x1', agent: 'b/agent/b1', rev: facts.x1.rev + pick.delta }),
      // To an agent who cannot serve it: no requirements, or not the contact's.
      inbox(p, 'a/contact/x1', 'route.assign', 'router/main', { contact: 'x1', agent: 'b/agent/b1', requirements: [] }),
      inbox(p, 'a/contact/x1', 'route.assign', 'router/main', {
        contact: 'x1',
        agent: 'b/agent/b1',
        requirements: [{ skill: 'billing', minProficiency: 1 }],
      }),
      // A contact in a call.
      inbox(p, 'b/contact/y1', 'route.assign', 'router/main', { contact: 'y1', agent: 'a/agent/a1' }),
    ]),
  'route.failed': (p, _, facts, pick) =>
    inbox(p, `${pick.victim}/router/main`, 'route.failed', `contact/${contactOf(pick.victim)}`, {
      contact: contactOf(pick.victim),
      agent: 'b/agent/b1',
      reason: 'notIdle',
      rev: facts.x1.rev + pick.delta,
    }),
  'offer.request': (p, _, facts, pick) =>
    variant(pick, [
      inbox(p, 'b/agent/b1', 'offer.request', 'contact/x1', {
        agent: 'b1',
        contact: 'x1',
        media: 'voice',
        fence: facts.fences.b1 + (pick.delta % 3),
      }),
      inbox(p, 'a/agent/a1', 'offer.request', 'contact/y1', {
        agent: 'a1',
        contact: 'y1',
        media: 'voice',
        fence: facts.fences.a1 + (pick.delta % 3),
      }),
      inbox(p, 'b/agent/b2', 'offer.request', 'contact/y1', { agent: 'b2', contact: 'y1', media: 'voice', fence: facts.fences.b2 }),
    ]),
  'offer.result': (p, _, __, pick) =>
    inbox(p, 'b/contact/y1', 'offer.result', 'agent/b2', {
      agent: 'b2',
      contact: 'y1',
      result: variant(pick, ['declined', 'missed', 'refused']),
    }),
  'work.ended': (p) => inbox(p, 'b/agent/b2', 'work.ended', 'contact/y1', { agent: 'b2', contact: 'y1' }),
  'handover.request': (p, _, facts, pick) => {
    // The other centre's contact, handed to the victim.
    const id = contactOf(other(pick.victim));
    const real = facts.snapshots[id as 'x1'] as { rev: number; owner: string };
    const lease = variant(pick, [{}, { agent: 'b1', leaseId: `b1:${facts.fences.b1 + 1}`, fence: facts.fences.b1 + 1 }]);
    const contact = { ...real, rev: real.rev + pick.delta, ...('agent' in lease ? { agent: 'b/agent/b1' } : {}) };
    const body = (owner: string) => ({ handoverId: `forged-h${pick.delta}`, contact: { ...contact, owner }, attempts: 0, ...lease });
    return pick.variant % 4 < 2
      ? inbox(p, `${pick.victim}/handover/main`, 'handover.request', `contact/${id}`, body(real.owner), 'door')
      : // In its own name: the network knows the contact as another centre's.
        inbox(p, `${pick.victim}/handover/main`, 'handover.request', `contact/${id}`, body(p));
  },
  'handover.ack': (p, _, facts, pick) =>
    inbox(p, 'a/contact/x1', 'handover.ack', 'handover/main', {
      handoverId: `x1:${facts.x1.rev}`,
      contact: 'x1',
      rev: facts.x1.rev,
      result: variant(pick, ['accepted', 'refused']),
    }),
  'contact.abandoned': (p, _, __, pick) =>
    inbox(p, `${pick.victim}/handover/main`, 'contact.abandoned', `contact/${contactOf(pick.victim)}`, { contact: contactOf(pick.victim) }),
  'command.request': (p, role, facts, pick) => {
    const id = contactOf(pick.victim);
    const own = id === 'x1' ? facts.x1.tokenHash : facts.y1.tokenHash;
    const others = id === 'x1' ? facts.y1.tokenHash : facts.x1.tokenHash;
    // A gateway with the contact's own token hash is doing its job: not a forgery.
    const tokenHash = role === 'gateway' ? others : variant(pick, [own, others]);
    return inbox(
      p,
      `${pick.victim}/contact/${id}`,
      'command.request',
      'desk/main',
      { commandId: 'forged-k', tokenHash, command: { kind: 'cancel' } },
      'door',
    );
  },
  'command.result': (p, _, __, pick) =>
    inbox(p, `${pick.victim}/desk/main`, 'command.result', 'contact/x1', { commandId: 'forged-k', accepted: true }),
  'status.update': (p, _, facts, pick) =>
    inbox(
      p,
      `${pick.victim}/desk/main`,
      'status.update',
      'runtime/main',
      {
        tokenHash: facts.x1.tokenHash,
        contact: 'a/contact/x1',
        rev: facts.x1.rev + pick.delta,
        status: { state: 'ended', media: 'voice', skillset: 'sales', updatedAt: 0, skillsets: [] },
      },
      'door',
    ),
  'auction.entity': (p, _, facts, pick) =>
    variant(pick, [
      broadcast(p, `auction/${p}/x1`, 'auction.entity', `auction/${facts.auctionId}`, auctionEntity('a', facts, 0)),
      // In its own name, for a contact the network knows as a's: no centre bids for it.
      broadcast(p, `auction/${p}/x1`, 'auction.entity', `auction/${facts.auctionId}`, auctionEntity(p, facts, 0), 'receiver'),
    ]),
  'auction.bid': (p, _, facts, pick) =>
    variant(pick, [
      broadcast(p, `auction/a/x1/bids/${p}`, 'auction.bid', 'bidder/main', bid(pick.victim, facts)),
      // In its own name, promising its queue: a bid like any other (the clock never reaches the deadline).
      broadcast(p, `auction/a/x1/bids/${p}`, 'auction.bid', 'bidder/main', bid(p, facts), 'receiver'),
      inbox(p, `a/auction/${facts.auctionId}`, 'auction.bid', 'bidder/main', bid(p, facts)),
    ]),
  'auction.entityBid': (p, _, facts, pick) =>
    broadcast(p, `auction/a/x1/bids/${p}`, 'auction.entityBid', 'bidder/main', {
      entity: auctionEntity('a', facts, 0),
      bid: bid(pick.victim, facts),
    }),
  'auction.award': (p, _, facts) =>
    inbox(p, 'b/bidder/main', 'auction.award', `auction/${facts.auctionId}`, {
      auctionId: facts.auctionId,
      bidId: 'forged-bid',
      contact: 'x1',
      fence: facts.fences.b1 + 1,
    }),
  'auction.confirm': (p, _, facts) =>
    inbox(p, `a/auction/${facts.auctionId}`, 'auction.confirm', 'bidder/main', {
      auctionId: facts.auctionId,
      bidId: 'forged-bid',
      result: 'confirmed',
    }),
  'auction.release': (p, _, facts) =>
    inbox(p, 'b/bidder/main', 'auction.release', `auction/${facts.auctionId}`, { auctionId: facts.auctionId, bidId: 'forged-bid' }),
  'auction.won': (p, _, facts) =>
    inbox(p, 'a/contact/x1', 'auction.won', `auction/${facts.auctionId}`, { auctionId: facts.auctionId, contact: 'x1', centre: p }, 'door'),
  'auction.taken': (p, _, facts) =>
    inbox(
      p,
      `a/auction/${facts.auctionId}`,
      'auction.taken',
      'contact/x1',
      { auctionId: facts.auctionId, contact: 'x1', result: 'accepted' },
      'door',
    ),
  // Both go only between actors of one centre: from another participant they are stopped at the door.
  'auction.open': (p, _, facts) =>
    inbox(
      p,
      'a/auctions/main',
      'auction.open',
      'auctioneer/main',
      { auctionId: 'forged-auction', contact: auctionEntity('a', facts, 0).contact },
      'door',
    ),
  'auction.cancel': (p, _, facts) =>
    inbox(p, `a/auction/${facts.auctionId}`, 'auction.cancel', 'auctioneer/main', { auctionId: facts.auctionId, reason: 'forged' }, 'door'),
  'auction.bidRequest': (p, _, facts, pick) =>
    variant(pick, [
      // For another agent of b; for b1, to another centre than its home.
      inbox(p, 'b/bidder/main', 'auction.bidRequest', 'bidder/main', { auctionId: facts.auctionId, agent: 'b2' }, 'door'),
      inbox(p, 'a/bidder/main', 'auction.bidRequest', 'bidder/main', { auctionId: facts.auctionId, agent: 'b1' }, 'door'),
    ]),
  'auction.bidStatus': (p, _, facts) =>
    inbox(p, 'b/bidder/main', 'auction.bidStatus', 'bidder/main', { auctionId: facts.auctionId, agent: 'b1', status: 'won' }),
};
