import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { agentMachine } from '../../src/machines/agent/index.js';
import { driveAgent, offer, reserve, sent, workEnded } from './agent-driver.js';

const readyAgent = (overrides = {}) => {
  const agent = driveAgent(overrides);
  agent.send({ type: 'login' });
  agent.send({ type: 'ready', at: 100 });
  return agent;
};

const assigned = (contact = 'c1', media: 'voice' | 'chat' = 'voice') => {
  const agent = readyAgent(media === 'chat' ? { capacity: { chat: 3 } } : {});
  agent.send(reserve({ contact, media }));
  agent.send(offer(agent.context().fence, contact, media));
  agent.send({ type: 'answered', contact });
  return agent;
};

describe('agent: presence', () => {
  it('starts logged out and publishes itself', () => {
    const agent = driveAgent();
    expect(agent.state()).toBe('loggedOut');
    expect(agent.published()).toMatchObject({ id: 'a1', home: 'london', rev: 1, state: 'loggedOut', idleSince: null });
    expect(agent.emitted.find((e) => e.type === 'effect.publish')).toMatchObject({ topic: 'replica/london/agent/a1', retain: true });
  });

  it('logs in not ready, becomes idle when ready, and remembers since when', () => {
    const agent = driveAgent();
    agent.send({ type: 'login' });
    expect(agent.published()).toMatchObject({ state: 'notReady', reason: 'loggedIn' });
    agent.send({ type: 'ready', at: 100 });
    expect(agent.published()).toMatchObject({ state: 'idle', idleSince: 100, rev: 3 });
  });

  it('tells the router of every change and bumps rev by one each time', () => {
    const agent = readyAgent();
    agent.send({ type: 'notReady', reason: 'lunch' });
    agent.send({ type: 'update', skills: { billing: 7 } });
    const revs = agent.emitted
      .filter((e) => e.type === 'effect.publish')
      .map((e) => (e.type === 'effect.publish' ? (e.message.body as { rev: number }).rev : 0));
    expect(revs).toEqual([1, 2, 3, 4, 5]);
    expect(sent(agent.emitted, 'agent.snapshot')).toHaveLength(5);
    expect(agent.published()).toMatchObject({ state: 'notReady', reason: 'lunch', skills: { billing: 7 } });
  });
});

describe('agent: reservations (DESIGN.md §4)', () => {
  it('grants a lease with a fresh fence and a timer that ends it', () => {
    const agent = readyAgent();
    const { rev } = agent.context();
    const effects = agent.send(reserve({ leaseMs: 60_000, requirements: [{ skill: 'billing', minProficiency: 3 }] }));
    expect(agent.state()).toBe('reserved');
    // `rev`: the agent's change number as the lease starts (a bid's lease moves none: see below).
    expect(sent(effects, 'reserve.granted')).toEqual([
      { requestId: expect.any(String), agent: 'a1', leaseId: 'a1:1', fence: 1, expiresAt: 20_101, rev },
    ]);
    expect(effects).toContainEqual({
      type: 'effect.schedule',
      timerId: 'lease',
      delayMs: 20_000,
      event: { type: 'lease.expired', fence: 1 },
    });
  });

  it.each([
    ['leased', (a: ReturnType<typeof readyAgent>) => a.send(reserve())],
    ['notIdle', (a: ReturnType<typeof readyAgent>) => a.send({ type: 'notReady', reason: 'break' })],
    ['notIdle', (a: ReturnType<typeof readyAgent>) => a.send({ type: 'logout' })],
  ] as const)('denies a reservation with %s', (reason, before) => {
    const agent = readyAgent();
    before(agent);
    expect(sent(agent.send(reserve({ contact: 'c2' })), 'reserve.denied')).toEqual([
      { requestId: expect.any(String), agent: 'a1', reason },
    ]);
  });

  it('denies an agent that lacks the skill, the language or the capacity, checked against the agent as it is now', () => {
    const agent = readyAgent();
    expect(sent(agent.send(reserve({ requirements: [{ skill: 'sales', minProficiency: 3 }] })), 'reserve.denied')[0]?.reason).toBe(
      'notEligible',
    );
    expect(sent(agent.send(reserve({ language: 'fr' })), 'reserve.denied')[0]?.reason).toBe('notEligible');
    const busy = assigned();
    expect(sent(busy.send(reserve({ contact: 'c2', media: 'chat' })), 'reserve.denied')[0]?.reason).toBe('noCapacity');
  });

  it('returns to idle when the lease expires unused, keeping its place in the idle order', () => {
    const agent = readyAgent();
    agent.send(reserve());
    agent.send({ type: 'lease.expired', fence: 1 });
    expect(agent.published()).toMatchObject({ state: 'idle', idleSince: 100 });
  });

  it('ignores the expiry of an older lease and a release with the wrong fence', () => {
    const agent = readyAgent();
    agent.send(reserve());
    agent.send({ type: 'lease.expired', fence: 1 });
    agent.send(reserve());
    agent.send({ type: 'lease.expired', fence: 1 });
    agent.send({
      type: 'reserve.release',
      v: 1,
      id: 'x',
      from: 'paris/contact/c1',
      ts: 0,
      body: { agent: 'a1', leaseId: 'a1:2', fence: 1 },
    });
    expect(agent.state()).toBe('reserved');
    agent.send({
      type: 'reserve.release',
      v: 1,
      id: 'y',
      from: 'paris/contact/c1',
      ts: 0,
      body: { agent: 'a1', leaseId: 'a1:2', fence: 2 },
    });
    expect(agent.state()).toBe('idle');
    expect(agent.emitted).toContainEqual({ type: 'effect.cancel', timerId: 'lease' });
  });

  it('is free at once when the centre of the contact that holds its lease stopped cleanly, and only then', () => {
    const agent = readyAgent();
    agent.send(reserve());
    const holder = agent.context().lease?.holder ?? '';
    const other = holder.startsWith('rome/') ? 'madrid' : 'rome';
    agent.send({ type: 'holder.stopped', centre: other });
    expect(agent.state()).toBe('reserved');
    agent.send({ type: 'holder.stopped', centre: holder.split('/')[0] ?? '' });
    expect(agent.state()).toBe('idle');
    expect(agent.emitted).toContainEqual({ type: 'effect.cancel', timerId: 'lease' });
    // Ringing for a contact (an offer, not a bare lease): the holder's stop does not pull it.
    agent.send(reserve());
    agent.send(offer(agent.context().fence, 'c1', 'voice'));
    agent.send({ type: 'holder.stopped', centre: holder.split('/')[0] ?? '' });
    expect(agent.state()).toBe('offered');
  });
});

