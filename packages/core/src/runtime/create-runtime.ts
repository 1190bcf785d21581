import { Subject, type Subscription } from 'rxjs';
import { type Actor, type AnyActorLogic, createActor, type EventObject } from 'xstate';
import { realClock } from '../clock/real-clock.js';
import { type AdapterEffect, type Effect, isEffect, type OutgoingMessage } from '../effects/effects.js';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, isContactmeshError, preview } from '../errors/contactmesh-error.js';
import { type Limits, resolveLimits } from '../limits.js';
import { address as makeAddress, parseAddress } from '../protocol/address.js';
import { randomIds } from '../protocol/message-ids.js';
import { CentreId, PROTOCOL_VERSION } from '../protocol/primitives.js';
import { type BodyCodecs, type CoreBodies, coreMessages, type Envelope, type MessageRegistry } from '../protocol/registry.js';
import { networkTopics } from '../protocol/topics.js';
import { validateFilter } from '../transport/topics.js';
import { ActorTimers } from './actor-timers.js';
import { ActorWatchers, stampedInput } from './actor-watchers.js';
import { callAdapter } from './adapter-calls.js';
import { DedupeWindow } from './dedupe-window.js';
import { DeliveryQueue } from './delivery-queue.js';
import { receiveInbound } from './inbound.js';
import { lastWill } from './last-will.js';
import { OutboundEffects } from './outbound.js';
import type { Runtime, RuntimeOptions } from './runtime.js';
import { emptyStats, type RuntimeEvent } from './runtime-events.js';

/** The event an actor gets when a retained topic it listens to is cleared. */
const cleared = (topic: string): EventObject => ({ type: 'retained.cleared', topic }) as EventObject;

