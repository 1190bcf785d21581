import { type CentreEvent, encode, hashToken } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

// Only a centre speaks for itself (issue "Only a centre speaks for itself"; docs/security.md,
// "What each role sends"): a centre holds every sender to its role. A participant that is not a
// centre — here on the memory hub, with no broker ACL — may send a centre only what a gateway or an
// agent's own computer may: a customer command with its contact's status token, a bid request for
// its own agent to its home centre. Everything else is dropped, counted and reported as
// CM_ERR_NOT_AUTHORIZED.

type Net = Awaited<ReturnType<typeof networkOf>>;

/** A bare participant `id` on the hub: what it sends, and what reaches its inbox. */
async function participant(net: Net, id: string) {
  const transport = net.hub.transport(id);
  await transport.connect();
  const received: { type: string; body: unknown }[] = [];
  transport.subscribe(`cm/acme/inbox/${id}/from/+`).subscribe((m) => {
    const { type, body } = JSON.parse(new TextDecoder().decode(m.payload)) as { type: string; body: unknown };
    received.push({ type, body });
  });
  let n = 0;
  const publish = async (topic: string, type: string, from: string, body: unknown, to?: string) => {
    const bytes = encode({ v: 1, id: `${id}-${++n}`, type, from, ...(to === undefined ? {} : { to }), ts: net.clock.now(), body });
    if (!bytes.ok) throw bytes.error;
    await transport.publish(`cm/acme/${topic}`, bytes.value, { qos: 1 });
    net.settle();
  };
  /** Sends `type` to actor `to` of centre `centre`, through its inbox, from actor `from` of this participant. */
  const send = (centre: string, to: string, type: string, body: unknown, from = `${id}/contact/fake1`) =>
    publish(`inbox/${centre}/from/${id}`, type, from, body, to);
  return { publish, send, received };
}

/** Refusals at each centre with `code`, as counted. */
const refused = (net: Net, centre: string, code = 'CM_ERR_NOT_AUTHORIZED') =>
  net.centre(centre).runtime.stats().rejected[code as 'CM_ERR_NOT_AUTHORIZED'] ?? 0;

const agentContext = (net: Net, centre: string, agent: string) =>
  (net.centre(centre).runtime.snapshot(`${centre}/agent/${agent}`) as { context: { fence: number; lease: unknown; offer: unknown } })
    .context;

/**
 * The attack: a reserve.request to b's agent from a made-up contact of a participant that
 * is not a centre, then an offer.request carrying the fence that grant would have had.
 */
async function takeAgent(net: Net, forger: Awaited<ReturnType<typeof participant>>) {
  const fence = agentContext(net, 'b', 'b1').fence + 1;
  await forger.send('b', 'b/agent/b1', 'reserve.request', {
    requestId: 'r1',
    agent: 'b1',
    contact: 'fake1',
    leaseMs: 30_000,
    media: 'voice',
  });
  await forger.send('b', 'b/agent/b1', 'offer.request', { agent: 'b1', contact: 'fake1', media: 'voice', fence });
}

async function withAgent(options: Parameters<typeof networkOf>[1] = {}) {
  const net = await networkOf(['a', 'b'], options);
  const events: CentreEvent[] = [];
  net.centre('b').events$.subscribe((e) => events.push(e));
  net.centre('b').agents.login('b1', { displayName: 'Bo', skills: { billing: 5 } });
  net.centre('b').agents.ready('b1');
  net.settle();
  return { net, events };
}

/** b1 is free, nothing rang, and a real contact still reaches b1. */
async function agentUntouched(net: Net) {
  expect(agentContext(net, 'b', 'b1')).toMatchObject({ lease: null, offer: null });
  expect(net.centre('a').replicas.agent('b', 'b1')?.state).toBe('idle');
  expect(net.log.offers).toEqual([]);
  net.centre('a').contacts.arrive({ id: 'real1', media: 'voice', skillset: 'billing' });
  net.settle();
  expect(net.log.offers).toEqual([{ centre: 'b', agent: 'b1', contact: 'real1' }]);
}

