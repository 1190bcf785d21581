import { type AnyMachineSnapshot, type AnyStateMachine, transition } from 'xstate';
import { explore, invariants, networkModel } from '../packages/core/src/check/index.js';
import { agentMachine } from '../packages/core/src/machines/agent/machine.js';
import { contactMachine } from '../packages/core/src/machines/contact/machine.js';
import { handoverMachine } from '../packages/core/src/machines/handover/machine.js';
import { routerMachine } from '../packages/core/src/machines/router/machine.js';
import { record } from './results.js';
import { ratio, table } from './table.js';

// Worlds per second of the model checker (`@contactmesh/core/check`): the exhaustive search of two
// centres whose routers both want Paris's one agent (every interleaving within 4 s, the invariants
// checked in each). The bare baseline does the machines' part of the same work: XState's own pure
// `transition()` over the very machine steps the search took, with nothing else — no worlds, no
// digests, no visited set. The ratio is what the rest costs.

/** Worlds a second the checker should reach on this search (a minute then covers 100,000s of worlds). */
const target = 1_000;

const machines: Record<string, AnyStateMachine> = {
  contact: contactMachine,
  agent: agentMachine,
  router: routerMachine,
  handover: handoverMachine,
};

export interface ModelCheckerOptions {
  readonly rounds: number;
  readonly log: (line: string) => void;
}

const race = (observe?: (kind: string, snapshot: AnyMachineSnapshot, event: { readonly type: string }) => void) =>
  networkModel({
    centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
    arrivals: [
      { centre: 'london', id: 'c1', skillset: 'billing' },
      { centre: 'paris', id: 'c2', skillset: 'billing' },
    ],
    horizonMs: 4_000,
    ...(observe === undefined ? {} : { observe }),
  });

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Runs the search and the baseline alternately, `rounds` times each, and reports medians.
 *
 * @example
 * ```ts
 * console.log(modelChecker({ rounds: 3, log: console.error }));
 * ```
 */
export function modelChecker(options: ModelCheckerOptions): string {
  const steps: [string, AnyMachineSnapshot, { readonly type: string }][] = [];
  const first = explore(
    race((kind, snapshot, event) => steps.push([kind, snapshot, event])),
    { properties: Object.values(invariants) },
  );
  options.log(`model-checker: ${first.states} worlds, ${first.transitions} steps, ${steps.length} machine steps, ${first.verdict}`);
  const ours: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const result = explore(race(), { properties: Object.values(invariants) });
    ours.push(result.states / (result.elapsedMs / 1_000));
    const started = performance.now();
    for (const [kind, snapshot, event] of steps) transition(machines[kind] as AnyStateMachine, snapshot as never, event as never);
    const seconds = (performance.now() - started) / 1_000;
    // The same number of worlds, had the search cost only XState's steps.
    bare.push(first.states / seconds);
    options.log(`  round ${round + 1}/${options.rounds}`);
  }
  const worlds = median(ours);
  const floor = median(bare);
  record({
    name: 'model checker: worlds explored per second, two centres racing for one agent (vs XState transition() over the same machine steps)',
    unit: 'worlds/s',
    ours: worlds,
    baseline: floor,
    target: `>= ${target.toLocaleString('en')} worlds/s`,
    met: worlds >= target,
  });
  return table(
    ['figure', 'ours', 'XState transition() alone', 'ratio'],
    [['worlds/s', worlds.toFixed(0), floor.toFixed(0), ratio(worlds / floor)]],
  );
}
