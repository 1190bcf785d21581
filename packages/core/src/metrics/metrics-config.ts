import { ContactmeshError, ErrorCode, preview } from '../errors/index.js';
import { checkOption } from '../estimators/check-option.js';
import type { AgentState } from '../protocol/index.js';

/**
 * Which abandoned contacts count in the service-level denominator: all of them (`include`), none
 * (`exclude`), or those that waited at least `shortAbandonSeconds` (`exclude-short`, so callers who
 * hang up at once do not count against the centre).
 */
export type AbandonedCount = 'exclude-short' | 'include' | 'exclude';

/** The definitions that may differ per queue (skillset). */
export interface QueueMetricsOptions {
  /** A contact answered after waiting at most this long counts as answered in time. Default 20. */
  readonly serviceLevelSeconds?: number;
  /** Default `exclude-short`. */
  readonly abandonedCount?: AbandonedCount;
  /** A contact abandoned after waiting less than this is a short abandon. Default 5. */
  readonly shortAbandonSeconds?: number;
}

/** How a centre's metrics are defined and how much they remember. */
export interface MetricsConfig extends QueueMetricsOptions {
  /** A label for the centre figures. */
  readonly centre?: string;
  /** Per-queue overrides of the definitions above. */
  readonly queues?: Readonly<Record<string, QueueMetricsOptions>>;
  /** Length of the sliding window. Default 900 (15 minutes); a whole number of buckets. */
  readonly windowSeconds?: number;
  /** Granularity of the window. Default 60. */
  readonly bucketSeconds?: number;
  /** Agent states that count as busy for occupancy. Default reserved, offered, busy, wrapUp. */
  readonly busyStates?: readonly AgentState[];
  /** Agent states that count as staffed, besides the busy ones. Default idle (so not ready is left out). */
  readonly staffedStates?: readonly AgentState[];
  /** Most queues tracked; events of further queues are ignored and counted. Default 1 000. */
  readonly maxQueues?: number;
  /** Most contacts tracked as waiting, over all queues. Default 100 000. */
  readonly maxWaiting?: number;
  /** Most agents tracked as logged in. Default 100 000. */
  readonly maxAgents?: number;
}

/** One queue's resolved definitions. */
export interface QueueDefinition {
  readonly serviceLevelSeconds: number;
  readonly abandonedCount: AbandonedCount;
  readonly shortAbandonSeconds: number;
}

/** The configuration with every default filled in and checked. */
export interface ResolvedMetricsConfig {
  readonly centre: string | undefined;
  readonly defaults: QueueDefinition;
  readonly queues: Readonly<Record<string, QueueDefinition>>;
  readonly bucketMs: number;
  /** Buckets in the window. */
  readonly windowBuckets: number;
  readonly busyStates: readonly AgentState[];
  readonly staffedStates: readonly AgentState[];
  readonly maxQueues: number;
  readonly maxWaiting: number;
  readonly maxAgents: number;
}

const abandonedCounts: readonly AbandonedCount[] = ['exclude-short', 'include', 'exclude'];

/**
 * Fills in defaults and checks every option, throwing `CM_ERR_INVALID_OPTION` for one out of range.
 *
 * @example
 * ```ts
 * resolveMetricsConfig({ serviceLevelSeconds: 30, queues: { email: { serviceLevelSeconds: 3_600 } } });
 * ```
 */
export function resolveMetricsConfig(config: MetricsConfig = {}): ResolvedMetricsConfig {
  const defaults = queueDefinition(config, 'defaults', {
    serviceLevelSeconds: 20,
    abandonedCount: 'exclude-short',
    shortAbandonSeconds: 5,
  });
  const queues: Record<string, QueueDefinition> = {};
  for (const [queue, options] of Object.entries(config.queues ?? {})) queues[queue] = queueDefinition(options, `queues.${queue}`, defaults);
  const bucketSeconds = checkOption(
    'bucketSeconds',
    config.bucketSeconds ?? 60,
    (s) => s > 0 && Number.isInteger(s * 1_000),
    'a positive number of seconds',
  );
  const windowSeconds = config.windowSeconds ?? 900;
  const windowBuckets = checkOption(
    'windowSeconds',
    windowSeconds / bucketSeconds,
    (k) => Number.isInteger(k) && k >= 1,
    `a positive multiple of bucketSeconds (${bucketSeconds})`,
  );
  const whole = (name: string, value: number) => checkOption(name, value, (n) => Number.isInteger(n) && n >= 1, 'a positive whole number');
  return {
    centre: config.centre,
    defaults,
    queues,
    bucketMs: bucketSeconds * 1_000,
    windowBuckets,
    busyStates: config.busyStates ?? ['reserved', 'offered', 'busy', 'wrapUp'],
    staffedStates: config.staffedStates ?? ['idle'],
    maxQueues: whole('maxQueues', config.maxQueues ?? 1_000),
    maxWaiting: whole('maxWaiting', config.maxWaiting ?? 100_000),
    maxAgents: whole('maxAgents', config.maxAgents ?? 100_000),
  };
}

/**
 * The definitions that apply to `queue`: its overrides, else the centre's.
 *
 * @example
 * ```ts
 * definitionOf(config, 'email').serviceLevelSeconds; // 3600
 * ```
 */
export function definitionOf(config: ResolvedMetricsConfig, queue: string): QueueDefinition {
  return (Object.hasOwn(config.queues, queue) ? config.queues[queue] : undefined) ?? config.defaults;
}

function queueDefinition(options: QueueMetricsOptions, path: string, fallback: QueueDefinition): QueueDefinition {
  const abandonedCount = options.abandonedCount ?? fallback.abandonedCount;
  if (!abandonedCounts.includes(abandonedCount)) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `Option ${path}.abandonedCount is ${preview(abandonedCount)}; use one of ${abandonedCounts.join(', ')}.`,
      {
        path: `${path}.abandonedCount`,
        value: abandonedCount,
      },
    );
  }
  const seconds = (name: keyof QueueMetricsOptions, value: number) =>
    checkOption(`${path}.${name}`, value, (s) => s >= 0, 'a non-negative number of seconds');
  return {
    serviceLevelSeconds: seconds('serviceLevelSeconds', options.serviceLevelSeconds ?? fallback.serviceLevelSeconds),
    abandonedCount,
    shortAbandonSeconds: seconds('shortAbandonSeconds', options.shortAbandonSeconds ?? fallback.shortAbandonSeconds),
  };
}