describe('a centre holds every sender to its role', () => {
  it('an agent is not taken by a participant that is not a centre: its reserve.request and offer.request are refused, counted', async () => {
    const { net, events } = await withAgent();
    const evil = await participant(net, 'evil');
    await takeAgent(net, evil);
    expect(evil.received).toEqual([]);
    expect(refused(net, 'b')).toBe(2);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'message.rejected',
        code: 'CM_ERR_NOT_AUTHORIZED',
        topic: 'cm/acme/inbox/b/from/evil',
        reason: expect.stringMatching(/^reserve\.request is sent by a centre only, not by a gateway \(evil is a gateway to b\)/),
      }),
    );
    await agentUntouched(net);
    await net.stop();
  });

  it('with pinned peers, an unpinned participant that announces itself as a centre is refused its presence and cannot take an agent', async () => {
    const { net } = await withAgent({ peers: ['a', 'b'] });
    const evil = await participant(net, 'evil');
    await evil.publish('presence/evil', 'presence', 'evil/runtime/main', { centre: 'evil', status: 'online', incarnation: 1, since: 0 });
    for (const c of ['a', 'b']) expect(net.centre(c).replicas.centre('evil')).toBeUndefined();
    // Refused by each of the two presence listeners of each centre.
    expect(refused(net, 'a')).toBe(2);
    await takeAgent(net, evil);
    expect(evil.received).toEqual([]);
    expect(refused(net, 'b')).toBe(2 + 2);
    await agentUntouched(net);
    await net.stop();
  });

  it("takes a gateway's customer command only with the status token of the contact it is sent to, and nothing else from it", async () => {
    const { net } = await withAgent();
    const { id, token } = net.centre('b').contacts.arrive({ id: 'q1', media: 'voice', skillset: 'rare' });
    const other = net.centre('b').contacts.arrive({ id: 'q2', media: 'voice', skillset: 'rare' });
    net.settle();
    const gateway = await participant(net, 'gw');
    const cancel = (tokenHash: string, commandId: string) => ({ commandId, tokenHash, command: { kind: 'cancel' } });
    // Another contact's token, and a centre's message: refused at the door.
    await gateway.send('b', `b/contact/${id}`, 'command.request', cancel(hashToken(other.token), 'k1'), 'gw/desk/main');
    await gateway.send('b', 'b/agent/b1', 'reserve.request', { requestId: 'r1', agent: 'b1', contact: id, leaseMs: 1_000 }, 'gw/desk/main');
    expect(refused(net, 'b')).toBe(2);
    expect(net.owners(id)).toEqual(['b']);
    // The gateway with the right token: the contact answers and ends.
    await gateway.send('b', `b/contact/${id}`, 'command.request', cancel(hashToken(token), 'k3'), 'gw/desk/main');
    expect(gateway.received).toEqual([{ type: 'command.result', body: { commandId: 'k3', accepted: true } }]);
    expect(net.owners(id)).toEqual([]);
    await net.stop();
  });

  it('refuses a customer command from a centre, and state a centre’s inbox never carries (a replica, a presence)', async () => {
    const { net } = await withAgent();
    const { id, token } = net.centre('b').contacts.arrive({ id: 'q1', media: 'voice', skillset: 'rare' });
    net.settle();
    const a = net.centre('a').runtime;
    const desk = a.endpoint('forger', 'main', () => undefined);
    a.send(desk, `b/contact/${id}`, {
      type: 'command.request',
      body: { commandId: 'k1', tokenHash: hashToken(token), command: { kind: 'cancel' } },
    });
    // A snapshot of b's own agent, busy, slipped into b's replica store through its inbox.
    const real = net.centre('b').replicas.agent('b', 'b1');
    a.send(desk, 'b/replicas/main', { type: 'agent.snapshot', body: { ...real, rev: (real?.rev ?? 0) + 9, state: 'busy' } });
    a.send(desk, 'b/network/presence', {
      type: 'presence',
      body: { centre: 'a', status: 'online', incarnation: 1000, since: 0, mode: 'local' },
    });
    net.settle();
    expect(refused(net, 'b')).toBe(3);
    expect(net.owners(id)).toEqual(['b']);
    expect(net.centre('b').replicas.agent('b', 'b1')?.state).toBe('idle');
    await net.stop();
  });

  it("lets an agent's computer ask only its home centre's bidder, only for its own agent", async () => {
    const { net } = await withAgent();
    net.centre('b').agents.login('b2', { displayName: 'Bea', skills: { billing: 5 } });
    net.settle();
    const node = await participant(net, 'b-b1');
    const ask = (agent: string) => ({ auctionId: 'q1:1', agent });
    await node.send('b', 'b/bidder/main', 'auction.bidRequest', ask('b2'), 'b-b1/bidder/main');
    await node.send('a', 'a/bidder/main', 'auction.bidRequest', ask('b1'), 'b-b1/bidder/main');
    await node.send(
      'b',
      'b/agent/b1',
      'reserve.request',
      { requestId: 'r1', agent: 'b1', contact: 'c1', leaseMs: 1_000 },
      'b-b1/bidder/main',
    );
    expect(refused(net, 'b')).toBe(2);
    expect(refused(net, 'a')).toBe(1);
    expect(node.received).toEqual([]);
    // For itself, to its home centre: the bidder hears it (and refuses: no such auction is open).
    await node.send('b', 'b/bidder/main', 'auction.bidRequest', ask('b1'), 'b-b1/bidder/main');
    expect(node.received).toEqual([{ type: 'auction.bidStatus', body: expect.objectContaining({ agent: 'b1', status: 'refused' }) }]);
    expect(refused(net, 'b')).toBe(2);
    await net.stop();
  });
});
