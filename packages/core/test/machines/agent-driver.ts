import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import { type AgentEvent, type AgentInput, agentMachine, agentStateOf } from '../../src/machines/agent/index.js';
import type { AgentSnapshot } from '../../src/protocol/index.js';

export const input: AgentInput = {
  id: 'a1',
  home: 'london',
  router: 'london/router/main',
  displayName: 'Ada',
  skills: { billing: 5, sales: 2 },
  languages: ['en'],
  policy: {
    offerTimeoutMs: 10_000,
    wrapUpMs: 5_000,
    ringFail: { maxMissed: 2, backoffMs: 30_000, maxBackoffMs: 300_000 },
    maxLeaseMs: 20_000,
  },
  at: 0,
};

type Send = <T extends AgentEvent['type']>(event: Omit<Extract<AgentEvent, { type: T }>, 'at'> & { type: T; at?: number }) => Effect[];

/** Runs the agent machine as a plain actor (no runtime) and records the effects it emits. */
export function driveAgent(overrides: Partial<AgentInput> = {}) {
  const actor = createActor(agentMachine, { input: { ...input, ...overrides } });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect));
  actor.start();
  let now = 0;
  const send: Send = (event) => {
    const from = emitted.length;
    now = event.at ?? now + 1;
    actor.send({ ...event, at: now } as AgentEvent);
    return emitted.slice(from);
  };
  return {
    actor,
    emitted,
    send,
    state: () => agentStateOf(actor.getSnapshot().value),
    context: () => actor.getSnapshot().context,
    /** The last published snapshot. */
    published: (): AgentSnapshot => {
      const last = [...emitted].reverse().find((e) => e.type === 'effect.publish');
      if (last === undefined || last.type !== 'effect.publish') throw new Error('nothing published');
      return last.message.body as AgentSnapshot;
    },
  };
}

let n = 0;
export const reserve = (
  body: Partial<{
    contact: string;
    leaseMs: number;
    media: 'voice' | 'chat' | 'email';
    requirements: { skill: string; minProficiency: number }[];
    language: string;
  }> = {},
) =>
  ({
    type: 'reserve.request',
    v: 1,
    id: `m${++n}`,
    from: 'paris/contact/c1',
    ts: 0,
    body: { requestId: `r${n}`, agent: 'a1', contact: body.contact ?? 'c1', leaseMs: body.leaseMs ?? 3_000, ...body },
  }) as const;

export const offer = (fence: number, contact = 'c1', media: 'voice' | 'chat' | 'email' = 'voice') =>
  ({
    type: 'offer.request',
    v: 1,
    id: `m${++n}`,
    from: `london/contact/${contact}`,
    ts: 0,
    body: { agent: 'a1', contact, media, fence },
  }) as const;

export const sent = (effects: Effect[], type: string) =>
  effects.flatMap((e) => (e.type === 'effect.send' && e.message.type === type ? [e.message.body as Record<string, unknown>] : []));

/** The contact tells the agent its work on it ended. */
export const workEnded = (contact = 'c1') =>
  ({ type: 'work.ended', v: 1, id: `m${++n}`, from: `london/contact/${contact}`, ts: 0, body: { agent: 'a1', contact } }) as const;
