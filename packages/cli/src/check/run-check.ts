import { writeFile } from 'node:fs/promises';
import {
  type Counterexample,
  type ExploreResult,
  explore,
  invariants,
  type NetworkModelOptions,
  networkModel,
  type ScenarioName,
  scenarios,
  walk,
} from '@contactmesh/core/check';
import type { Io } from '../io.js';
import { loadCheckFile, loadReplayFile } from './check-file.js';
import { replayInRuntime } from './runtime-replay.js';

/** What `contactmesh check` was asked to do. */
export interface CheckOptions {
  /** A built-in scenario's name, or a network file (instead of the argument). */
  readonly scenario?: string;
  readonly search?: 'bfs' | 'dfs';
  /** Shorthands of `search`. */
  readonly bfs?: boolean;
  readonly dfs?: boolean;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly maxSeconds?: number;
  /** `false` (`--no-reduction`): every order of steps on different centres is taken (see `ExploreOptions.reduction`). */
  readonly reduction?: boolean;
  /** Print the result as one JSON object on stdout. */
  readonly json?: boolean;
  /** Write the counterexample (its steps as data and its story) to this file. */
  readonly out?: string;
  /** Instead of the exhaustive search, this many seeded random walks (seeds 1…N, or from `seed`). */
  readonly walks?: number;
  /** The same as `walks` (deterministic simulation: one walk per seed). */
  readonly seeds?: number;
  /** Steps per walk (default 400). */
  readonly steps?: number;
  /** Instead of a search: take the steps of this counterexample file (`--out`) again in real centres. */
  readonly replay?: string;
  /** The first seed of the walks (default 1). */
  readonly seed?: number;
}

/**
 * `contactmesh check FILE --replay COUNTEREXAMPLE`: the counterexample's steps taken again in real
 * centres (memory hub, virtual clock); each step the runtime followed, then where it left the
 * story, if it did.
 */
async function replayCounterexample(network: NetworkModelOptions, file: string, io: Io): Promise<void> {
  const { choices } = await loadReplayFile(file);
  const run = await replayInRuntime(network, choices);
  try {
    for (const step of run.steps) io.out(step.story);
    io.out(
      run.diverged === undefined
        ? `the runtime followed all ${choices.length} steps: what the story shows happens in the production code`
        : `the runtime left the story at step ${run.diverged.step}: ${run.diverged.reason}`,
    );
  } finally {
    await run.stop();
  }
}

/** A failed check: the property broken. `contactmesh check` exits 1 with it. */
export class ViolationFound extends Error {
  constructor(readonly property: string) {
    super(`${property} is violated (the story above shows how)`);
    this.name = 'ViolationFound';
  }
}

function summary(result: ExploreResult): string {
  const rate = Math.round(result.states / Math.max(result.elapsedMs / 1_000, 0.001));
  const head = `${result.states.toLocaleString('en')} worlds, ${result.transitions.toLocaleString('en')} steps, depth ${result.depth}, ${(result.elapsedMs / 1_000).toFixed(1)} s (${rate.toLocaleString('en')} worlds/s)`;
  if (result.verdict === 'holds') return `every invariant holds in every reachable world: ${head}`;
  if (result.verdict === 'bounded')
    return `no violation found, but NOT exhaustive: the ${result.bound} bound was reached (${head}); raise it (--max-states, --max-seconds, --max-depth) or sample deeper with --seeds N`;
  return `VIOLATED — ${result.counterexample?.property}: ${result.counterexample?.message}\n${head}`;
}

/** The result as one JSON object (`--json`): the same shape for a search and for walks. */
function jsonOf(
  result: {
    readonly exhaustive: boolean;
    readonly states: number;
    readonly transitions: number;
    readonly maxDepth: number;
    readonly ms: number;
  },
  counterexample: Counterexample | undefined,
  more: Record<string, unknown>,
): string {
  const seconds = result.ms / 1_000;
  const violations =
    counterexample === undefined
      ? []
      : [
          {
            property: counterexample.property,
            message: counterexample.message,
            trace: counterexample.story,
            choices: counterexample.choices,
          },
        ];
  const { exhaustive, states, transitions, maxDepth } = result;
  const statesPerSecond = Math.round(states / Math.max(seconds, 0.001));
  return JSON.stringify({ exhaustive, states, transitions, maxDepth, seconds, statesPerSecond, violations, ...more }, null, 2);
}

