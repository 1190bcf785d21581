import { around, checkEstimateInput, type WaitEstimator } from './wait-estimate.js';

/**
 * `positional`: the contact at position `p` is served once `p` handlings end, and `staffed` agents
 * end handlings `staffed` times as fast as one: `p × average handle time ÷ staffed`. The range is
 * `spread` typical handle-time deviations scaled the same way, grown by `√p` rather than `p`
 * because independent handle times partly cancel out. Needs `minSamples` handle times and at least
 * one staffed agent.
 *
 * @example
 * ```ts
 * positionalEstimator.estimate(observations, { position: 3, staffed: 2, now }); // 3 × 240 s ÷ 2 = 360 s
 * ```
 */
export const positionalEstimator: WaitEstimator = {
  method: 'positional',
  estimate(observations, input) {
    checkEstimateInput(input);
    const { handleTimes, settings } = observations;
    if (handleTimes === undefined || handleTimes.count < settings.minSamples || input.staffed < 1) return undefined;
    const { position, staffed } = input;
    return around(
      'positional',
      (position * handleTimes.mean) / staffed,
      (settings.spread * Math.sqrt(position) * handleTimes.deviation) / staffed,
    );
  },
};
