import { type ArrivalRate, addArrival } from './arrival-rate.js';
import { checkOption } from './check-option.js';
import { addSample, alphaForHalfLife, type MovingAverage } from './moving-average.js';

/** How the observations of one queue are smoothed and when they are enough to estimate from. */
export interface WaitObservationOptions {
  /** When observing started (ms): the arrival rate is measured from here. */
  readonly startedAt: number;
  /** Samples after which a wait or handle time counts half as much as the newest one. Default 20. */
  readonly halfLife?: number;
  /** The weight of the newest sample, in (0, 1]; overrides `halfLife`. */
  readonly alpha?: number;
  /** Seconds after which an arrival counts half in the arrival rate. Default 600 (10 minutes). */
  readonly arrivalHalfLifeSeconds?: number;
  /** Fewest samples (waits, handle times, arrivals) an estimator needs before it answers. Default 5. */
  readonly minSamples?: number;
  /** Half-width of a range in typical deviations. Default 1. */
  readonly spread?: number;
}

/** The resolved settings, kept with the observations so that estimators read them. */
export interface WaitSettings {
  readonly startedAt: number;
  readonly alpha: number;
  readonly arrivalTauMs: number;
  readonly minSamples: number;
  readonly spread: number;
}

/**
 * What one queue (skillset) has seen lately, as a plain immutable value that can live in a machine's
 * context: every `record…` function returns a new one. Times are milliseconds, durations seconds.
 */
export interface WaitObservations {
  readonly settings: WaitSettings;
  /** Recent actual waits of answered contacts. */
  readonly waits: MovingAverage | undefined;
  /** Recent handle times. */
  readonly handleTimes: MovingAverage | undefined;
  readonly arrivals: ArrivalRate | undefined;
  /** The time of the latest observation, so that a caller can tell stale figures. */
  readonly updatedAt: number;
}

/**
 * Observations of a queue that has seen nothing yet. Throws `CM_ERR_INVALID_OPTION` for an option
 * out of range.
 *
 * @example
 * ```ts
 * let billing = createWaitObservations({ startedAt: clock.now(), halfLife: 30 });
 * billing = recordArrival(billing, clock.now());
 * ```
 */
export function createWaitObservations(options: WaitObservationOptions): WaitObservations {
  const startedAt = checkOption('startedAt', options.startedAt, () => true, 'a time in milliseconds');
  const alpha =
    options.alpha === undefined
      ? alphaForHalfLife(checkOption('halfLife', options.halfLife ?? 20, (h) => h > 0, 'a positive number of samples'))
      : checkOption('alpha', options.alpha, (a) => a > 0 && a <= 1, 'a number in (0, 1]');
  const halfLifeSeconds = checkOption(
    'arrivalHalfLifeSeconds',
    options.arrivalHalfLifeSeconds ?? 600,
    (s) => s > 0,
    'a positive number of seconds',
  );
  const minSamples = checkOption('minSamples', options.minSamples ?? 5, (n) => Number.isInteger(n) && n >= 1, 'an integer of at least 1');
  const spread = checkOption('spread', options.spread ?? 1, (s) => s >= 0, 'a non-negative number');
  return {
    settings: { startedAt, alpha, arrivalTauMs: (halfLifeSeconds * 1_000) / Math.LN2, minSamples, spread },
    waits: undefined,
    handleTimes: undefined,
    arrivals: undefined,
    updatedAt: startedAt,
  };
}

/**
 * A contact joined the queue at `at`.
 *
 * @example
 * ```ts
 * observations = recordArrival(observations, event.at);
 * ```
 */
export function recordArrival(observations: WaitObservations, at: number): WaitObservations {
  if (!Number.isFinite(at)) return observations;
  return {
    ...observations,
    arrivals: addArrival(observations.arrivals, at, observations.settings.arrivalTauMs),
    updatedAt: Math.max(observations.updatedAt, at),
  };
}

/**
 * A contact was answered at `at` after waiting `waitSeconds`. A negative wait (clocks of the ACD and
 * the centre apart) counts as zero; a non-finite one is ignored, so one bad report cannot poison
 * every later estimate.
 *
 * @example
 * ```ts
 * observations = recordAnswered(observations, 42, event.at);
 * ```
 */
export function recordAnswered(observations: WaitObservations, waitSeconds: number, at: number): WaitObservations {
  if (!Number.isFinite(waitSeconds) || !Number.isFinite(at)) return observations;
  return {
    ...observations,
    waits: addSample(observations.waits, Math.max(0, waitSeconds), observations.settings.alpha),
    updatedAt: Math.max(observations.updatedAt, at),
  };
}

/**
 * An agent finished handling a contact of this queue at `at` after `handleSeconds` (talk and wrap-up).
 * Negative times count as zero and non-finite ones are ignored, as in {@link recordAnswered}.
 *
 * @example
 * ```ts
 * observations = recordHandled(observations, 240, event.at);
 * ```
 */
export function recordHandled(observations: WaitObservations, handleSeconds: number, at: number): WaitObservations {
  if (!Number.isFinite(handleSeconds) || !Number.isFinite(at)) return observations;
  return {
    ...observations,
    handleTimes: addSample(observations.handleTimes, Math.max(0, handleSeconds), observations.settings.alpha),
    updatedAt: Math.max(observations.updatedAt, at),
  };
}
