import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type Op, op, runScenario } from './network-scenario.js';

// Fixed runs of the network scenario: one per kind of fault with a fixed seed, and every
// counterexample the property test found once, so each stays fixed.
const scriptOf = (seed: number): Op[] => fc.sample(fc.array(op, { minLength: 40, maxLength: 40 }), { seed, numRuns: 1 })[0] ?? [];

describe('the network scenario with fixed seeds', () => {
  const plans = {
    'no faults': {},
    drop: { drop: 0.2 },
    duplicate: { duplicate: 0.3 },
    reorder: { reorder: 0.3 },
  } as const;
  for (const [name, plan] of Object.entries(plans)) {
    for (const seed of [1, 2, 3]) {
      it(`${name}, seed ${seed} (with partitions and restarts in the script)`, async () => {
        await runScenario(scriptOf(seed), plan, seed);
      });
    }
  }
});

describe('counterexamples the property test found', () => {
  const found: [string, Op[], Record<string, number>, number][] = [
    [
      'a restart amid dropped messages',
      [
        { op: 'ready', agent: 0 },
        { op: 'notReady', agent: 0 },
        { op: 'arrive', centre: 2 },
        { op: 'wait', ms: 2000 },
        { op: 'ready', agent: 1 },
        { op: 'restart', centre: 1 },
        { op: 'answer', pick: 0 },
        { op: 'restart', centre: 2 },
        { op: 'arrive', centre: 0 },
      ],
      { drop: 0.2 },
      195,
    ],
    [
      'two restarts of one centre amid reordered messages',
      [
        { op: 'ready', agent: 1 },
        { op: 'ready', agent: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'restart', centre: 0 },
        { op: 'wait', ms: 2000 },
        { op: 'restart', centre: 0 },
        { op: 'heal' },
        { op: 'ready', agent: 0 },
        { op: 'end', pick: 0 },
        { op: 'partition', centre: 0 },
        { op: 'answer', pick: 0 },
      ],
      { reorder: 0.3 },
      996,
    ],
    [
      'a restart between adoption and its acknowledgement',
      [
        { op: 'arrive', centre: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'wait', ms: 100 },
        { op: 'ready', agent: 1 },
        { op: 'restart', centre: 0 },
        { op: 'partition', centre: 0 },
        { op: 'answer', pick: 0 },
        { op: 'wait', ms: 0 },
        { op: 'answer', pick: 0 },
        { op: 'partition', centre: 0 },
      ],
      { drop: 0.2 },
      7,
    ],
    [
      'a contact the ACD reported again after a restart, then abandoned, is not brought back by a late snapshot',
      [
        { op: 'arrive', centre: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'restart', centre: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'answer', pick: 0 },
        { op: 'answer', pick: 0 },
        { op: 'answer', pick: 0 },
        { op: 'abandon', pick: 0 },
      ],
      { drop: 0.05 },
      929,
    ],
    [
      'a restart of the old owner while its handover request is retransmitted',
      [
        { op: 'wait', ms: 2000 },
        { op: 'arrive', centre: 2 },
        { op: 'arrive', centre: 0 },
        { op: 'ready', agent: 1 },
        { op: 'restart', centre: 2 },
        { op: 'answer', pick: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'end', pick: 0 },
        { op: 'partition', centre: 0 },
      ],
      { drop: 0.2 },
      743,
    ],
    [
      'a restart during a partition, while the contact was moving: its renewed ask ends older than the new copy',
      [
        { op: 'arrive', centre: 0 },
        { op: 'ready', agent: 3 },
        { op: 'partition', centre: 0 },
        { op: 'restart', centre: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'end', pick: 0 },
        { op: 'arrive', centre: 0 },
        { op: 'wait', ms: 0 },
        { op: 'ready', agent: 0 },
      ],
      { drop: 0.05 },
      993,
    ],
  ];
  for (const [name, ops, plan, seed] of found) {
    it(name, async () => {
      await runScenario(ops, plan, seed);
    });
  }
});
