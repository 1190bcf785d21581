import { describe, expect, it } from 'vitest';
import { invariants, walk } from '../../src/check/index.js';
import { contactMachine } from '../../src/machines/contact/machine.js';
import { handoverMachine } from '../../src/machines/handover/machine.js';
import { busyNetwork, seeds } from './networks.js';

// Deterministic simulation on the checker's engine: seeded random walks through a network too large
// to explore whole — three centres, six callers, five agents, messages in any order, lost and copied.

const properties = Object.values(invariants);
const busy = busyNetwork;

describe('random walks through a busy, faulty network', { timeout: 120_000 }, () => {
  it('keep every invariant on the real machines, walking deep', () => {
    const result = walk(busy(), { properties, seeds: seeds(40), steps: 400 });
    expect(result).toMatchObject({ verdict: 'holds', walks: 40 });
    // Deep walks: hundreds of steps each, not stuck at the start.
    expect(result.steps / result.walks).toBeGreaterThan(100);
  });

  it('keep every invariant with calls that end and customers who hang up wherever their contact is', () => {
    const result = walk(busy({ calls: 'end', hangUps: true }), { properties, seeds: seeds(40), steps: 600 });
    expect(result).toMatchObject({ verdict: 'holds', walks: 40 });
  });

  it('find what a contact that takes a refused handover for an accepted one loses, and the failing seed walks the same way again', () => {
    const careless = contactMachine.provide({ guards: { handoverAccepted: () => true } });
    const model = busy({ machines: { contact: careless } });
    const result = walk(model, { properties, seeds: seeds(100), steps: 400 });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample?.property).toBe('nothing lost (invariant 3)');
    const again = walk(model, { properties, seeds: [result.seed ?? 0], steps: 400 });
    expect(again.counterexample?.choices).toEqual(result.counterexample?.choices);
    expect(again.counterexample?.story).toEqual(result.counterexample?.story);
  });

  it('find the contact a handover desk that forgets its answers adopts a second time, while the first copy still owns it', () => {
    const forgetful = handoverMachine.provide({ guards: { answeredBefore: () => false } });
    const result = walk(busy({ machines: { handover: forgetful } }), { properties, seeds: seeds(100), steps: 400 });
    expect(result.verdict).toBe('violated');
    expect(result.counterexample?.property).toBe('one owner, one agent (invariant 2)');
  });
});
