import { erlangC, erlangServiceLevel, type QueueLoad } from '@contactmesh/core';
import type { SimulationScenario } from './scenario-file.js';

/** What Erlang C predicts for a queue (or a pool of queues). */
export interface ErlangFigures {
  /** `1 − C·e^(−(N − A)·T/h)`: the share answered within the service-level threshold T. */
  readonly serviceLevel: number;
  /** `C·h / (N − A)`, seconds. */
  readonly averageSpeedOfAnswer: number;
  /** N: the agents serving the queue. */
  readonly agents: number;
  /** A = λ·h, in Erlangs. */
  readonly offeredLoad: number;
}

/** Erlang C beside a simulation: per centre (`isolated`) or one pool (`network`), or why not. */
export type ErlangPrediction =
  | {
      readonly model: 'per-centre' | 'pooled';
      /** The network's figures: the pool's, or the centres' weighted by their arrivals. */
      readonly overall: ErlangFigures;
      /** By centre id; a centre with no traffic has none. */
      readonly centres: Readonly<Record<string, ErlangFigures>>;
    }
  | { readonly omitted: string };

/**
 * Erlang C's prediction for a scenario, where the scenario meets its assumptions: Poisson arrivals
 * (always, here), exponential handle times, nobody abandons, voice, agents answer at once and do no
 * wrap-up, one skill per centre; `isolated` routing is one M/M/N queue per centre, `network` one
 * M/M/N pool of every centre (which also needs one skillset and one mean handle time), and
 * `auction` has no closed form. Otherwise `{ omitted }` says which assumption fails.
 *
 * @example
 * ```ts
 * const prediction = erlangPrediction(scenario);
 * if ('omitted' in prediction) io.err(`No Erlang C figures: ${prediction.omitted}`);
 * ```
 */
export function erlangPrediction(scenario: SimulationScenario): ErlangPrediction {
  const reason = assumptionBroken(scenario);
  if (reason !== undefined) return { omitted: reason };
  const threshold = scenario.serviceLevelSeconds;
  const staff = (centre: string) => scenario.centres.find((c) => c.id === centre)?.agents.reduce((n, group) => n + group.count, 0) ?? 0;
  const loadOf = (centres: readonly string[]): QueueLoad => {
    const lines = scenario.traffic.filter((t) => centres.includes(t.centre));
    return {
      arrivalsPerSecond: lines.reduce((sum, t) => sum + t.perHour, 0) / 3_600,
      handleSeconds: lines[0]?.handleSeconds.mean ?? 0,
      agents: centres.reduce((n, c) => n + staff(c), 0),
    };
  };
  const withTraffic = scenario.centres.map((c) => c.id).filter((id) => scenario.traffic.some((t) => t.centre === id));
  if (scenario.routing === 'network') {
    const pool = figuresOf(loadOf(scenario.centres.map((c) => c.id)), threshold);
    if (pool === undefined) return { omitted: unstable(loadOf(scenario.centres.map((c) => c.id)), 'the pool') };
    return { model: 'pooled', overall: pool, centres: Object.fromEntries(withTraffic.map((id) => [id, pool])) };
  }
  const centres: Record<string, ErlangFigures> = {};
  for (const id of withTraffic) {
    const figures = figuresOf(loadOf([id]), threshold);
    if (figures === undefined) return { omitted: unstable(loadOf([id]), id) };
    centres[id] = figures;
  }
  // Each figure is an expectation per contact, so the network's is the mix weighted by arrivals.
  const rates = withTraffic.map((id) => loadOf([id]).arrivalsPerSecond);
  const total = rates.reduce((a, b) => a + b, 0);
  const mix = (pick: (f: ErlangFigures) => number) =>
    withTraffic.reduce((sum, id, i) => sum + pick(centres[id] as ErlangFigures) * ((rates[i] ?? 0) / total), 0);
  return {
    model: 'per-centre',
    overall: {
      serviceLevel: mix((f) => f.serviceLevel),
      averageSpeedOfAnswer: mix((f) => f.averageSpeedOfAnswer),
      agents: Object.values(centres).reduce((n, f) => n + f.agents, 0),
      offeredLoad: Object.values(centres).reduce((n, f) => n + f.offeredLoad, 0),
    },
    centres,
  };
}

function figuresOf(load: QueueLoad, threshold: number): ErlangFigures | undefined {
  const figures = erlangC(load);
  if (!figures.stable || figures.meanWaitSeconds === undefined) return undefined;
  return {
    serviceLevel: erlangServiceLevel(load, threshold),
    averageSpeedOfAnswer: figures.meanWaitSeconds,
    agents: load.agents,
    offeredLoad: figures.offeredLoad,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
const unstable = (load: QueueLoad, where: string) =>
  `the offered load at ${where} (${round(load.arrivalsPerSecond * load.handleSeconds)} Erlangs) is not below its ${load.agents} agents, so the queue grows without bound and Erlang C has no steady state`;

/** The first Erlang C assumption the scenario breaks, in words; `undefined` when it meets them all. */
function assumptionBroken(scenario: SimulationScenario): string | undefined {
  if (scenario.routing === 'auction') {
    return 'auctions hold a waiting contact for the bidding deadline and move it between centres; no Erlang C model fits (compare with the isolated and network runs of the same scenario)';
  }
  for (const [i, t] of scenario.traffic.entries()) {
    if (t.handleSeconds.distribution !== 'exponential')
      return `traffic.${i} has ${t.handleSeconds.distribution} handle times, not exponential ones`;
    if (t.patienceSeconds !== null)
      return `customers of traffic.${i} abandon (patienceSeconds ${t.patienceSeconds}); Erlang C assumes nobody does`;
    if (t.media !== 'voice') return `traffic.${i} is ${t.media}; Erlang C here models voice (one contact per agent)`;
  }
  if (scenario.wrapUpSeconds > 0)
    return `agents wrap up for ${scenario.wrapUpSeconds} s after each call, so a handling is not one exponential time`;
  if (scenario.answerDelaySeconds > 0)
    return `agents answer ${scenario.answerDelaySeconds} s after the offer, so a handling is not one exponential time`;
  for (const centre of scenario.centres) {
    const skills = new Set(centre.agents.flatMap((group) => Object.keys(group.skills)));
    const lines = scenario.traffic.filter((t) => t.centre === centre.id);
    const skillsets = new Set(lines.map((t) => t.skillset));
    if (skills.size > 1 || skillsets.size > 1 || [...skillsets].some((s) => !skills.has(s))) {
      return `centre ${centre.id} does not have exactly one skill shared by its agents and its traffic (agents: ${[...skills].join(', ') || 'none'}; traffic: ${[...skillsets].join(', ') || 'none'})`;
    }
    if (new Set(lines.map((t) => t.handleSeconds.mean)).size > 1)
      return `centre ${centre.id} mixes mean handle times, so its handle times are not exponential`;
  }
  if (scenario.routing === 'network') {
    const skills = new Set(scenario.centres.flatMap((c) => c.agents.flatMap((group) => Object.keys(group.skills))));
    const means = new Set(scenario.traffic.map((t) => t.handleSeconds.mean));
    if (skills.size > 1) return `the centres serve different skills (${[...skills].join(', ')}); a pooled Erlang C needs one`;
    if (means.size > 1) return 'the centres have different mean handle times; a pooled Erlang C needs one';
  }
  return undefined;
}
