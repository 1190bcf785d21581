import { createRandom, err, ok, type TimerHandle, type Transport, type TransportGuarantees } from '@contactmesh/core';
import type { Observable } from 'rxjs';
import type { HubWill } from '../shared/hub-message.js';
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
  /**
   * Makes a connected participant lose its connection while it runs on, as when its network
   * fails: its transport goes to `reconnecting`; what was on its way to it is discarded and, until
   * it is back, nothing reaches it (a clean session); what it publishes meanwhile waits in its
   * transport (at most `limits.maxQueuedMessages`, then `CM_ERR_QUEUE_FULL`); the hub publishes
   * its will, after the will's `delaySeconds`, unless it is back before. Returns false when no
   * participant with that id is connected. {@link MemoryHub.reconnect} brings it back.
   *
   * @example
   * ```ts
   * hub.disconnect('london'); // london runs on; the others hear its will
   * hub.reconnect('london'); // london is connected again and sends what it held
   * ```
   */
  disconnect(participantId: string): boolean;
  /**
   * Brings back a participant that {@link MemoryHub.disconnect} took away: its subscriptions start
   * again (with the retained values that match them, as on a new subscription), what it published
   * while away goes out, in order, and then its transport is `connected` again (what it publishes
   * on hearing so comes after). Returns false when the participant is not away (never
   * disconnected, back already, closed, crashed, or taken over by a new connection with its id).
   */
  reconnect(participantId: string): boolean;
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
  // Participants that lost their connection and run on, until they are back (or closed, or crashed).
  const away = new Map<string, HubParticipant>();
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
      // A new connection with the id of one that is away takes its session over, as with a broker:
      // the one away is closed for good (what it held is refused).
      const stale = away.get(participant.id);
      if (stale !== undefined && stale !== participant) {
        away.delete(participant.id);
        stale.vanish();
      }
      participants.set(participant.id, participant);
      const will = pendingWills.get(participant.id);
      if (will !== undefined) clock.clearTimer(will);
      pendingWills.delete(participant.id);
      return ok(undefined);
    },
    leave(participant) {
      if (away.get(participant.id) === participant) away.delete(participant.id);
      if (participants.get(participant.id) !== participant) return;
      participants.delete(participant.id);
    },
  };

  /** A participant's will, published now or after its delay (a connection back before then cancels it: `join`). */
  function publishWill(participantId: string, will: HubWill | undefined): void {
    if (will === undefined) return;
    if (will.delaySeconds === 0) {
      dispatcher.publish(participantId, will, 'will');
      return;
    }
    const timer = clock.setTimer(will.delaySeconds * 1000, () => {
      pendingWills.delete(participantId);
      dispatcher.publish(participantId, will, 'will');
    });
    pendingWills.set(participantId, timer);
  }

  return {
    transport: (participantId) => new MemoryTransport(checkParticipantId('participantId', participantId), port),
    setFaults: (plan) => dispatcher.setFaults(compileFaultPlan(plan)),
    partition: (groups) => dispatcher.setReachability(compilePartition(groups)),
    heal: () => dispatcher.setReachability(compilePartition([])),
    crash(participantId) {
      const participant = participants.get(participantId) ?? away.get(participantId);
      if (participant === undefined) return false;
      trace.record({ at: clock.now(), kind: 'crash', from: participantId });
      counters.crashes += 1;
      const wasAway = away.get(participantId) === participant;
      const will = participant.vanish();
      port.leave(participant);
      // Away, it lost its connection before: its will is on its way already.
      if (!wasAway) publishWill(participantId, will);
      return true;
    },
    disconnect(participantId) {
      const participant = participants.get(participantId);
      const lost = participant?.lose();
      if (participant === undefined || lost === undefined) return false;
      trace.record({ at: clock.now(), kind: 'disconnect', from: participantId });
      counters.disconnects += 1;
      port.leave(participant);
      away.set(participantId, participant);
      publishWill(participantId, lost.will);
      return true;
    },
    reconnect(participantId) {
      const participant = away.get(participantId);
      if (participant === undefined || !port.join(participant).ok) return false;
      away.delete(participantId);
      trace.record({ at: clock.now(), kind: 'reconnect', from: participantId });
      participant.regain();
      return true;
    },
    trace$: trace.events$,
    trace: () => trace.snapshot(),
    stats: () => ({
      ...counters,
      participants: participants.size,
      away: away.size,
      subscriptions: dispatcher.subscriptionCount,
      retained: dispatcher.retainedCount,
      queued: dispatcher.queuedCount,
      linkQueued: dispatcher.linkQueuedCount,
    }),
  };
}
