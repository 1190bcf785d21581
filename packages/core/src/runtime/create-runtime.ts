import { type Observable, Subject, type Subscription } from 'rxjs';
import { type Actor, type AnyActorLogic, createActor, type EventObject, type InspectionEvent, type SnapshotFrom } from 'xstate';
import type { Clock } from '../clock/clock.js';
import { realClock } from '../clock/real-clock.js';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError } from '../errors/contactmesh-error.js';
import { type Limits, resolveLimits } from '../limits.js';
import { address as makeAddress, parseAddress } from '../protocol/address.js';
import { type IdSource, randomIds } from '../protocol/message-ids.js';
import { PROTOCOL_VERSION } from '../protocol/primitives.js';
import { type BodyCodecs, type CoreBodies, coreMessages, type Envelope, type MessageRegistry } from '../protocol/registry.js';
import { networkTopics } from '../protocol/topics.js';
import type { Transport } from '../transport/transport.js';
import { ActorTimers } from './actor-timers.js';
import { DedupeWindow } from './dedupe-window.js';
import { type AdapterEffect, type Effect, isEffect, type OutgoingMessage } from './effects.js';
import { inboundPipeline } from './inbound.js';
import { OutboundEffects } from './outbound.js';
import { emptyStats, type RuntimeEvent, type RuntimeStats } from './runtime-events.js';

/** Options of {@link createRuntime}. */
export interface RuntimeOptions<R extends BodyCodecs = CoreBodies> {
  /** This centre's id; actor addresses start with it. */
  readonly centre: string;
  /** The network id: topics live under `cm/{network}/`. */
  readonly network: string;
  readonly transport: Transport;
  /** Default {@link realClock}. */
  readonly clock?: Clock;
  /** Message types this runtime decodes. Default: the core protocol. */
  readonly registry?: MessageRegistry<R>;
  readonly limits?: Partial<Limits>;
  /** Message ids. Default: random UUIDs; simulations pass `sequentialIds(centre)`. */
  readonly ids?: IdSource;
  /** Passed to every actor, e.g. Stately's inspector: `inspect: createBrowserInspector().inspect`. */
  readonly inspect?: (event: InspectionEvent) => void;
  /** Receives every adapter effect; a throw or a rejected promise becomes an `adapter.failed` event. */
  readonly adapter?: (command: AdapterEffect['command']) => void | Promise<void>;
}

/** The interpreter of one centre: hosts its actors and carries out their effects (DESIGN.md §3). */
export interface Runtime {
  readonly centre: string;
  readonly network: string;
  readonly clock: Clock;
  /** Bad input, failed effects and actor failures, as they happen. */
  readonly events$: Observable<RuntimeEvent>;
  /** Every adapter effect, for embedders who prefer a stream to the `adapter` option. */
  readonly adapterCommands$: Observable<AdapterEffect['command']>;
  /** Starts an actor at `{centre}/{kind}/{id}` and returns its address. */
  host<L extends AnyActorLogic>(kind: string, id: string, logic: L, options?: { input?: unknown }): string;
  /** Stops and removes an actor; its pending timers are cancelled. */
  remove(address: string): void;
  /** The current snapshot of a hosted actor. */
  snapshot<L extends AnyActorLogic>(address: string): SnapshotFrom<L> | undefined;
  /** Addresses of all hosted actors. */
  addresses(): string[];
  /** Delivers an outside event (from the embedder, the adapter or a test) to a hosted actor. */
  deliver(address: string, event: EventObject): void;
  /** Routes decoded broadcasts on a network-relative topic filter to a hosted actor. */
  listen(filter: string, address: string): void;
  /** Publishes a message on a network-relative topic on behalf of the centre itself. */
  publish(topic: string, message: OutgoingMessage, options?: { retain?: boolean; qos?: 0 | 1 }): void;
  /** Connects the transport (if needed) and starts receiving this centre's inbox. */
  start(): Promise<void>;
  /** Stops every actor and timer and closes the transport. */
  stop(): Promise<void>;
  stats(): Readonly<RuntimeStats>;
}

/**
 * Creates the runtime of one centre.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ centre: 'london', network: 'demo', transport: hub.transport('london') });
 * runtime.host('router', 'main', routerMachine);
 * await runtime.start();
 * runtime.events$.subscribe((e) => log(e));
 * ```
 */
