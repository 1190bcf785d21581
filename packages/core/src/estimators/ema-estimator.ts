import { around, checkEstimateInput, type WaitEstimator } from './wait-estimate.js';

/**
 * `ema`: what contacts of this queue actually waited lately — the exponential moving average of
 * answered contacts' waits, with a range of `spread` typical deviations. It ignores the position and
 * the staffing, so it suits a queue in a steady state, and needs `minSamples` answered contacts.
 *
 * @example
 * ```ts
 * emaEstimator.estimate(observations, { position: 1, staffed: 4, now }); // { method: 'ema', seconds: 38, low: 30, high: 46 }
 * ```
 */
export const emaEstimator: WaitEstimator = {
  method: 'ema',
  estimate(observations, input) {
    checkEstimateInput(input);
    const { waits, settings } = observations;
    if (waits === undefined || waits.count < settings.minSamples) return undefined;
    return around('ema', waits.mean, settings.spread * waits.deviation);
  },
};
