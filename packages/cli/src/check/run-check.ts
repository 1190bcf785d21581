import { writeFile } from 'node:fs/promises';
import {
  type Counterexample,
  type ExploreResult,
  explore,
  invariants,
  type NetworkModelOptions,
  networkModel,
  walk,
} from '@contactmesh/core/check';
import type { Io } from '../io.js';
import { loadCheckFile, loadReplayFile } from './check-file.js';
import { replayInRuntime } from './runtime-replay.js';

/** What `contactmesh check` was asked to do. */
export interface CheckOptions {
  readonly search?: 'bfs' | 'dfs';
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly maxSeconds?: number;
  /** Print the result as one JSON object on stdout. */
  readonly json?: boolean;
  /** Write the counterexample (its steps as data and its story) to this file. */
  readonly out?: string;
  /** Instead of the exhaustive search, this many seeded random walks (seeds 1…N, or from `seed`). */
  readonly walks?: number;
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
  if (result.verdict === 'bounded') return `no violation found, but NOT exhaustive: the ${result.bound} bound was reached (${head})`;
  return `VIOLATED — ${result.counterexample?.property}: ${result.counterexample?.message}\n${head}`;
}

/**
 * `contactmesh check FILE`: loads the network to check (a bad file throws a `ScenarioError`
 * naming every bad field), explores every interleaving of its production statecharts with a
 * progress line on standard error, and prints the verdict — with the shortest counterexample as a
 * numbered story when an invariant breaks (then throws {@link ViolationFound}: exit code 1).
 *
 * @example
 * ```ts
 * await runCheck('network.json', { search: 'bfs' }, io);
 * ```
 */
export async function runCheck(file: string, options: CheckOptions, io: Io, machines?: NetworkModelOptions['machines']): Promise<void> {
  const network = { ...(await loadCheckFile(file)), ...(machines === undefined ? {} : { machines }) };
  if (options.replay !== undefined) {
    await replayCounterexample(network, options.replay, io);
    return;
  }
  const model = networkModel(network);
  const properties = Object.values(invariants);
  let counterexample: Counterexample | undefined;
  let seed: number | undefined;
  if (options.walks !== undefined) {
    const first = options.seed ?? 1;
    const started = performance.now();
    const result = walk(model, {
      properties,
      seeds: Array.from({ length: options.walks }, (_, i) => first + i),
      steps: options.steps ?? 400,
      progress: ({ walks }) => walks % 100 === 0 && io.err(`  ${walks} of ${options.walks} walks`),
    });
    ({ counterexample, seed } = result);
    const seconds = (performance.now() - started) / 1_000;
    if (options.json === true) io.out(JSON.stringify(result, null, 2));
    else {
      if (counterexample !== undefined) io.out(counterexample.story.join('\n'));
      io.out(
        counterexample === undefined
          ? `no walk broke an invariant (a sample, not a proof): ${result.walks} walks, ${result.steps.toLocaleString('en')} steps, ${seconds.toFixed(1)} s`
          : `VIOLATED — ${counterexample.property}: ${counterexample.message}\nseed ${seed} (walk it again: --walks 1 --seed ${seed})`,
      );
    }
  } else {
    const result = explore(model, {
      properties,
      ...(options.search === undefined ? {} : { search: options.search }),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.maxSeconds === undefined ? {} : { maxMs: options.maxSeconds * 1_000 }),
      progress: ({ states, frontier, depth }) =>
        states % 10_000 === 0 && io.err(`  ${states.toLocaleString('en')} worlds, ${frontier.toLocaleString('en')} to go, depth ${depth}`),
    });
    ({ counterexample } = result);
    if (options.json === true) io.out(JSON.stringify(result, null, 2));
    else {
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
