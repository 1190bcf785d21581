import type { Media } from '@contactmesh/core';

/** A simulated agent: who they are and what they can do. */
export interface SimulatedAgent {
  readonly id: string;
  readonly displayName: string;
  /** Skill → proficiency 1–10. */
  readonly skills: Readonly<Record<string, number>>;
}

/** The contacts of one skillset: Poisson arrivals, exponential handle times and patience. */
export interface Traffic {
  readonly skillset: string;
  /** Default `voice`. */
  readonly media?: Media;
  /** Mean arrivals per hour; inter-arrival times are exponential. */
  readonly arrivalsPerHour: number;
  /** Mean talk time, seconds (exponential). */
  readonly meanHandleSeconds: number;
  /** Mean time a customer waits before hanging up, seconds (exponential); absent = customers never give up. */
  readonly meanPatienceSeconds?: number;
}

/** How simulated agents answer an offer. */
export interface AnswerBehaviour {
  /** An answer comes after a delay drawn evenly from [min, max] seconds. */
  readonly minDelaySeconds: number;
  readonly maxDelaySeconds: number;
  /** The chance an agent lets an offer ring out. */
  readonly missChance: number;
  /** How long an offer rings before it counts as missed; keep it above `maxDelaySeconds`. */
  readonly offerTimeoutSeconds: number;
}

/** Everything a one-centre simulation needs besides its clock and seed. */
export interface Scenario {
  readonly centre: string;
  readonly network: string;
  readonly agents: readonly SimulatedAgent[];
  readonly traffic: readonly Traffic[];
  readonly answer: AnswerBehaviour;
  /** After-call work, seconds. */
  readonly wrapUpSeconds: number;
  /** A contact answered within this many seconds counts towards service level. */
  readonly serviceLevelSeconds: number;
}

/** The skillsets a scenario's traffic uses, in order. */
export const skillsetsOf = (scenario: Scenario): string[] => [...new Set(scenario.traffic.map((t) => t.skillset))];

/**
 * Checks a scenario's numbers, throwing a `RangeError` that names the bad value.
 *
 * @example
 * ```ts
 * checkScenario({ ...londonScenario, wrapUpSeconds: -1 }); // RangeError: wrapUpSeconds must be …
 * ```
 */
export function checkScenario(scenario: Scenario): Scenario {
  const atLeast = (name: string, value: number, min: number) => {
    if (!(Number.isFinite(value) && value >= min)) throw new RangeError(`${name} must be a finite number ≥ ${min}, got ${value}.`);
  };
  if (scenario.agents.length === 0) throw new RangeError('A scenario needs at least one agent.');
  if (scenario.traffic.length === 0) throw new RangeError('A scenario needs traffic for at least one skillset.');
  for (const t of scenario.traffic) {
    atLeast(`traffic.${t.skillset}.arrivalsPerHour`, t.arrivalsPerHour, Number.MIN_VALUE);
    atLeast(`traffic.${t.skillset}.meanHandleSeconds`, t.meanHandleSeconds, 0);
    if (t.meanPatienceSeconds !== undefined) atLeast(`traffic.${t.skillset}.meanPatienceSeconds`, t.meanPatienceSeconds, 0);
  }
  const { answer } = scenario;
  atLeast('answer.minDelaySeconds', answer.minDelaySeconds, 0);
  atLeast('answer.maxDelaySeconds', answer.maxDelaySeconds, answer.minDelaySeconds);
  atLeast('answer.offerTimeoutSeconds', answer.offerTimeoutSeconds, answer.maxDelaySeconds);
  if (!(answer.missChance >= 0 && answer.missChance <= 1))
    throw new RangeError(`answer.missChance must be in [0, 1], got ${answer.missChance}.`);
  atLeast('wrapUpSeconds', scenario.wrapUpSeconds, 0);
  atLeast('serviceLevelSeconds', scenario.serviceLevelSeconds, 0);
  return scenario;
}
