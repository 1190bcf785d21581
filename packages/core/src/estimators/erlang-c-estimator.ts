import { queueOutlook } from './queue-outlook.js';
import { around, checkEstimateInput, type WaitEstimator } from './wait-estimate.js';

/**
 * `erlangC`: the M/M/N queue. A contact at position `p` is served after `p` more handlings end;
 * while it waits every staffed agent is busy, and with exponential handle times (mean h) the `N`
 * agents end handlings at rate `N/h`, so its wait follows an Erlang(p, N/h) distribution: mean
 * `p·h/N`, standard deviation `√p·h/N`, which gives the range (`spread` deviations). Later arrivals
 * queue behind it, so the arrival rate does not lengthen its wait; it decides `stable`, which is
 * `false` when λ ≥ N/h and the queue is growing (the figure is still right for this contact; it is
 * the contacts behind it that will wait ever longer). For a contact not yet queued use
 * {@link queueOutlook}. Needs `minSamples` arrivals and handle times and a staffed agent.
 *
 * @example
 * ```ts
 * erlangCEstimator.estimate(observations, { position: 4, staffed: 10, now }); // { seconds: 96, low: 48, high: 144, stable: true, … }
 * ```
 */
export const erlangCEstimator: WaitEstimator = {
  method: 'erlangC',
  estimate(observations, input) {
    checkEstimateInput(input);
    const outlook = queueOutlook(observations, input);
    if (outlook === undefined) return undefined;
    const perHandling = outlook.handleSeconds / outlook.agents;
    const { position } = input;
    return {
      ...around('erlangC', position * perHandling, observations.settings.spread * Math.sqrt(position) * perHandling),
      stable: outlook.stable,
    };
  },
};
