import { describe, expect, it } from 'vitest';
import { assign, customer, denied, driveContact, granted, result, sentTo, token } from './contact-driver.js';

const offered = () => {
  const contact = driveContact();
  contact.send(assign());
  contact.send(granted('c1:1'));
  return contact;
};
const connected = () => {
  const contact = offered();
  contact.send(result('accepted'));
  return contact;
};

describe('contact: routing', () => {
  it('arrives queued, publishes itself, tells the router and sets its expiry', () => {
    const contact = driveContact();
    expect(contact.value()).toBe('queued');
    expect(contact.published()).toMatchObject({ id: 'c1', owner: 'london', rev: 1, state: 'queued', seniority: 1_000, tokenHash: token });
    expect(sentTo(contact.emitted, 'contact.snapshot')).toEqual([expect.objectContaining({ to: 'london/router/main', state: 'queued' })]);
    expect(contact.emitted).toContainEqual({ type: 'effect.schedule', timerId: 'expire', delayMs: 600_000, event: { type: 'expire' } });
  });

  it('refuses an assignment whose requirements drop a skill it needs: a router relaxes proficiency, never a skill', () => {
    const contact = driveContact();
    for (const requirements of [[], [{ skill: 'sales', minProficiency: 1 }]]) {
      const effects = contact.send({ ...assign(), body: { contact: 'c1', agent: 'paris/agent/p1', requirements } });
      expect(contact.value()).toBe('queued');
      expect(sentTo(effects, 'route.failed')).toEqual([expect.objectContaining({ agent: 'paris/agent/p1', reason: 'stale' })]);
    }
  });

  it('takes the answer to its handover only from the centre it asked: a forged acceptance from another does not end it here', () => {
    const contact = driveContact();
    contact.send(assign('paris/agent/p1'));
    const asked = contact.send({ ...granted('c1:1', 4, 'p1'), from: 'paris/agent/p1' });
    const [request] = sentTo(asked, 'handover.request');
    expect(request).toMatchObject({ to: 'paris/handover/main' });
    const ack = (from: string) => ({
      type: 'handover.ack',
      v: 1,
      id: `ack-${from}`,
      from,
      ts: 0,
      body: { handoverId: contact.context().handover?.id, contact: 'c1', rev: contact.context().rev, result: 'accepted' },
    });
    contact.send(ack('rome/handover/main'));
    expect(contact.context().outcome).toBeNull();
    contact.send(ack('paris/handover/main'));
    expect(contact.context().outcome).toBe('forwarded');
  });

  it('reserves the agent the router assigns, saying what it needs, with a deadline for the answer', () => {
    const contact = driveContact();
    const effects = contact.send(assign());
    expect(contact.value()).toBe('reserving');
    expect(sentTo(effects, 'reserve.request')).toEqual([
      {
        to: 'london/agent/a1',
        requestId: 'c1:1',
        agent: 'a1',
        contact: 'c1',
        leaseMs: 4_000,
        media: 'voice',
        requirements: [{ skill: 'billing', minProficiency: 1 }],
      },
    ]);
    expect(effects).toContainEqual({
      type: 'effect.schedule',
      timerId: 'reserve',
      delayMs: 4_000,
      event: { type: 'reserve.timeout', requestId: 'c1:1' },
    });
  });

  it('refuses an assignment made for an older version of itself (it switched queue since)', () => {
    const contact = driveContact();
    contact.send(customer({ kind: 'switchQueue', skillset: 'sales' }));
    const effects = contact.send({ ...assign(), body: { contact: 'c1', agent: 'london/agent/a1', rev: 1 } });
    expect(contact.value()).toBe('queued');
    expect(sentTo(effects, 'route.failed')).toEqual([
      { to: 'london/router/main', contact: 'c1', agent: 'london/agent/a1', reason: 'stale', rev: 2 },
    ]);
    contact.send({ ...assign(), body: { contact: 'c1', agent: 'london/agent/a1', rev: 2 } });
    expect(contact.value()).toBe('reserving');
  });

  it('offers itself under the granted fence, and ignores an answer to an older request', () => {
    const contact = driveContact();
    contact.send(assign());
    contact.send(granted('c1:0', 9));
    expect(contact.value()).toBe('reserving');
    const effects = contact.send(granted('c1:1', 4));
    expect(contact.value()).toBe('offered');
    expect(sentTo(effects, 'offer.request')).toEqual([{ to: 'london/agent/a1', agent: 'a1', contact: 'c1', media: 'voice', fence: 4 }]);
  });

  it.each([
    ['denied', (c: ReturnType<typeof driveContact>) => c.send(denied('c1:1', 'leased')), 'leased'],
    ['unanswered', (c: ReturnType<typeof driveContact>) => c.send({ type: 'reserve.timeout', requestId: 'c1:1' }), 'no answer'],
  ] as const)('goes back to the queue and asks the router for the next agent when the reservation is %s', (_, fail, reason) => {
    const contact = driveContact();
    contact.send(assign());
    const effects = fail(contact);
    expect(contact.value()).toBe('queued');
    expect(sentTo(effects, 'route.failed')).toEqual([
      { to: 'london/router/main', contact: 'c1', agent: 'london/agent/a1', reason, rev: expect.any(Number) },
    ]);
    expect(contact.published()).toMatchObject({ state: 'queued', seniority: 1_000 });
  });

  it('is connected when the agent answers, and re-queues when the offer is missed', () => {
    expect(connected().value()).toBe('connected');
    const missed = offered();
    expect(sentTo(missed.send(result('missed')), 'route.failed')[0]).toMatchObject({ reason: 'missed' });
    expect(missed.value()).toBe('queued');
  });

  it('ignores an offer result from an agent it did not offer itself to', () => {
    const contact = offered();
    contact.send(result('accepted', 'london/agent/a9'));
    expect(contact.value()).toBe('offered');
  });

  it('wraps up after the conversation and ends handled', () => {
    const contact = connected();
    contact.send({ type: 'ended' });
    expect(contact.value()).toBe('wrapUp');
    contact.send({ type: 'wrapped' });
    expect(contact.actor.getSnapshot().status).toBe('done');
    expect(contact.actor.getSnapshot().output).toMatchObject({ outcome: 'handled' });
  });

  it('gives its lease back when the customer hangs up during the offer', () => {
    const contact = offered();
    const effects = contact.send({ type: 'abandoned' });
    expect(contact.actor.getSnapshot().output).toMatchObject({ outcome: 'abandoned', reason: 'the customer hung up' });
    expect(sentTo(effects, 'reserve.release')).toEqual([{ to: 'london/agent/a1', agent: 'a1', leaseId: 'a1:1', fence: 1 }]);
  });

  it('expires when it has waited too long, also if it comes back to the queue late', () => {
    const waiting = driveContact();
    waiting.send({ type: 'expire' });
    expect(waiting.actor.getSnapshot().output).toMatchObject({ outcome: 'expired' });
    const late = driveContact();
    late.send(assign());
    late.send(denied('c1:1'), 601_001);
    expect(late.actor.getSnapshot().output).toMatchObject({ outcome: 'expired' });
  });
});

