import { describe, expect, it } from 'vitest';
import { invariants, type NetworkModelOptions, walk } from '../../src/check/index.js';
import { agentMachine } from '../../src/machines/agent/machine.js';
import { contactMachine } from '../../src/machines/contact/machine.js';
import { routerMachine } from '../../src/machines/router/machine.js';
import { busyNetwork, seeds } from './networks.js';

// Would the checker have caught it? Seeded mutants of the production machines — an action that
// forgets to tell, a refusal never sent — each caught by seeded walks through a busy, faulty network
// with the property it breaks. (More, caught by the exhaustive search and by walks, are in
// explore.test.ts and walks.test.ts; docs/model-checking.md lists them all.)

const busy = (machines: NonNullable<NetworkModelOptions['machines']>) => busyNetwork({ machines });

const nothing = () => {};
const capacity = invariants.agentCapacity.name;
const liveness = invariants.nobodyLeftWaiting.name;

const mutants: readonly [string, NonNullable<NetworkModelOptions['machines']>, string][] = [
  ['an agent that takes the call without telling the contact', { agent: agentMachine.provide({ actions: { answer: nothing } }) }, capacity],
  [
    'an agent that ignores an offer it cannot take instead of refusing it',
    { agent: agentMachine.provide({ actions: { refuseOffer: nothing } }) },
    capacity,
  ],
  [
    'a contact adopted under a lease that forgets to ask for its offer',
    { contact: contactMachine.provide({ actions: { offerAdopted: nothing } }) },
    capacity,
  ],
  [
    'a contact that does not tell its router an assignment failed',
    { contact: contactMachine.provide({ actions: { routeFailed: nothing } }) },
    liveness,
  ],
  [
    'a contact that does not refuse an assignment made for an older version of it',
    { contact: contactMachine.provide({ actions: { refuseStale: nothing } }) },
    liveness,
  ],
  ['a contact that publishes none of its changes', { contact: contactMachine.provide({ actions: { publish: nothing } }) }, liveness],
  [
    'a contact that yields to any newer copy elsewhere, not only the one it moved to',
    { contact: contactMachine.provide({ guards: { newerElsewhere: () => true } }) },
    invariants.nothingLost.name,
  ],
  [
    'a router that forgets to undo its marks when an assignment fails',
    { router: routerMachine.provide({ actions: { assignmentFailed: nothing } }) },
    liveness,
  ],
];

describe('mutants caught by seeded walks', { timeout: 120_000 }, () => {
  it.each(mutants)('%s', (_, machines, property) => {
    const result = walk(busy(machines), {
      properties: Object.values(invariants),
      seeds: seeds(80),
      steps: 600,
    });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample?.property).toBe(property);
  });

  it('and the real machines keep every invariant on the same walks', () => {
    const result = walk(busy({}), {
      properties: Object.values(invariants),
      seeds: seeds(80),
      steps: 600,
    });
    expect(result).toMatchObject({ verdict: 'holds', walks: 80 });
  });
});
