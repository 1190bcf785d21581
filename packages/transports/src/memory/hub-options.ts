import { type Clock, type Limits, realClock, resolveLimits } from '@contactmesh/core';
import { checkInteger, checkKeys } from '../shared/option-checks.js';
import type { FaultPlan } from './faults.js';
import { defaultTraceLimit } from './trace.js';

/** Options of {@link createMemoryHub}. */
export interface MemoryHubOptions {
  /** Drives every delivery. Default: the real clock; tests and simulations pass a `VirtualClock`. */
  readonly clock?: Clock;
  /** Seed of the hub's random source (faults draw from it). Default 1. */
  readonly seed?: number;
  /** Overrides of the default limits (payload and topic size, queue, retained store, subscriptions). */
  readonly limits?: Partial<Limits>;
  /** Faults from the start; change them later with `hub.setFaults()`. Default: none. */
  readonly faults?: FaultPlan;
  /** How much later a QoS 1 message hit by the drop fault arrives, in ms. Default 50. */
  readonly retransmitMs?: number;
  /** The reorder fault's extra delay is drawn from [1, reorderMs] ms. Default 50. */
  readonly reorderMs?: number;
  /** How many trace events `hub.trace()` keeps (oldest forgotten first). Default 10,000. */
  readonly traceLimit?: number;
}

/** Options with defaults applied and checked. */
export interface ResolvedHubOptions {
  readonly clock: Clock;
  readonly seed: number;
  readonly limits: Limits;
  readonly faults: FaultPlan;
  readonly retransmitMs: number;
  readonly reorderMs: number;
  readonly traceLimit: number;
}

const knownOptions = ['clock', 'seed', 'limits', 'faults', 'retransmitMs', 'reorderMs', 'traceLimit'];

/** Applies defaults and validates, throwing `CM_ERR_INVALID_OPTION` (or, for limits, a `RangeError`). */
export function resolveHubOptions(options: MemoryHubOptions): ResolvedHubOptions {
  checkKeys('options', options, knownOptions);
  return {
    clock: options.clock ?? realClock,
    seed: checkInteger('seed', options.seed ?? 1, Number.MIN_SAFE_INTEGER),
    limits: resolveLimits(options.limits),
    faults: options.faults ?? {},
    retransmitMs: checkInteger('retransmitMs', options.retransmitMs ?? 50),
    reorderMs: checkInteger('reorderMs', options.reorderMs ?? 50, 1),
    traceLimit: checkInteger('traceLimit', options.traceLimit ?? defaultTraceLimit, 1),
  };
}