describe('contact: customer commands (status-page claims 5, 6, 30, 31, 35–38)', () => {
  it('switches queue and keeps its seniority and priority', () => {
    const contact = driveContact();
    const effects = contact.send(customer({ kind: 'switchQueue', skillset: 'sales' }, 'k1'));
    expect(sentTo(effects, 'command.result')).toEqual([{ to: 'gateway/session/s1', commandId: 'k1', accepted: true }]);
    expect(contact.published()).toMatchObject({
      skillset: 'sales',
      requirements: [{ skill: 'sales', minProficiency: 1 }],
      seniority: 1_000,
      priority: 3,
      rev: 2,
    });
  });

  it.each([
    [{ kind: 'switchQueue', skillset: 'billing' } as const, /already in the billing queue/],
    [{ kind: 'switchQueue', skillset: 'golf' } as const, /no golf queue here; choose one of billing, sales/],
  ])('rejects %j with a reason', (command, reason) => {
    const contact = driveContact();
    const [answer] = sentTo(contact.send(customer(command)), 'command.result');
    expect(answer).toMatchObject({ accepted: false, reason: expect.stringMatching(reason) });
    expect(contact.published().rev).toBe(1);
  });

  it.each([
    [{ kind: 'requestCallback', number: '+44 20 7946 0000' } as const, 'callback', 'a call-back'],
    [{ kind: 'switchToEmail', address: 'ann@example.com', text: 'Please call' } as const, 'email', 'an e-mail'],
    [{ kind: 'switchToWebForm', fields: { topic: 'refund' } } as const, 'webform', 'a web form'],
  ])('leaves the queue for a substitute on %j, which keeps seniority and priority', (command, kind, described) => {
    const contact = driveContact();
    const effects = contact.send(customer(command));
    expect(contact.actor.getSnapshot().output).toMatchObject({
      outcome: 'substituted',
      substitute: `c1.${kind}`,
      reason: `replaced by ${described}`,
    });
    expect(effects).toContainEqual({
      type: 'effect.adapter',
      command: {
        kind: 'substitute',
        contact: 'c1',
        substitute: expect.objectContaining({ kind, id: `c1.${kind}` }),
        skillset: 'billing',
        seniority: 1_000,
        priority: 3,
      },
    });
    expect(contact.published()).toMatchObject({ state: 'substituted', substitute: `c1.${kind}` });
  });

  it('cancels at the customer’s request', () => {
    const contact = driveContact();
    contact.send(customer({ kind: 'cancel' }));
    expect(contact.actor.getSnapshot().output).toMatchObject({ outcome: 'abandoned', reason: 'cancelled by the customer' });
  });

  it('gives a repeated command id the answer it gave first, and does it only once', () => {
    const contact = driveContact();
    contact.send(customer({ kind: 'switchQueue', skillset: 'sales' }, 'same'));
    const again = contact.send(customer({ kind: 'switchQueue', skillset: 'billing' }, 'same'));
    expect(sentTo(again, 'command.result')).toEqual([{ to: 'gateway/session/s1', commandId: 'same', accepted: true }]);
    expect(contact.context().skillset).toBe('sales');
    expect(again.filter((e) => e.type === 'effect.publish')).toEqual([]);
  });

  it('rejects a command that does not carry the contact’s token hash', () => {
    const contact = driveContact();
    const [answer] = sentTo(contact.send(customer({ kind: 'cancel' }, 'x', 'cd'.repeat(32))), 'command.result');
    expect(answer).toMatchObject({ accepted: false, reason: expect.stringMatching(/token/) });
    expect(contact.value()).toBe('queued');
  });

  it.each([
    ['being connected', offered, /being connected/],
    ['connected', connected, /connected to an agent/],
  ] as const)('rejects every command while %s, with a reason', (_, make, reason) => {
    const contact = make();
    for (const command of [{ kind: 'cancel' } as const, { kind: 'switchQueue', skillset: 'sales' } as const]) {
      expect(sentTo(contact.send(customer(command)), 'command.result')[0]).toMatchObject({
        accepted: false,
        reason: expect.stringMatching(reason),
      });
    }
  });
});

