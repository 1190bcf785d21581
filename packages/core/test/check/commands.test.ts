import { describe, expect, it } from 'vitest';
import { explore, invariants, type NetworkModelOptions, networkModel, scenarios, take, type World } from '../../src/check/index.js';

// Customers' commands from the status page in the checker: each through a real command actor of
// the centre the customer is with, racing the routing, the move between centres and the offer.

const properties = Object.values(invariants);

/** The built-in \`status-commands-race\`: a caller at London, moving to Paris's agent, cancels or asks for a call-back. */
const race = (more: Partial<NetworkModelOptions> = {}) => networkModel({ ...scenarios['status-commands-race'].network, ...more });

const reactionIndex = (world: World, label: RegExp): number =>
  world.reactions.findIndex((reaction) => reaction.alternatives.some((alternative) => label.test(alternative.label)));

describe('customer commands in the checker', () => {
  it("a command reaches the contact through a command actor of the customer's centre, which ends with the contact's answer", () => {
    const model = race();
    let world = take(model, model.initial, { kind: 'outside' });
    const index = reactionIndex(world, /sends cancel/);
    expect(index).toBeGreaterThanOrEqual(0);
    world = take(model, world, { kind: 'react', index, alternative: 0 });
    expect(world.ended).toEqual(
      expect.arrayContaining([
        { address: 'london/contact/c1', kind: 'contact', state: 'abandoned' },
        { address: 'london/command/c1.command1.1', kind: 'command', state: 'answered' },
      ]),
    );
    // The customer's second command comes to nobody: the contact has ended.
    const after = take(model, world, { kind: 'react', index: reactionIndex(world, /requestCallback/), alternative: 0 });
    expect(after.actors['london/command/c1.command2.1']).toBeUndefined();
    expect(invariants.nothingLost.check(after)).toBeUndefined();
  });

  it('cancel and a call-back racing a move to another centre and its offer: every invariant holds in every world', () => {
    const quiet = explore(race({ arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }] }), { properties });
    const commands = explore(race(), { properties, maxStates: 100_000 });
    expect(commands.verdict).toBe('holds');
    expect(commands.states).toBeGreaterThan(quiet.states * 3);
  }, 120_000);

  it('a call-back asked for twice with the same id (a page that retried) has the effect of one, in every world', () => {
    const arrivals = [
      { centre: 'london', id: 'c1', skillset: 'billing', commands: [{ kind: 'requestCallback' as const, number: '+442071234567' }] },
    ];
    const result = explore(race({ arrivals, repeatCommands: true }), { properties, maxStates: 100_000 });
    expect(result.verdict).toBe('holds');
  }, 120_000);
});
