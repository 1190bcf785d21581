import { ContactmeshError, ErrorCode, preview } from '../errors/index.js';
import { emaEstimator } from './ema-estimator.js';
import { erlangCEstimator } from './erlang-c-estimator.js';
import { positionalEstimator } from './positional-estimator.js';
import type { EstimateInput, WaitEstimate, WaitEstimator } from './wait-estimate.js';
import type { WaitObservations } from './wait-observations.js';

/** The built-in estimators by name. */
export const estimators = {
  ema: emaEstimator,
  positional: positionalEstimator,
  erlangC: erlangCEstimator,
} as const satisfies Readonly<Record<string, WaitEstimator>>;

/** The name of a built-in estimator. */
export type EstimatorName = keyof typeof estimators;

/** The order {@link estimateWait} tries: the model with most information first, the plainest last. */
export const defaultEstimatorOrder: readonly EstimatorName[] = ['erlangC', 'positional', 'ema'];

/**
 * The estimator called `name` in `registry` (default: the built-ins). Throws `CM_ERR_INVALID_OPTION`
 * naming the known ones for any other name — a configuration typo should fail at start-up, not show
 * customers no wait.
 *
 * @example
 * ```ts
 * const estimator = chooseEstimator(config.waitEstimator ?? 'positional');
 * const wait = estimator.estimate(observations, { position: 3, staffed: 8, now });
 * ```
 */
export function chooseEstimator(name: string, registry: Readonly<Record<string, WaitEstimator>> = estimators): WaitEstimator {
  const estimator = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (estimator !== undefined) return estimator;
  const known = Object.keys(registry).join(', ');
  throw new ContactmeshError(ErrorCode.INVALID_OPTION, `Unknown wait estimator ${preview(name)}; use one of ${known}.`, {
    path: 'estimator',
    value: name,
  });
}

/**
 * The first estimate that one of `methods` can give, in order (default {@link defaultEstimatorOrder}),
 * or `undefined` when none has enough data — so a young queue shows a positional figure until it has
 * seen enough arrivals for Erlang C. Unknown names throw as in {@link chooseEstimator}.
 *
 * @example
 * ```ts
 * const wait = estimateWait(observations, { position: 2, staffed: 6, now }); // { method: 'positional', … }
 * ```
 */
export function estimateWait(
  observations: WaitObservations,
  input: EstimateInput,
  methods: readonly string[] = defaultEstimatorOrder,
  registry: Readonly<Record<string, WaitEstimator>> = estimators,
): WaitEstimate | undefined {
  for (const method of methods) {
    const estimate = chooseEstimator(method, registry).estimate(observations, input);
    if (estimate !== undefined) return estimate;
  }
  return undefined;
}
