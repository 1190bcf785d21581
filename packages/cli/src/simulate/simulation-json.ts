import type { ErlangFigures } from './erlang-prediction.js';
import type { SimulationResult } from './run-simulation.js';
import type { SimulatedFigures } from './simulation-tally.js';

/** Erlang C beside one set of simulated figures. */
export interface ErlangJson {
  readonly serviceLevel: number;
  readonly averageSpeedOfAnswer: number;
}

/** One centre's (or the network's) figures as `--json` prints them. */
export type FiguresJson = SimulatedFigures & { readonly answeredElsewhere: number; readonly erlangC?: ErlangJson };

/** What `contactmesh simulate --json` prints (docs/simulation.md, Output). */
export interface SimulationJson {
  readonly seed: number;
  readonly routing: string;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly serviceLevelSeconds: number;
  readonly overall: FiguresJson;
  readonly centres: readonly (FiguresJson & { readonly centre: string })[];
  /** How Erlang C was applied (`per-centre`, `pooled`, with offered load and agents), or why it was not. */
  readonly erlangC:
    | { readonly model: 'per-centre' | 'pooled'; readonly agents: number; readonly offeredLoad: number }
    | { readonly omitted: string };
  readonly hours: readonly {
    readonly hour: number;
    readonly warmup: boolean;
    readonly offered: number;
    readonly serviceLevel: number | null;
  }[];
  readonly contacts: number;
  readonly unfinished: number;
  readonly simulatedSeconds: number;
  readonly problems: readonly string[];
}

const share = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);
const secs = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

function figures<F extends SimulatedFigures>(f: F, erlang: ErlangFigures | undefined): F & { erlangC?: ErlangJson } {
  return {
    ...f,
    serviceLevel: share(f.serviceLevel),
    averageSpeedOfAnswer: secs(f.averageSpeedOfAnswer),
    occupancy: share(f.occupancy),
    ...(erlang === undefined
      ? {}
      : { erlangC: { serviceLevel: share(erlang.serviceLevel) ?? 0, averageSpeedOfAnswer: secs(erlang.averageSpeedOfAnswer) ?? 0 } }),
  };
}

/**
 * The result as one JSON-ready object: shares rounded to 4 decimals, seconds to 2; no wall-clock
 * figure, so the same scenario and seed print the same text.
 *
 * @example
 * ```ts
 * io.out(JSON.stringify(simulationJson(result), null, 2));
 * ```
 */
export function simulationJson(result: SimulationResult): SimulationJson {
  const { scenario, erlangC } = result;
  const predicted = 'omitted' in erlangC ? undefined : erlangC;
  return {
    seed: scenario.seed,
    routing: scenario.routing,
    durationSeconds: scenario.durationSeconds,
    warmupSeconds: scenario.warmupSeconds,
    serviceLevelSeconds: scenario.serviceLevelSeconds,
    overall: figures(result.overall, predicted?.overall),
    centres: result.centres.map((c) => figures(c, predicted?.centres[c.centre])),
    erlangC:
      predicted === undefined
        ? { omitted: 'omitted' in erlangC ? erlangC.omitted : '' }
        : {
            model: predicted.model,
            agents: predicted.overall.agents,
            offeredLoad: Math.round(predicted.overall.offeredLoad * 1_000) / 1_000,
          },
    hours: result.hours.map((h) => ({ hour: h.hour, warmup: h.warmup, offered: h.offered, serviceLevel: share(h.serviceLevel) })),
    contacts: result.contacts,
    unfinished: result.unfinished,
    simulatedSeconds: result.simulatedSeconds,
    problems: result.problems,
  };
}
