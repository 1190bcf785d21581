import { type AnyMachineSnapshot, type AnyStateMachine, transition } from 'xstate';
import { explore, invariants, type Model, networkModel, scenarios } from '../packages/core/src/check/index.js';
import { record } from './results.js';
import { ratio, table } from './table.js';

// Worlds per second of the model checker (`@contactmesh/core/check`): the exhaustive search of two
// centres whose routers both want Paris's one agent (every interleaving within 4 s, the invariants
// checked in each). The bare baseline does the machines' part of the same work: XState's own pure
// `transition()` over the very machine steps the search took, with nothing else — no worlds, no
// digests, no visited set. The ratio is what the rest costs.

/** Worlds a second the checker should reach on this search (a minute then covers 100,000s of worlds). */
const target = 1_000;

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

/** Worlds a second the issue asks of the checker on each built-in scenario, on one core. */
const scenarioTarget = 10_000;
/** Worlds explored per run of a built-in scenario (the biggest are not whole within minutes). */
const scenarioWorlds = 15_000;

interface Measured {
  readonly worlds: number;
  readonly floor: number;
}

/**
 * The checker on one network and XState's `transition()` over the machine steps it took,
 * alternately, `rounds` times each: medians of worlds a second.
 */
function measure(
  make: (observe?: (kind: string, snapshot: AnyMachineSnapshot, event: { readonly type: string }) => void) => Model,
  maxStates: number,
  rounds: number,
  log: (line: string) => void,
  name: string,
  search: 'bfs' | 'dfs' = 'bfs',
): Measured {
  const steps: [string, AnyMachineSnapshot, { readonly type: string }][] = [];
  const observed = make((kind, snapshot, event) => steps.push([kind, snapshot, event]));
  const machines = observed.engine.rules.kinds;
  const first = explore(observed, { properties: Object.values(invariants), maxStates, maxMs: 600_000, maxDepth: 200, search });
  log(
    `model-checker ${name} (${search}): ${first.states} worlds, ${first.transitions} steps, ${steps.length} machine steps, ${first.verdict}`,
  );
  const ours: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const result = explore(make(), { properties: Object.values(invariants), maxStates, maxMs: 600_000, maxDepth: 200, search });
    ours.push(result.states / (result.elapsedMs / 1_000));
    const started = performance.now();
    for (const [kind, snapshot, event] of steps) transition(machines[kind] as AnyStateMachine, snapshot as never, event as never);
    const seconds = (performance.now() - started) / 1_000;
    // The same number of worlds, had the search cost only XState's steps.
    bare.push(first.states / seconds);
    log(`  ${name} (${search}) round ${round + 1}/${rounds}`);
  }
  return { worlds: median(ours), floor: median(bare) };
}

/**
 * Runs the search and the baseline alternately, `rounds` times each, and reports medians: the
 * two-centre race explored whole, and the first {@link scenarioWorlds} worlds of each built-in
 * scenario (`contactmesh check --scenario`).
 *
 * @example
 * ```ts
 * console.log(modelChecker({ rounds: 3, log: console.error }));
 * ```
 */
export function modelChecker(options: ModelCheckerOptions): string {
  const rows: string[][] = [];
  const { worlds, floor } = measure(race, Number.POSITIVE_INFINITY, options.rounds, options.log, 'race');
  record({
    name: 'model checker: worlds explored per second, two centres racing for one agent (vs XState transition() over the same machine steps)',
    unit: 'worlds/s',
    ours: worlds,
    baseline: floor,
    target: `>= ${target.toLocaleString('en')} worlds/s`,
    met: worlds >= target,
  });
  rows.push(['two centres racing for one agent, whole', worlds.toFixed(0), floor.toFixed(0), ratio(worlds / floor)]);
  for (const [name, scenario] of Object.entries(scenarios)) {
    const make = (observe?: (kind: string, snapshot: AnyMachineSnapshot, event: { readonly type: string }) => void) =>
      networkModel({ ...scenario.network, ...(observe === undefined ? {} : { observe }) });
    // Breadth first (the default: shortest counterexamples) and depth first (`--dfs`).
    for (const search of ['bfs', 'dfs'] as const) {
      const measured = measure(make, scenarioWorlds, options.rounds, options.log, name, search);
      const how = search === 'bfs' ? 'breadth first' : 'depth first';
      record({
        name: `model checker: worlds explored per second, built-in scenario ${name}, ${how}, its first ${scenarioWorlds.toLocaleString('en')} worlds (vs XState transition() over the same machine steps)`,
        unit: 'worlds/s',
        ours: measured.worlds,
        baseline: measured.floor,
        target: `>= ${scenarioTarget.toLocaleString('en')} worlds/s`,
        met: measured.worlds >= scenarioTarget,
      });
      rows.push([`${name}, ${how}`, measured.worlds.toFixed(0), measured.floor.toFixed(0), ratio(measured.worlds / measured.floor)]);
    }
  }
  return table(['worlds/s', 'ours', 'XState transition() alone', 'ratio'], rows);
}