describe("agent: a lease for its own centre's bid is not published (issue: the auction at the speed of the wire)", () => {
  const releaseOf = ({ lease }: ReturnType<ReturnType<typeof readyAgent>['context']>) =>
    ({
      type: 'reserve.release',
      v: 1,
      id: 'release',
      from: 'paris/contact/c1',
      ts: 0,
      body: { agent: 'a1', leaseId: lease?.leaseId ?? '', fence: lease?.fence ?? 0 },
    }) as const;
  const forBid = (body: Parameters<typeof reserve>[0] = {}) => ({ ...reserve(body), from: 'london/bid/auction-1' });
  const publications = (effects: ReturnType<ReturnType<typeof readyAgent>['send']>) => effects.filter((e) => e.type === 'effect.publish');

  it("tells only its router of a lease its centre's bid holds, at the same rev, and of its end the same way", () => {
    const agent = readyAgent();
    const { rev } = agent.context();
    const granted = agent.send(forBid());
    expect(agent.state()).toBe('reserved');
    expect(publications(granted)).toEqual([]);
    expect(sent(granted, 'agent.snapshot')).toEqual([expect.objectContaining({ state: 'reserved', rev })]);
    expect(sent(granted, 'reserve.granted')).toEqual([expect.objectContaining({ rev })]);
    const released = agent.send({ ...releaseOf(agent.context()), from: 'london/bid/auction-1' });
    expect(agent.state()).toBe('idle');
    expect(publications(released)).toEqual([]);
    expect(sent(released, 'agent.snapshot')).toEqual([expect.objectContaining({ state: 'idle', rev, idleSince: 100 })]);
  });

  it('publishes a lease a contact holds, and its end, as every other change', () => {
    const agent = readyAgent();
    const { rev } = agent.context();
    expect(publications(agent.send(reserve()))).toHaveLength(1);
    expect(agent.published()).toMatchObject({ state: 'reserved', rev: rev + 1 });
    expect(publications(agent.send(releaseOf(agent.context())))).toHaveLength(1);
    expect(agent.published()).toMatchObject({ state: 'idle', rev: rev + 2 });
  });

  it('publishes the end of an unpublished lease once it has refused someone for it, so their router tries the agent again', () => {
    const agent = readyAgent();
    const { rev } = agent.context();
    agent.send(forBid());
    expect(sent(agent.send(reserve({ contact: 'c2' })), 'reserve.denied')).toEqual([expect.objectContaining({ reason: 'leased' })]);
    expect(publications(agent.send({ ...releaseOf(agent.context()), from: 'london/bid/auction-1' }))).toHaveLength(1);
    expect(agent.published()).toMatchObject({ state: 'idle', rev: rev + 1 });
  });

  it('publishes the offer that uses the lease, with a newer rev than the grant named', () => {
    const agent = readyAgent();
    const { rev } = agent.context();
    agent.send(forBid());
    expect(publications(agent.send(offer(agent.context().fence)))).toHaveLength(1);
    expect(agent.published()).toMatchObject({ state: 'offered', rev: rev + 1 });
  });
});

