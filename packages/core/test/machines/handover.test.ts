import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import type { HandoverEvent, HandoverFacts, HandoverInput } from '../../src/machines/handover/index.js';
import { handoverMachine } from '../../src/machines/handover/index.js';
import type { ContactSnapshot } from '../../src/protocol/index.js';

const input: HandoverInput = { centre: 'paris', router: 'paris/router/main', incarnation: 5_000, contactPolicy: {}, remember: 3 };

const snapshot = (id = 'c1', overrides: { readonly rev?: number; readonly agent?: string | undefined } = {}): ContactSnapshot => {
  const agent = 'agent' in overrides ? overrides.agent : 'paris/agent/a1';
  return {
    id,
    owner: 'london',
    rev: overrides.rev ?? 7,
    state: 'reserving',
    media: 'voice',
    skillset: 'billing',
    requirements: [],
    priority: 0,
    arrivedAt: 100,
    seniority: 100,
    updatedAt: 900,
    ...(agent === undefined ? {} : { agent }),
  };
};

const facts = (overrides: Partial<HandoverFacts> = {}): HandoverFacts => ({
  owner: 'london',
  sender: { incarnation: 1_000, status: 'online' },
  mode: 'network',
  stopping: false,
  held: 'none',
  ...overrides,
});

let at = 1_000;
const request = (
  options: {
    id?: string;
    contact?: ContactSnapshot;
    from?: string;
    fence?: number | undefined;
    incarnation?: number;
    facts?: Partial<HandoverFacts>;
  } = {},
): HandoverEvent => ({
  type: 'handover.request',
  at: ++at,
  from: options.from ?? 'london/contact/c1',
  body: {
    handoverId: options.id ?? 'c1:7',
    contact: options.contact ?? snapshot(),
    ...('fence' in options ? (options.fence === undefined ? {} : { fence: options.fence }) : { fence: 3 }),
    incarnation: options.incarnation ?? 1_000,
  },
  facts: facts(options.facts),
});

const abandoned = (from: string, contact = 'c1', held: HandoverFacts['held'] = 'live'): HandoverEvent => ({
  type: 'contact.abandoned',
  at: ++at,
  from,
  body: { contact },
  facts: { held },
});

function desk() {
  const actor = createActor(handoverMachine, { input });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect as Effect));
  actor.start();
  const send = (event: HandoverEvent): Effect[] => {
    const from = emitted.length;
    actor.send(event);
    return emitted.slice(from);
  };
  return { actor, send };
}

const ackOf = (effects: Effect[]) => {
  const ack = effects.find((e) => e.type === 'effect.send' && e.message.type === 'handover.ack');
  return ack?.type === 'effect.send' ? (ack.message.body as { result: string; reason?: string; handoverId: string }) : undefined;
};
const hosts = (effects: Effect[]) => effects.filter((e) => e.type === 'effect.host');

