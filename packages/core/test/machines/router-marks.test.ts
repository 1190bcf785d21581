import { describe, expect, it } from 'vitest';
import { createStepper } from '../../src/check/index.js';
import type { Effect } from '../../src/effects/effects.js';
import { routerMachine } from '../../src/machines/router/index.js';
import type { AgentSnapshot, ContactSnapshot } from '../../src/protocol/index.js';

// The router's marks (an agent it assigned is shown reserved until the round is over), taken step
// by step on the pure machine. A walk of the model checker found an agent left marked for ever.

const l2: AgentSnapshot = {
  id: 'l2',
  home: 'london',
  rev: 5,
  state: 'idle',
  displayName: 'l2',
  skills: { billing: 5 },
  capacity: { voice: 1 },
  load: {},
  idleSince: 0,
  updatedAt: 0,
};

const romeContact = (id: string, change: Partial<ContactSnapshot> = {}): ContactSnapshot => ({
  id,
  owner: 'rome',
  rev: 1,
  state: 'queued',
  media: 'voice',
  skillset: 'billing',
  requirements: [{ skill: 'billing', minProficiency: 1 }],
  priority: 0,
  arrivedAt: 0,
  seniority: 0,
  updatedAt: 0,
  ...change,
});

let n = 0;
const message = (type: string, from: string, body: unknown, at: number) => ({ type, v: 1, id: `m${++n}`, from, ts: at, body, at });
const assigned = (effects: readonly Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'effect.send' && e.message.type === 'route.assign' ? [[e.to, (e.message.body as { agent: string }).agent]] : [],
  );

/** A router of London's on the pure machine, and `take`, which steps it and returns the effects. */
function londonRouter(policy: Record<string, unknown> = {}) {
  const router = createStepper(routerMachine);
  let { snapshot } = router.start({ centre: 'london', policy: { mode: { kind: 'network' }, ...policy }, at: 0 });
  return (event: { type: string; at?: number }) => {
    const stepped = router.step(snapshot, event);
    snapshot = stepped.snapshot;
    return stepped.effects;
  };
}

describe('the router’s mark on an agent it assigned', () => {
  it('gives way to the agent’s own snapshot when the contact moved on and the agent published nothing newer', () => {
    const take = londonRouter();
    take(message('agent.snapshot', 'london/agent/l2', l2, 1));
    // Rome's caller waits; London, the agent's home, chooses its free agent for it (and marks it reserved).
    expect(assigned(take(message('contact.snapshot', 'rome/contact/c3', romeContact('c3'), 2)))).toEqual([
      ['rome/contact/c3', 'london/agent/l2'],
    ]);
    // The contact moved for that assignment, but with a lease that had run out: the agent never changed.
    take(message('contact.snapshot', 'rome/contact/c3', romeContact('c3', { rev: 2, state: 'forwarded', agent: 'london/agent/l2' }), 3));
    // The next caller gets the agent: the mark did not outlive the round.
    expect(assigned(take(message('contact.snapshot', 'rome/contact/c9', romeContact('c9'), 4)))).toEqual([
      ['rome/contact/c9', 'london/agent/l2'],
    ]);
  });

  it('forgets another centre’s contact whose owner never answered, until the owner speaks again', () => {
    const take = londonRouter({ pendingMs: 5_000 });
    take(message('agent.snapshot', 'london/agent/l2', l2, 1));
    // Rome hangs: its caller is assigned London's agent, and no answer ever comes.
    expect(assigned(take(message('contact.snapshot', 'rome/contact/c3', romeContact('c3'), 2)))).toEqual([
      ['rome/contact/c3', 'london/agent/l2'],
    ]);
    // Past the pending time the marks go, and Rome's silent caller does not take l2 again.
    expect(assigned(take({ type: 'recheck', at: 6_000 }))).toEqual([]);
    expect(assigned(take({ type: 'recheck', at: 12_000 }))).toEqual([]);
    // l2 is free for the next caller of a centre that answers.
    expect(assigned(take(message('contact.snapshot', 'rome/contact/c4', romeContact('c4'), 12_001)))).toEqual([
      ['rome/contact/c4', 'london/agent/l2'],
    ]);
    // Rome speaks again (c3 at a newer rev): its caller is London's to choose for once more.
    take(message('contact.snapshot', 'rome/contact/c4', romeContact('c4', { rev: 2, state: 'ended' }), 12_002));
    expect(assigned(take(message('contact.snapshot', 'rome/contact/c3', romeContact('c3', { rev: 2 }), 12_003)))).toEqual([
      ['rome/contact/c3', 'london/agent/l2'],
    ]);
  });
});