/** The network a check is about: a built-in scenario by name, or a network file. */
async function networkOf(file: string): Promise<NetworkModelOptions> {
  if (Object.hasOwn(scenarios, file)) return scenarios[file as ScenarioName].network;
  return loadCheckFile(file);
}

/** `contactmesh check --scenario list`: the built-in scenarios, one a line. */
export const scenarioList = (): string =>
  Object.entries(scenarios)
    .map(([name, scenario]) => `${name}\n  ${scenario.description}`)
    .join('\n');

/**
 * `contactmesh check SCENARIO`: loads the network to check — a built-in scenario by name
 * (`two-centres-reservation`, …) or a JSON file (a bad file throws a `ScenarioError` naming every
 * bad field) — explores every interleaving of its production statecharts with a progress line on
 * standard error, and prints the verdict — with the shortest counterexample as a numbered story
 * when an invariant breaks (then throws {@link ViolationFound}: exit code 1).
 *
 * @example
 * ```ts
 * await runCheck('handover-with-crash', { search: 'bfs' }, io);
 * ```
 */
export async function runCheck(file: string, options: CheckOptions, io: Io, machines?: NetworkModelOptions['machines']): Promise<void> {
  const network = { ...(await networkOf(file)), ...(machines === undefined ? {} : { machines }) };
  if (options.replay !== undefined) {
    await replayCounterexample(network, options.replay, io);
    return;
  }
  const model = networkModel(network);
  const properties = Object.values(invariants);
  let counterexample: Counterexample | undefined;
  let seed: number | undefined;
  const walks = options.walks ?? options.seeds;
  if (walks !== undefined) {
    const first = options.seed ?? 1;
    const started = performance.now();
    const result = walk(model, {
      properties,
      seeds: Array.from({ length: walks }, (_, i) => first + i),
      steps: options.steps ?? 400,
      progress: ({ walks: done }) => done % 100 === 0 && io.err(`  ${done} of ${walks} walks`),
    });
    ({ counterexample, seed } = result);
    const ms = performance.now() - started;
    if (options.json === true) {
      const facts = {
        exhaustive: false,
        states: result.steps + result.walks,
        transitions: result.steps,
        maxDepth: options.steps ?? 400,
        ms,
      };
      io.out(jsonOf(facts, counterexample, { walks: result.walks, ...(seed === undefined ? {} : { seed }) }));
    } else {
      if (counterexample !== undefined) io.out(counterexample.story.join('\n'));
      io.out(
        counterexample === undefined
          ? `no walk broke an invariant (a sample, not a proof): ${result.walks} walks, ${result.steps.toLocaleString('en')} steps, ${(ms / 1_000).toFixed(1)} s`
          : `VIOLATED — ${counterexample.property}: ${counterexample.message}\nseed ${seed} (walk it again: --seeds 1 --seed ${seed})`,
      );
    }
  } else {
    const search = options.search ?? (options.dfs === true ? 'dfs' : 'bfs');
    const result = explore(model, {
      properties,
      search,
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.maxSeconds === undefined ? {} : { maxMs: options.maxSeconds * 1_000 }),
      reduction: options.reduction !== false,
      progress: ({ states, frontier, depth }) =>
        states % 10_000 === 0 && io.err(`  ${states.toLocaleString('en')} worlds, ${frontier.toLocaleString('en')} to go, depth ${depth}`),
    });
    ({ counterexample } = result);
    if (options.json === true) {
      const { states, transitions, depth, elapsedMs } = result;
      const facts = { exhaustive: result.verdict === 'holds', states, transitions, maxDepth: depth, ms: elapsedMs };
      io.out(jsonOf(facts, counterexample, { verdict: result.verdict, ...(result.bound === undefined ? {} : { bound: result.bound }) }));
    } else {
      if (counterexample !== undefined) io.out(counterexample.story.join('\n'));
      io.out(summary(result));
    }
  }
  if (counterexample !== undefined && options.out !== undefined) {
    const replay = {
      file,
      ...(seed === undefined ? {} : { seed }),
      property: counterexample.property,
      message: counterexample.message,
      choices: counterexample.choices,
      story: counterexample.story,
    };
    await writeFile(options.out, `${JSON.stringify(replay, null, 2)}\n`, 'utf8');
    io.err(`counterexample written to ${options.out}`);
  }
  if (counterexample !== undefined) throw new ViolationFound(counterexample.property);
}
