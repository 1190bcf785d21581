import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import { type ContactEvent, type ContactInput, contactMachine } from '../../src/machines/contact/index.js';
import type { ContactSnapshot, CustomerCommand } from '../../src/protocol/index.js';

export const token = 'ab'.repeat(32);

export const contactInput: ContactInput = {
  id: 'c1',
  owner: 'london',
  router: 'london/router/main',
  media: 'voice',
  skillset: 'billing',
  priority: 3,
  tokenHash: token,
  at: 1_000,
  policy: { maxWaitMs: 600_000, leaseMs: 4_000, wrapUpMs: 20_000, skillsets: ['billing', 'sales'] },
};

let n = 0;
const envelope = <T extends string, B>(type: T, from: string, body: B) => ({ type, v: 1, id: `m${++n}`, from, ts: 0, body });

export const assign = (agent = 'london/agent/a1') => envelope('route.assign', 'london/router/main', { contact: 'c1', agent });
export const granted = (requestId: string, fence = 1, agent = 'a1') =>
  envelope('reserve.granted', `london/agent/${agent}`, { requestId, agent, leaseId: `${agent}:${fence}`, fence, expiresAt: 0 });
export const denied = (requestId: string, reason = 'notIdle') =>
  envelope('reserve.denied', 'london/agent/a1', { requestId, agent: 'a1', reason });
export const result = (outcome: 'accepted' | 'missed' | 'declined' | 'refused', from = 'london/agent/a1') =>
  envelope('offer.result', from, { agent: 'a1', contact: 'c1', result: outcome });
export const customer = (command: CustomerCommand, commandId = `cmd-${++n}`, tokenHash = token) =>
  envelope('command.request', 'gateway/session/s1', { commandId, tokenHash, command });

/** Runs the contact machine as a plain actor and records the effects it emits. */
export function driveContact(overrides: Partial<ContactInput> = {}) {
  const actor = createActor(contactMachine, { input: { ...contactInput, ...overrides } });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect));
  actor.start();
  let now = contactInput.at;
  const send = (event: Record<string, unknown> & { type: string }, at?: number): Effect[] => {
    const from = emitted.length;
    now = at ?? now + 1;
    actor.send({ ...event, at: now } as ContactEvent);
    return emitted.slice(from);
  };
  return {
    actor,
    emitted,
    send,
    value: () => actor.getSnapshot().value as string,
    context: () => actor.getSnapshot().context,
    published: (): ContactSnapshot => {
      const last = [...emitted].reverse().find((e) => e.type === 'effect.publish');
      if (last === undefined || last.type !== 'effect.publish') throw new Error('nothing published');
      return last.message.body as ContactSnapshot;
    },
  };
}

export const sentTo = (effects: Effect[], type: string) =>
  effects.flatMap((e) =>
    e.type === 'effect.send' && e.message.type === type ? [{ to: e.to, ...(e.message.body as Record<string, unknown>) }] : [],
  );