describe('contact: what the ACD is told', () => {
  const adapterKinds = (effects: ReturnType<ReturnType<typeof driveContact>['send']>) =>
    effects.flatMap((e) => (e.type === 'effect.adapter' ? [e.command] : []));

  it('asks the ACD to connect the customer when the agent answers', () => {
    const contact = offered();
    expect(adapterKinds(contact.send(result('accepted')))).toEqual([{ kind: 'connect', contact: 'c1', agent: 'a1' }]);
  });

  it.each([
    [
      'the customer cancels on the status page',
      (c: ReturnType<typeof driveContact>) => c.send(customer({ kind: 'cancel' })),
      'abandoned',
      'cancelled by the customer',
    ],
    ['it waits too long', (c: ReturnType<typeof driveContact>) => c.send({ type: 'expire' }), 'expired', 'expired'],
    [
      'a substitute replaces it',
      (c: ReturnType<typeof driveContact>) => c.send(customer({ kind: 'switchToEmail', address: 'a@b.c', text: 'hi' })),
      'substituted',
      'replaced by an e-mail',
    ],
  ] as const)('asks the ACD to take the call out of its queue when %s', (_, act, outcome, reason) => {
    const contact = driveContact();
    expect(adapterKinds(act(contact))).toContainEqual({ kind: 'end', contact: 'c1', outcome, reason });
  });

  it('does not tell the ACD about an abandon the ACD reported', () => {
    const contact = driveContact();
    expect(adapterKinds(contact.send({ type: 'abandoned' }))).toEqual([]);
  });
});
