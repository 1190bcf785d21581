import { checkOption } from './check-option.js';

/** A queue's traffic: arrivals per second, mean handle time, and the agents serving it. */
export interface QueueLoad {
  readonly arrivalsPerSecond: number;
  readonly handleSeconds: number;
  /** Agents serving the queue (a whole number). */
  readonly agents: number;
}

/** What Erlang C (M/M/N, first come first served, nobody abandons) says about a queue. */
export interface ErlangCFigures {
  /** Offered load A = arrivals per second × handle seconds, in Erlangs. */
  readonly offeredLoad: number;
  /** `offeredLoad < agents`: otherwise the queue grows without bound and the figures below are limits. */
  readonly stable: boolean;
  /** Probability that a new contact has to wait at all (1 for an unstable queue). */
  readonly probabilityOfWaiting: number;
  /** Mean wait of a new contact, waiting or not (the expected ASA); `undefined` when unstable (unbounded). */
  readonly meanWaitSeconds: number | undefined;
  /** Mean wait of a new contact that has to wait; `undefined` when unstable. */
  readonly meanWaitIfWaitingSeconds: number | undefined;
}

/**
 * Erlang B, the blocking probability of `agents` servers offered `offeredLoad` Erlangs, by the
 * recursion `B(n) = A·B(n−1) / (n + A·B(n−1))`. Every step stays in [0, 1], so unlike the textbook
 * `Aᴺ/N!` sums it neither overflows nor loses precision for thousands of agents.
 *
 * @example
 * ```ts
 * erlangB(2, 1); // 0.2
 * ```
 */
export function erlangB(agents: number, offeredLoad: number): number {
  let blocking = 1;
  for (let n = 1; n <= agents; n++) blocking = (offeredLoad * blocking) / (n + offeredLoad * blocking);
  return blocking;
}

/**
 * Erlang C for a queue: `C = N·B / (N − A·(1 − B))` with B from {@link erlangB}, mean wait
 * `C / (N·μ − λ)` where μ = 1 / handle time. Throws `CM_ERR_INVALID_OPTION` for a negative rate or
 * handle time, or a fractional or negative number of agents.
 *
 * @example
 * ```ts
 * erlangC({ arrivalsPerSecond: 1 / 180, handleSeconds: 180, agents: 2 }).probabilityOfWaiting; // 1/3
 * ```
 */
export function erlangC(load: QueueLoad): ErlangCFigures {
  const rate = checkOption('arrivalsPerSecond', load.arrivalsPerSecond, (r) => r >= 0, 'a non-negative rate');
  const handle = checkOption('handleSeconds', load.handleSeconds, (h) => h >= 0, 'a non-negative number of seconds');
  const agents = checkOption('agents', load.agents, (n) => Number.isInteger(n) && n >= 0, 'a non-negative whole number');
  const offeredLoad = rate * handle;
  if (offeredLoad === 0 && agents > 0) {
    return { offeredLoad, stable: true, probabilityOfWaiting: 0, meanWaitSeconds: 0, meanWaitIfWaitingSeconds: 0 };
  }
  if (offeredLoad >= agents) {
    return { offeredLoad, stable: false, probabilityOfWaiting: 1, meanWaitSeconds: undefined, meanWaitIfWaitingSeconds: undefined };
  }
  const blocking = erlangB(agents, offeredLoad);
  const probabilityOfWaiting = Math.min(1, (agents * blocking) / (agents - offeredLoad * (1 - blocking)));
  // N·μ − λ = (N − A) / h: how much faster than contacts arrive the agents clear them.
  const meanWaitIfWaitingSeconds = handle / (agents - offeredLoad);
  return {
    offeredLoad,
    stable: true,
    probabilityOfWaiting,
    meanWaitSeconds: probabilityOfWaiting * meanWaitIfWaitingSeconds,
    meanWaitIfWaitingSeconds,
  };
}

/**
 * The probability that a new contact is answered within `seconds` under Erlang C:
 * `1 − C·e^(−(N − A)·t / h)`. 0 for an unstable queue.
 *
 * @example
 * ```ts
 * const load = { arrivalsPerSecond: 0.05, handleSeconds: 180, agents: 11 };
 * erlangServiceLevel(load, 20); // share answered within 20 s
 * ```
 */
export function erlangServiceLevel(load: QueueLoad, seconds: number): number {
  const figures = erlangC(load);
  if (!figures.stable) return 0;
  if (load.handleSeconds === 0) return 1;
  const t = Math.max(0, seconds);
  return 1 - figures.probabilityOfWaiting * Math.exp((-(load.agents - figures.offeredLoad) * t) / load.handleSeconds);
}