describe('agent: offers', () => {
  it('refuses an offer without the current fence, and rings for one with it', () => {
    const agent = readyAgent();
    expect(sent(agent.send(offer(0)), 'offer.result')).toEqual([
      { agent: 'a1', contact: 'c1', result: 'refused', reason: expect.any(String) },
    ]);
    agent.send(reserve());
    expect(sent(agent.send(offer(7)), 'offer.result')[0]?.result).toBe('refused');
    const effects = agent.send(offer(1));
    expect(agent.state()).toBe('offered');
    expect(effects).toContainEqual({ type: 'effect.adapter', command: { kind: 'offer', agent: 'a1', contact: 'c1', media: 'voice' } });
    expect(effects).toContainEqual({
      type: 'effect.schedule',
      timerId: 'offer',
      delayMs: 10_000,
      event: { type: 'offer.timeout', fence: 1 },
    });
  });

  it('becomes busy when it answers, and wraps up after its last contact', () => {
    const agent = assigned();
    expect(agent.published()).toMatchObject({ state: 'busy', load: { voice: 1 }, idleSince: null });
    expect(sent(agent.emitted, 'offer.result').at(-1)).toEqual({ agent: 'a1', contact: 'c1', result: 'accepted' });
    agent.send(workEnded('c1'));
    expect(agent.state()).toBe('wrapUp');
    agent.send({ type: 'wrapUp.done', at: 9_000 });
    expect(agent.published()).toMatchObject({ state: 'idle', idleSince: 9_000, load: {} });
  });

  it('ends work only at the word of the centre that gave it: another centre naming the contact ends nothing', () => {
    const agent = assigned();
    agent.send({ ...workEnded('c1'), from: 'paris/contact/c1' });
    expect(agent.published()).toMatchObject({ state: 'busy' });
    expect(agent.context().work).toEqual([expect.objectContaining({ contact: 'c1' })]);
    agent.send(workEnded('c1'));
    expect(agent.state()).toBe('wrapUp');
  });

  it('goes not ready after too many missed offers, then comes back by itself with a doubling back-off', () => {
    const agent = readyAgent();
    const miss = () => {
      agent.send(reserve());
      agent.send(offer(agent.context().fence));
      return agent.send({ type: 'offer.timeout', fence: agent.context().fence });
    };
    expect(sent(miss(), 'offer.result')[0]?.result).toBe('missed');
    expect(agent.state()).toBe('idle');
    const second = miss();
    expect(agent.published()).toMatchObject({ state: 'notReady', reason: 'ringFail' });
    expect(second).toContainEqual({ type: 'effect.schedule', timerId: 'ringFail', delayMs: 30_000, event: { type: 'ringFail.return' } });
    agent.send({ type: 'ringFail.return' });
    expect(agent.state()).toBe('idle');
    miss();
    expect(miss()).toContainEqual({ type: 'effect.schedule', timerId: 'ringFail', delayMs: 60_000, event: { type: 'ringFail.return' } });
  });

  it('does not count a declined offer towards ring-fail, and stops the ringing', () => {
    const agent = readyAgent({ policy: { ringFail: { maxMissed: 1, backoffMs: 1, maxBackoffMs: 1 } } });
    agent.send(reserve());
    agent.send(offer(1));
    const effects = agent.send({ type: 'declined', contact: 'c1' });
    expect(agent.state()).toBe('idle');
    expect(effects).toContainEqual({ type: 'effect.adapter', command: { kind: 'stopRinging', agent: 'a1', contact: 'c1' } });
    expect(sent(effects, 'offer.result')[0]?.result).toBe('declined');
  });

  it('declines a ringing offer when the agent goes not ready', () => {
    const agent = readyAgent();
    agent.send(reserve());
    agent.send(offer(1));
    const effects = agent.send({ type: 'notReady', reason: 'break' });
    expect(sent(effects, 'offer.result')[0]?.result).toBe('declined');
    expect(agent.context().offer).toBeNull();
  });

  it('takes chats up to its chat capacity', () => {
    const agent = assigned('c1', 'chat');
    for (const contact of ['c2', 'c3']) {
      agent.send(reserve({ contact, media: 'chat' }));
      agent.send(offer(agent.context().fence, contact, 'chat'));
      agent.send({ type: 'answered', contact });
    }
    expect(agent.published()).toMatchObject({ state: 'busy', load: { chat: 3 } });
    expect(sent(agent.send(reserve({ contact: 'c4', media: 'chat' })), 'reserve.denied')[0]?.reason).toBe('noCapacity');
    agent.send(workEnded('c2'));
    expect(agent.published()).toMatchObject({ state: 'busy', load: { chat: 2 } });
  });
});

describe('agent: pure transitions', () => {
  it('publishes the state it is in when a change does not move it, under the pure transition() the model checker uses', () => {
    const agent = readyAgent();
    const [, actions] = transition(agentMachine, agent.actor.getSnapshot(), { type: 'update', skills: { billing: 9 }, at: 500 });
    const published = actions.flatMap((a) => {
      const effect = (a as { params?: { event?: { type?: string; message?: { body?: { state?: string } } } } }).params?.event;
      return effect?.type === 'effect.publish' ? [effect.message?.body?.state] : [];
    });
    expect(published).toEqual(['idle']);
  });
});
