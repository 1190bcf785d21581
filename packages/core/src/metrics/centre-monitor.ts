import { Observable, Subject } from 'rxjs';
import type { EventObject } from 'xstate';
import { accuracyReport, createAccuracy, type EstimateAccuracy, recordAccuracy } from '../estimators/accuracy.js';
import { estimateWait } from '../estimators/registry.js';
import type { WaitEstimate } from '../estimators/wait-estimate.js';
import {
  createWaitObservations,
  recordAnswered,
  recordArrival,
  recordHandled,
  type WaitObservations,
} from '../estimators/wait-observations.js';
import { type AgentSnapshot, type ContactSnapshot, goneStates } from '../protocol/messages/snapshots.js';
import type { Runtime } from '../runtime/runtime.js';
import type { MetricsConfig } from './metrics-config.js';
import type { MetricsEvent } from './metrics-event.js';
import type { MetricsSnapshot } from './metrics-snapshot.js';
import { metricsSnapshot } from './metrics-snapshot.js';
import { createMetrics, type MetricsState } from './metrics-state.js';
import { recordMetric } from './record-metric.js';

interface Tracked {
  readonly state: ContactSnapshot['state'];
  readonly skillset: string;
  readonly connectedAt?: number;
  /** The wait predicted when the contact was queued, to score the estimator once it is answered. */
  readonly predicted?: WaitEstimate;
}

const seconds = (ms: number) => Math.max(0, ms / 1_000);

/**
 * Watches the versioned snapshots the centre's own agents and contacts tell its router — the same
 * ones they publish on their replica topics, the one source of truth — and derives the metrics,
 * each queue's wait observations and the estimators' accuracy from them. Outside the statecharts,
 * so the machines stay pure. It has no subscription of its own: the centre hands it every event
 * its router took ({@link CentreMonitor.receive}), straight from its own runtime, not as an echo
 * from the broker.
 */
export class CentreMonitor {
  #metrics: MetricsState;
  #accuracy: EstimateAccuracy = createAccuracy();
  readonly #queues = new Map<string, WaitObservations>();
  readonly #contacts = new Map<string, Tracked>();
  readonly #recorded = new Subject<void>();
  /** Fires after each metrics event recorded: cheap, for watchers that read only what they need. */
  readonly recorded$: Observable<void> = this.#recorded.asObservable();
  /**
   * The metrics now, then again after each change. A snapshot is computed only for a subscriber
   * that is there to read it: a centre nobody watches pays nothing for its metrics.
   */
  readonly metrics$: Observable<MetricsSnapshot> = new Observable((subscriber) => {
    subscriber.next(this.metrics());
    return this.#recorded.subscribe({ next: () => subscriber.next(this.metrics()), complete: () => subscriber.complete() });
  });

  constructor(
    private readonly runtime: Runtime,
    config: MetricsConfig,
    private readonly staffed: (skillset: string) => number,
    private readonly position: (contact: string) => number | undefined,
  ) {
    this.#metrics = createMetrics(config);
  }

  /** The metrics now (the sliding window and longest wait move with the clock). */
  metrics(): MetricsSnapshot {
    return metricsSnapshot(this.#metrics, this.runtime.clock.now());
  }

  /** Predicted against actual waits, per queue and method. */
  accuracy() {
    return accuracyReport(this.#accuracy);
  }

  /** The expected wait of a contact at `position` in `skillset`'s queue, if any estimator can tell. */
  expectedWait(skillset: string, position: number): WaitEstimate | undefined {
    const observations = this.#queues.get(skillset);
    if (observations === undefined) return undefined;
    return estimateWait(observations, { position, staffed: this.staffed(skillset), now: this.runtime.clock.now() });
  }

  /** The queues (skillsets) this centre has seen contacts in. */
  queues(): readonly string[] {
    return [...this.#queues.keys()];
  }

  complete(): void {
    this.#recorded.complete();
  }

  /** An event the centre's router took: snapshots of this centre's own agents and contacts count; everything else is ignored. */
  receive(event: EventObject): void {
    const { centre } = this.runtime;
    if (event.type === 'contact.snapshot') {
      const contact = (event as unknown as { body: ContactSnapshot }).body;
      if (contact.owner === centre) this.#contact(contact);
    } else if (event.type === 'agent.snapshot') {
      const agent = (event as unknown as { body: AgentSnapshot }).body;
      if (agent.home === centre) this.#record({ kind: 'agentState', agent: agent.id, state: agent.state, at: agent.updatedAt });
    }
  }

  #contact(contact: ContactSnapshot): void {
    const before = this.#contacts.get(contact.id);
    // A contact that ended before this monitor saw it (a retained value from an earlier run) is not news.
    if (before === undefined && goneStates.has(contact.state)) return;
    const at = contact.updatedAt;
    const queue = contact.skillset;
    const waited = seconds(at - contact.arrivedAt);
    if (before === undefined) {
      this.#observe(queue, (o) => recordArrival(o, contact.arrivedAt));
      this.#record({ kind: 'offered', queue, at: contact.arrivedAt });
      this.#record({ kind: 'waiting', queue, contact: contact.id, since: contact.arrivedAt });
    } else if (before.skillset !== queue && contact.state === 'queued') {
      this.#record({ kind: 'leftQueue', queue: before.skillset, contact: contact.id, at });
      this.#record({ kind: 'waiting', queue, contact: contact.id, since: contact.arrivedAt });
    }
    let tracked: Tracked = { ...before, state: contact.state, skillset: queue };
    if (before === undefined || (contact.state === 'queued' && before.predicted === undefined)) {
      const position = this.position(contact.id);
      const predicted = position === undefined ? undefined : this.expectedWait(queue, position);
      if (predicted !== undefined) tracked = { ...tracked, predicted };
    }
    if (contact.state === 'connected' && before?.connectedAt === undefined) {
      this.#record({ kind: 'answered', queue, waitSeconds: waited, at, contact: contact.id });
      this.#observe(queue, (o) => recordAnswered(o, waited, at));
      if (tracked.predicted !== undefined) this.#accuracy = recordAccuracy(this.#accuracy, queue, tracked.predicted, waited);
      tracked = { ...tracked, connectedAt: at };
    } else if ((contact.state === 'abandoned' || contact.state === 'expired') && before?.connectedAt === undefined) {
      this.#record({ kind: 'abandoned', queue, waitSeconds: waited, at, contact: contact.id });
    } else if (contact.state === 'substituted' || contact.state === 'forwarded') {
      this.#record({ kind: 'leftQueue', queue, contact: contact.id, at });
    } else if (contact.state === 'ended' && before?.connectedAt !== undefined) {
      const handled = seconds(at - before.connectedAt);
      this.#record({ kind: 'handled', queue, handleSeconds: handled, at });
      this.#observe(queue, (o) => recordHandled(o, handled, at));
    }
    if (goneStates.has(contact.state)) this.#contacts.delete(contact.id);
    else this.#contacts.set(contact.id, tracked);
  }

  #observe(queue: string, update: (o: WaitObservations) => WaitObservations): void {
    const current = this.#queues.get(queue) ?? createWaitObservations({ startedAt: this.runtime.clock.now() });
    this.#queues.set(queue, update(current));
  }

  #record(event: MetricsEvent): void {
    this.#metrics = recordMetric(this.#metrics, event);
    this.#recorded.next();
  }
}