/**
 * Creates the runtime of one centre: hosts its actors and carries out their effects (DESIGN.md §3).
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
  makeAddress(centre, 'runtime', 'main'); // validates the centre id
  if (!CentreId.is(network)) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `Network id ${preview(network)} is not valid; use a-z, 0-9 and - (at most 63 characters).`,
      {
        value: network,
      },
    );
  }
  const clock = options.clock ?? realClock;
  const limits: Limits = resolveLimits(options.limits);
  const registry = (options.registry ?? coreMessages) as MessageRegistry;
  const ids = options.ids ?? randomIds();
  const checkLocal = options.checkLocalMessages ?? true;
  const topics = networkTopics(network);
  const self = `${centre}/runtime/main`;
  const { signing } = options;
  const signed = signing === undefined ? {} : { signing };

  const actors = new Map<string, Actor<AnyActorLogic>>();
  const endpoints = new Map<string, (event: EventObject) => void>();
  const watchers = new ActorWatchers((address, reason) =>
    events.next({ type: 'actor.failed', code: ErrorCode.ACTOR_FAILED, address, reason }),
  );
  const listening = new Map<string, Subscription[]>();
  const timers = new ActorTimers(clock);
  const inboxDedupe = new DedupeWindow(limits.dedupeWindow);
  const events = new Subject<RuntimeEvent>();
  const adapterCommands = new Subject<AdapterEffect['command']>();
  const stats = emptyStats();
  const subscriptions: Subscription[] = [];
  let starting: Promise<void> | undefined;
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

  const undeliverable = (to: string, messageType: string, code: ErrorCode) => {
    stats.undeliverable += 1;
    events.next({ type: 'message.undeliverable', code, to, messageType });
  };

  const queue = new DeliveryQueue(
    clock,
    { perDrain: limits.maxDeliveriesPerDrain, limit: limits.maxPendingDeliveries },
    (address, event) => {
      const endpoint = endpoints.get(address);
      if (endpoint !== undefined) {
        stats.delivered += 1;
        try {
          endpoint({ ...event, at: clock.now() } as EventObject);
        } catch (error) {
          events.next({
            type: 'actor.failed',
            code: ErrorCode.ACTOR_FAILED,
            address,
            reason: error instanceof Error ? error.message : String(error),
          });
        }
        return;
      }
      const actor = actors.get(address);
      if (actor === undefined || actor.getSnapshot().status !== 'active')
        return undeliverable(address, event.type, ErrorCode.UNKNOWN_ACTOR);
      stats.delivered += 1;
      // Machines never read the clock; every event tells them when it was delivered.
      const delivered = { ...event, at: clock.now() };
      actor.send(delivered);
      watchers.took(address, delivered);
    },
  );

  const enqueue = (address: string, event: EventObject) => {
    if (!queue.push(address, event)) {
      if (!stopped) undeliverable(address, event.type, ErrorCode.QUEUE_FULL);
      return;
    }
    queue.drain();
  };

  const subscriptionFailed = (filter: string) => (error: unknown) => {
    const code = isContactmeshError(error) ? error.code : ErrorCode.EFFECT_FAILED;
    events.next({ type: 'subscription.failed', code, reason: error instanceof Error ? error.message : String(error), filter });
  };

  const outbound = new OutboundEffects({
    centre,
    transport,
    topics,
    limits,
    stats,
    events,
    envelope,
    deliverLocal: enqueue,
    registry,
    checkLocal,
    hosted: (address) => actors.has(address),
    ...signed,
  });

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
        callAdapter(effect.command, options.adapter, { stats, commands: adapterCommands, events });
        return;
      case 'effect.host': {
        const kind = options.hosts?.[effect.kind];
        if (kind === undefined)
          throw new ContactmeshError(
            ErrorCode.UNKNOWN_ACTOR,
            `No actor of kind ${preview(effect.kind)} may be started by a machine here; list it in createRuntime({ hosts }).`,
            {
              value: effect.kind,
            },
          );
        runtime.host(effect.kind, effect.id, kind.logic, { input: effect.input });
        kind.hosted?.(effect.id, effect.input);
        return;
      }
      case 'effect.send':
        outbound.carryOut(effect.as === undefined ? address : sendingAs(address, effect.as), effect);
        return;
      default:
        outbound.carryOut(address, effect);
    }
  }

  /** An actor sends in the name of another address only of its own centre (a desk it answers for). */
  function sendingAs(address: string, as: string): string {
    const parts = parseAddress(as);
    if (!parts.ok || parts.value.centre !== centre) {
      throw new ContactmeshError(ErrorCode.INVALID_ADDRESS, `${address} may send as an address of ${centre} only, not as ${preview(as)}.`, {
        value: as,
      });
    }
    return as;
  }

  function forget(address: string): void {
    actors.delete(address);
    outbound.forget(address);
    timers.cancelAll(address);
    for (const subscription of listening.get(address) ?? []) subscription.unsubscribe();
    listening.delete(address);
  }

  const runtime: Runtime = {
    centre,
    network,
    clock,
    createdAt: clock.now(),
    limits,
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
        input: stampedInput(hostOptions.input, clock.now()),
        ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
      });
      // Listen before starting: entry actions may already emit effects.
      actor.on('*', (emitted: EventObject) => {
        if (!isEffect(emitted)) return;
        try {
          carryOut(address, emitted);
        } catch (error) {
          // A listener that throws would be rethrown by XState outside any caller: report instead.
          stats.failedEffects += 1;
          events.next({
            type: 'effect.failed',
            code: ErrorCode.EFFECT_FAILED,
            reason: error instanceof Error ? error.message : String(error),
            address,
            effect: emitted,
          });
        }
      });
      actor.subscribe({
        error: (error) => {
          forget(address);
          // XState keeps the snapshot from before the failed transition: the owner recovers from it.
          const { value, context } = actor.getSnapshot() as { value: unknown; context: unknown };
          events.next({
            type: 'actor.failed',
            code: ErrorCode.ACTOR_FAILED,
            address,
            reason: error instanceof Error ? error.message : String(error),
            snapshot: { value, context },
          });
        },
        complete: () => {
          if (actors.get(address) !== actor) return; // removed on purpose
          forget(address);
          events.next({ type: 'actor.done', address, output: actor.getSnapshot().output });
        },
      });
      actors.set(address, actor);
      // Effects of the entry actions wait in the queue until the actor has fully started.
      queue.hold(() => actor.start());
      return address;
    },

    endpoint(kind, id, receive) {
      // The queue gives an endpoint only what the registry decoded (or a cleared topic), stamped with `at`.
      const take = receive as (event: EventObject) => void;
      const address = makeAddress(centre, kind, id);
      if (actors.has(address) || endpoints.has(address)) {
        throw new ContactmeshError(ErrorCode.DUPLICATE_ACTOR, `Something is already hosted at ${address}; remove it first.`, {
          value: address,
        });
      }
      endpoints.set(address, take);
      return address;
    },

    remove(address) {
      if (endpoints.delete(address)) {
        forget(address);
        return;
      }
      const actor = actors.get(address);
      if (actor === undefined) return;
      forget(address);
      actor.stop();
    },

    watch: (address, watcher) => watchers.add(address, watcher),

    snapshot: (address) => actors.get(address)?.getSnapshot(),
    addresses: () => [...actors.keys()],
    deliver: (address, event) => enqueue(address, event),

    listen(filter, address) {
      const absolute = topics.absolute(filter);
      const valid = validateFilter(absolute, limits.maxTopicBytes);
      if (!valid.ok) throw valid.error;
      if (!actors.has(address) && !endpoints.has(address))
        throw new ContactmeshError(ErrorCode.UNKNOWN_ACTOR, `No actor is hosted at ${address}; host it before listen().`, {
          value: address,
        });
      // Each listen de-duplicates on its own: a broadcast that matches two filters reaches both.
      const own = {
        registry,
        limits,
        dedupe: new DedupeWindow(limits.dedupeWindow),
        stats,
        events,
        now: () => clock.now(),
        admit: options.admit,
        ...signed,
      };
      const subscription = receiveInbound(transport.subscribe(absolute), own, {
        message: (message) => enqueue(address, message),
        cleared: (topic) => enqueue(address, cleared(topic.slice(topics.root.length + 1))),
        failed: subscriptionFailed(absolute),
      });
      listening.set(address, [...(listening.get(address) ?? []), subscription]);
    },

    send(from, to, message) {
      outbound.carryOut(from, { type: 'effect.send', to, message });
    },

    publish(topic, message, publishOptions = {}) {
      outbound.carryOut(self, { type: 'effect.publish', topic, message, ...publishOptions });
    },

    lastReplicas() {
      return outbound.replicas();
    },

    start() {
      if (stopped)
        return Promise.reject(
          new ContactmeshError(ErrorCode.TRANSPORT_CLOSED, `Runtime ${centre} was stopped; create a new runtime to start again.`),
        );
      starting ??= (async () => {
        subscriptions.push(transport.state$.subscribe((state) => events.next({ type: 'transport.state', state })));
        const inbox = topics.inboxOf(centre);
        const context = { registry, limits, dedupe: inboxDedupe, stats, events, now: () => clock.now(), admit: options.admit, ...signed };
        subscriptions.push(
          receiveInbound(transport.subscribe(inbox, { qos: 1 }), context, {
            message: (message) => {
              const to = message.to === undefined ? undefined : parseAddress(message.to);
              if (to === undefined || !to.ok || to.value.centre !== centre)
                return undeliverable(message.to ?? '(none)', message.type, ErrorCode.UNKNOWN_ACTOR);
              // This centre's own actors never write to its inbox (local messages go through the
              // queue): a message from the network claiming to come from one of them is forged.
              const from = parseAddress(message.from);
              if (!from.ok || from.value.centre === centre)
                return undeliverable(message.to as string, message.type, ErrorCode.INVALID_ADDRESS);
              enqueue(message.to as string, message);
            },
            cleared: () => {},
            failed: subscriptionFailed(inbox),
          }),
        );
        // The will goes out when this centre vanishes without closing (DESIGN.md §4, presence).
        if (transport.state === 'idle')
          await transport.connect(lastWill(options.will, (m) => envelope(self, m), { topics, limits, signing }));
      })();
      return starting;
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
      for (const address of [...actors.keys()]) runtime.remove(address);
      queue.close();
      await transport.close();
      events.complete();
      adapterCommands.complete();
    },

    stats: () => stats,
  };
  return runtime;
}