describe('the handover desk machine', () => {
  it('adopts a contact under its lease: acknowledges to the asker, then starts the contact actor', () => {
    const { send } = desk();
    const out = send(request());
    // The answer goes first: it reaches the old owner before the new copy's first replica does.
    expect(out.map((e) => e.type)).toEqual(['effect.send', 'effect.host']);
    const host = out[1];
    expect(host).toMatchObject({ kind: 'contact', id: 'c1' });
    const adopted = (host as { input: { owner: string; adopted: { agent: string; fence: number; rev: number } } }).input;
    expect(adopted.owner).toBe('paris');
    expect(adopted.adopted).toMatchObject({ agent: 'paris/agent/a1', fence: 3, rev: 4_999 });
    expect(out[0]).toMatchObject({
      to: 'london/contact/c1',
      message: { type: 'handover.ack', body: { handoverId: 'c1:7', contact: 'c1', rev: 7, result: 'accepted' } },
    });
  });

  it('takes a contact with no lease into its queue, going on from a rev past the old owner', () => {
    const { send } = desk();
    const out = send(request({ fence: undefined, contact: snapshot('c1', { agent: undefined, rev: 9_000 }) }));
    const input = (hosts(out)[0] as { input: { rev: number; adopted?: unknown } }).input;
    expect(input.adopted).toBeUndefined();
    expect(input.rev).toBe(9_001);
  });

  it('answers a repeated request with the same answer and adopts nothing twice', () => {
    const { send } = desk();
    send(request());
    const again = send(request({ facts: { held: 'live' } }));
    expect(hosts(again)).toEqual([]);
    expect(ackOf(again)).toEqual({ handoverId: 'c1:7', contact: 'c1', rev: 7, result: 'accepted' });
    // Even if nothing of the contact is here any more: the first answer stands.
    expect(hosts(send(request()))).toEqual([]);
  });

  it('repeats a refusal as a refusal, even once the reason is gone', () => {
    const { send } = desk();
    const first = ackOf(send(request({ facts: { mode: 'local' } })));
    const again = send(request());
    expect(hosts(again)).toEqual([]);
    expect(ackOf(again)).toEqual(first);
    expect(first?.result).toBe('refused');
  });

  it('forgets the oldest answers beyond its bound, so its memory stays finite', () => {
    const { actor, send } = desk();
    for (const n of [1, 2, 3, 4]) send(request({ id: `c${n}:7`, contact: snapshot(`c${n}`), from: `london/contact/c${n}` }));
    const { answered, handedFrom } = actor.getSnapshot().context;
    expect(answered.map((a) => a.handoverId)).toEqual(['c2:7', 'c3:7', 'c4:7']);
    expect(handedFrom.map((h) => h.contact)).toEqual(['c2', 'c3', 'c4']);
  });

  it('refuses a request from an earlier life of the sender', () => {
    const { send } = desk();
    const out = send(request({ incarnation: 900 }));
    expect(hosts(out)).toEqual([]);
    expect(ackOf(out)).toMatchObject({ result: 'refused', reason: 'the request is from an earlier life of london' });
  });

  it('takes a request from the sender’s current life', () => {
    const { send } = desk();
    expect(ackOf(send(request({ incarnation: 1_000 })))?.result).toBe('accepted');
  });

  it('refuses a contact the network knows as a third centre’s', () => {
    const { send } = desk();
    const out = send(request({ facts: { owner: 'berlin' } }));
    expect(hosts(out)).toEqual([]);
    expect(ackOf(out)?.reason).toBe("the network knows contact c1 as berlin's, not london's");
  });

  it('refuses a request from a sender the network knows as offline', () => {
    const { send } = desk();
    const out = send(request({ facts: { sender: { incarnation: 1_000, status: 'offline' } } }));
    expect(hosts(out)).toEqual([]);
    expect(ackOf(out)?.reason).toBe('london is offline; a request of its last life arrived late');
  });

  it('refuses every handover in local mode', () => {
    const { send } = desk();
    const out = send(request({ facts: { mode: 'local' } }));
    expect(hosts(out)).toEqual([]);
    expect(ackOf(out)?.reason).toBe('paris routes locally and takes no contacts from the network');
  });

  it('refuses a lease that names no agent', () => {
    const { send } = desk();
    const out = send(request({ contact: snapshot('c1', { agent: undefined }) }));
    expect(hosts(out)).toEqual([]);
    expect(ackOf(out)?.reason).toBe('a handover under a lease must name the agent it is for');
  });

  it('refuses while stopping, and when its own copy is handing the contact over (the moves crossed)', () => {
    const { send } = desk();
    expect(ackOf(send(request({ id: 'a', facts: { stopping: true } })))?.reason).toBe('paris is stopping');
    const crossed = send(request({ id: 'b', facts: { held: 'handingOver' } }));
    expect(hosts(crossed)).toEqual([]);
    expect(ackOf(crossed)?.reason).toBe('c1 is still being handed over from paris');
  });

  it('accepts a contact that already lives here without starting it again', () => {
    const { send } = desk();
    const out = send(request({ facts: { held: 'live' } }));
    expect(hosts(out)).toEqual([]);
    expect(ackOf(out)?.result).toBe('accepted');
  });

  it('ends the adopted copy when the centre that handed it over says the customer hung up, and only then', () => {
    const { send } = desk();
    send(request());
    expect(send(abandoned('berlin/contact/c1'))).toEqual([]);
    expect(send(abandoned('london/contact/c1', 'c1', 'none'))).toEqual([]);
    expect(send(abandoned('london/contact/c1'))).toEqual([
      { type: 'effect.send', to: 'paris/contact/c1', message: { type: 'contact.abandoned', body: { contact: 'c1' } } },
    ]);
  });

  it('ignores a hang-up for a contact nobody handed over here', () => {
    const { send } = desk();
    expect(send(abandoned('london/contact/c1'))).toEqual([]);
  });
});