export function createRuntime<R extends BodyCodecs = CoreBodies>(options: RuntimeOptions<R>): Runtime {
  const { centre, network, transport } = options;
  const clock = options.clock ?? realClock;
  const limits = resolveLimits(options.limits);
  const registry = (options.registry ?? coreMessages) as MessageRegistry;
  const ids = options.ids ?? randomIds();
  const topics = networkTopics(network);
  makeAddress(centre, 'runtime', 'main'); // validates the centre id
  const self = `${centre}/runtime/main`;

  const actors = new Map<string, Actor<AnyActorLogic>>();
  const timers = new ActorTimers(clock);
  const dedupe = new DedupeWindow(limits.dedupeWindow);
  const events = new Subject<RuntimeEvent>();
  const adapterCommands = new Subject<AdapterEffect['command']>();
  const stats = emptyStats();
  const subscriptions: Subscription[] = [];
  const queue: { address: string; event: EventObject }[] = [];
  let head = 0;
  let draining = false;
  let stopped = false;

  const envelope = (from: string, message: OutgoingMessage, to?: string): Envelope => ({
    v: PROTOCOL_VERSION,
    id: ids(),
    type: message.type,
    from,
    ...(to === undefined ? {} : { to }),
    ts: clock.now(),
    body: message.body,
  });

  const enqueue = (address: string, event: EventObject) => {
    queue.push({ address, event });
    drain();
  };

  // Deliveries run one at a time from a FIFO, so an actor's effects never re-enter another
  // actor's transition, and the order of events is the same on every run.
  function drain(): void {
    if (draining || stopped) return;
    draining = true;
    try {
      let budget = limits.maxDeliveriesPerDrain;
      while (head < queue.length && budget-- > 0) {
        const next = queue[head++];
        if (next !== undefined) dispatch(next.address, next.event);
      }
      if (head >= queue.length) {
        queue.length = 0;
        head = 0;
      } else {
        clock.setTimer(0, drain); // a message storm: yield, then go on
      }
    } finally {
      draining = false;
    }
  }

  function dispatch(address: string, event: EventObject): void {
    const actor = actors.get(address);
    if (actor === undefined || actor.getSnapshot().status !== 'active') {
      stats.undeliverable += 1;
      events.next({ type: 'message.undeliverable', code: ErrorCode.UNKNOWN_ACTOR, to: address, messageType: event.type });
      return;
    }
    stats.delivered += 1;
    actor.send(event);
  }

  const outbound = new OutboundEffects({ centre, transport, topics, limits, stats, events, envelope, deliverLocal: enqueue });

  function carryOut(address: string, effect: Effect): void {
    switch (effect.type) {
      case 'effect.schedule':
        timers.schedule(address, effect.timerId, effect.delayMs, () => {
          stats.timersFired += 1;
          enqueue(address, effect.event);
        });
        return;
      case 'effect.cancel':
        timers.cancel(address, effect.timerId);
        return;
      case 'effect.adapter':
        runAdapter(effect.command);
        return;
      default:
        outbound.carryOut(address, effect);
    }
  }

  function runAdapter(command: AdapterEffect['command']): void {
    stats.adapterCommands += 1;
    adapterCommands.next(command);
    const fail = (error: unknown) => {
      stats.failedEffects += 1;
      events.next({ type: 'adapter.failed', reason: error instanceof Error ? error.message : String(error), command });
    };
    try {
      const pending = options.adapter?.(command);
      if (pending !== undefined) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  const runtime: Runtime = {
    centre,
    network,
    clock,
    events$: events.asObservable(),
    adapterCommands$: adapterCommands.asObservable(),

    host(kind, id, logic, hostOptions = {}) {
      const address = makeAddress(centre, kind, id);
      if (actors.has(address))
        throw new ContactmeshError(ErrorCode.DUPLICATE_ACTOR, `An actor is already hosted at ${address}; remove it first.`, {
          value: address,
        });
      const actor: Actor<AnyActorLogic> = createActor(logic as AnyActorLogic, {
        id: address,
        input: hostOptions.input,
        ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
      });
      // Listen before starting: entry actions may already emit effects.
      actor.on('*', (emitted: EventObject) => {
        if (isEffect(emitted)) carryOut(address, emitted);
      });
      actor.subscribe({
        error: (error) => {
          timers.cancelAll(address);
          events.next({ type: 'actor.failed', address, reason: error instanceof Error ? error.message : String(error) });
        },
        complete: () => timers.cancelAll(address),
      });
      actors.set(address, actor);
      // Effects of the entry actions wait in the queue until the actor has fully started.
      const outer = draining;
      draining = true;
      try {
        actor.start();
      } finally {
        draining = outer;
      }
      drain();
      return address;
    },

    remove(address) {
      const actor = actors.get(address);
      if (actor === undefined) return;
      actors.delete(address);
      timers.cancelAll(address);
      actor.stop();
    },

    snapshot: (address) => actors.get(address)?.getSnapshot(),
    addresses: () => [...actors.keys()],
    deliver: (address, event) => enqueue(address, event),

    listen(filter, address) {
      subscriptions.push(
        inboundPipeline(transport.subscribe(topics.absolute(filter)), { registry, limits, dedupe, stats, events }).subscribe((message) =>
          enqueue(address, message),
        ),
      );
    },

    publish(topic, message, publishOptions = {}) {
      outbound.carryOut(self, { type: 'effect.publish', topic, message, ...publishOptions });
    },

    async start() {
      subscriptions.push(transport.state$.subscribe((state) => events.next({ type: 'transport.state', state })));
      subscriptions.push(
        inboundPipeline(transport.subscribe(topics.inbox(centre), { qos: 1 }), { registry, limits, dedupe, stats, events }).subscribe(
          (message) => {
            const to = message.to === undefined ? undefined : parseAddress(message.to);
            if (to === undefined || !to.ok || to.value.centre !== centre) {
              stats.undeliverable += 1;
              events.next({
                type: 'message.undeliverable',
                code: ErrorCode.UNKNOWN_ACTOR,
                to: message.to ?? '(none)',
                messageType: message.type,
              });
              return;
            }
            enqueue(message.to as string, message);
          },
        ),
      );
      if (transport.state === 'idle') await transport.connect();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
      for (const address of [...actors.keys()]) runtime.remove(address);
      await transport.close();
      events.complete();
      adapterCommands.complete();
    },

    stats: () => stats,
  };
  return runtime;
}
