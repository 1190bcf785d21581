import { createRandom, err, ok, type TimerHandle, type Transport, type TransportGuarantees } from '@contactmesh/core';
import type { Observable } from 'rxjs';
import { checkParticipantId } from '../shared/option-checks.js';
import { duplicateParticipant } from '../shared/transport-errors.js';
import { Dispatcher } from './dispatcher.js';
import { compileFaultPlan, type FaultPlan } from './faults.js';
import { type MemoryHubOptions, resolveHubOptions } from './hub-options.js';
import type { HubParticipant, HubPort } from './hub-port.js';
import { createCounters, type HubStats } from './hub-stats.js';
import { MemoryTransport } from './memory-transport.js';
import { compilePartition } from './partition.js';
import { type TraceEvent, TraceLog } from './trace.js';

/**
 * An in-process broker that memory transports connect to: MQTT semantics (wildcards, retained
 * values, wills, QoS 0/1), every delivery a timer on the hub's clock, and seeded fault injection.
 * MQTT 5's extras are honoured on the same clock: message expiry, delayed wills and shared
 * subscriptions (one member of a group in turn).
 *
 * A publication is delivered once per matching subscription, as MQTT does without subscription
 * identifiers: a participant with two overlapping subscriptions receives it on both observables.
 */
export interface MemoryHub {
  /**
   * A new, unconnected transport for a participant (a centre, a gateway, …). Only one transport per
   * id may be connected at a time; after a crash or close, a new one for the same id is the restart.
   *
   * @example
   * ```ts
   * const london = hub.transport('london');
   * await london.connect({ will: { topic: 'cm/demo/presence/london', payload: '', retain: true } });
   * ```
   */
  transport(participantId: string): Transport;
  /**
   * Replaces the fault plan for deliveries scheduled from now on (ones already on their way keep
   * theirs). Throws `CM_ERR_INVALID_OPTION` for a bad plan.
   *
   * @example
   * ```ts
   * hub.setFaults({ drop: 0.1, links: [{ from: 'london', to: 'paris', delayMs: 200, jitterMs: 50 }] });
   * ```
   */
  setFaults(plan: FaultPlan): void;
  /**
   * Splits the network: participants in different groups cannot reach each other; one named in no
   * group reaches everyone. Across the split QoS 0 messages are lost and QoS 1 messages are held,
   * then sent on when the split heals — like a broker's queue for a persistent session. Replaces any
   * earlier partition. Retained values and wills travel as if sent by their original publisher.
   *
   * @example
   * ```ts
   * hub.partition([['london'], ['paris', 'madrid']]);
   * ```
   */
  partition(groups: readonly (readonly string[])[]): void;
  /**
   * Ends the partition; held messages are sent on.
   *
   * @example
   * ```ts
   * hub.heal();
   * ```
   */
  heal(): void;
  /**
   * Makes a connected participant vanish without closing: its transport goes to `closed`, its
   * subscriptions complete and stop receiving (undelivered messages are discarded), and the hub
   * publishes its will — after the will's `delaySeconds` on the hub's clock, unless the participant
   * connects again before then. Messages it published before are still delivered. Returns false
   * when no participant with that id is connected. Connect `hub.transport(id)` again to restart it.
   *
   * @example
   * ```ts
   * hub.crash('london'); // subscribers of the will topic learn that London is gone
   * ```
   */
  crash(participantId: string): boolean;
  /** Every hub event as it happens (hot: no replay). */
  readonly trace$: Observable<TraceEvent>;
  /**
   * The most recent hub events (up to `traceLimit`), oldest first.
   *
   * @example
   * ```ts
   * const lost = hub.trace().filter((e) => e.kind === 'drop').length;
   * ```
   */
  trace(): readonly TraceEvent[];
  /**
   * Running totals and current sizes.
   *
   * @example
   * ```ts
   * expect(hub.stats().dropped).toBe(0);
   * ```
   */
  stats(): HubStats;
}

/**
 * Creates an in-process hub for tests, simulations and single-process deployments. With a
 * `VirtualClock` nothing is delivered until the clock moves, and a seed fixes every fault.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(0);
 * const hub = createMemoryHub({ clock, seed: 7, faults: { drop: 0.1 } });
 * const a = hub.transport('a');
 * const b = hub.transport('b');
 * await Promise.all([a.connect(), b.connect()]);
 * b.subscribe('cm/demo/#').subscribe((m) => handle(m));
 * await a.publish('cm/demo/hello', 'hi', { qos: 1 });
 * clock.runUntilIdle(); // the message arrives now
 * ```
 */
export function createMemoryHub(options: MemoryHubOptions = {}): MemoryHub {
  const resolved = resolveHubOptions(options);
  const { clock, limits } = resolved;
  const trace = new TraceLog(resolved.traceLimit);
  const counters = createCounters();
  const faults = compileFaultPlan(resolved.faults);
  const random = createRandom(resolved.seed);
  const dispatcher = new Dispatcher({ ...resolved, random, trace, counters, faults });
  const participants = new Map<string, HubParticipant>();
  // Wills waiting out their delay, by participant: connecting again cancels them.
  const pendingWills = new Map<string, TimerHandle>();
  const guarantees: TransportGuarantees = Object.freeze({
    name: 'memory',
    qos1: 'at-least-once',
    qos0: 'at-most-once',
    ordering: 'per-publisher-per-topic',
    retained: true,
    will: true,
    maxPayloadBytes: limits.maxPayloadBytes,
    messageExpiry: true,
    willDelay: true,
    sharedSubscriptions: true,
  });
  const port: HubPort = {
    limits,
    guarantees,
    dispatcher,
    join(participant) {
      if (participants.has(participant.id)) return err(duplicateParticipant(participant.id));
      participants.set(participant.id, participant);
      const will = pendingWills.get(participant.id);
      if (will !== undefined) clock.clearTimer(will);
      pendingWills.delete(participant.id);
      return ok(undefined);
    },
    leave(participant) {
      if (participants.get(participant.id) !== participant) return;
      participants.delete(participant.id);
    },
  };

  return {
    transport: (participantId) => new MemoryTransport(checkParticipantId('participantId', participantId), port),
    setFaults: (plan) => dispatcher.setFaults(compileFaultPlan(plan)),
    partition: (groups) => dispatcher.setReachability(compilePartition(groups)),
    heal: () => dispatcher.setReachability(compilePartition([])),
    crash(participantId) {
      const participant = participants.get(participantId);
      if (participant === undefined) return false;
      trace.record({ at: clock.now(), kind: 'crash', from: participantId });
      counters.crashes += 1;
      const will = participant.vanish();
      port.leave(participant);
      if (will === undefined) return true;
      if (will.delaySeconds === 0) {
        dispatcher.publish(participantId, will, 'will');
        return true;
      }
      const timer = clock.setTimer(will.delaySeconds * 1000, () => {
        pendingWills.delete(participantId);
        dispatcher.publish(participantId, will, 'will');
      });
      pendingWills.set(participantId, timer);
      return true;
    },
    trace$: trace.events$,
    trace: () => trace.snapshot(),
    stats: () => ({
      ...counters,
      participants: participants.size,
      subscriptions: dispatcher.subscriptionCount,
      retained: dispatcher.retainedCount,
      queued: dispatcher.queuedCount,
      linkQueued: dispatcher.linkQueuedCount,
    }),
  };
}
