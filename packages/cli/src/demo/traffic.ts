import type { Clock, Random } from '@contactmesh/core';
import { exponential } from './draws.js';
import type { Traffic } from './scenario.js';
import type { SimulatedAcd } from './simulated-acd.js';

/**
 * Starts Poisson arrivals of one skillset's contacts: exponential gaps between calls, and for each
 * call an exponential talk time and patience, all drawn from `random` at the moment it arrives.
 * Contacts are numbered `{idPrefix}{skillset}-1`, `{idPrefix}{skillset}-2`, … (`idPrefix` keeps
 * the ids of several centres, or of one centre's lives, apart). Returns a function that stops arrivals.
 *
 * @example
 * ```ts
 * const stop = startTraffic({ clock, random: createRandom(7), traffic: { skillset: 'sales', arrivalsPerHour: 45, meanHandleSeconds: 240 }, acd });
 * ```
 */
export function startTraffic(options: {
  readonly clock: Clock;
  readonly random: Random;
  readonly traffic: Traffic;
  readonly acd: SimulatedAcd;
  readonly idPrefix?: string;
  /** Hears each contact as it arrives, with its status token (the network demo prints status links). */
  readonly onArrive?: (arrived: { readonly id: string; readonly token: string }) => void;
}): () => void {
  const { clock, random, traffic, acd } = options;
  const meanGapMs = 3_600_000 / traffic.arrivalsPerHour;
  let count = 0;
  let next = clock.setTimer(exponential(random, meanGapMs), function arrive() {
    count += 1;
    const handleMs = exponential(random, traffic.meanHandleSeconds * 1_000);
    const patienceMs = traffic.meanPatienceSeconds === undefined ? undefined : exponential(random, traffic.meanPatienceSeconds * 1_000);
    const spec = {
      id: `${options.idPrefix ?? ''}${traffic.skillset}-${count}`,
      media: traffic.media ?? 'voice',
      skillset: traffic.skillset,
    } as const;
    const arrived = acd.call(spec, patienceMs === undefined ? { handleMs } : { handleMs, patienceMs });
    options.onArrive?.(arrived);
    next = clock.setTimer(exponential(random, meanGapMs), arrive);
  });
  return () => clock.clearTimer(next);
}
