import { type Effect, effects } from '../effects/effects.js';

/** What one action of a machine does: a change to its context and the effects to emit. Pure. */
export interface Step<C> {
  readonly patch?: Partial<C>;
  readonly effects?: readonly Effect[];
}

/** The part of XState's `enqueue` a step needs. */
export interface Enqueue<C> {
  assign(patch: Partial<C>): void;
  emit(effect: Effect): void;
}

/**
 * Carries a step out inside `enqueueActions`: the patch, then the effects, in order.
 *
 * @example
 * ```ts
 * grant: enqueueActions(({ context, event, enqueue }) => apply(enqueue, grant(context, event))),
 * ```
 */
export function apply<C>(enqueue: Enqueue<C>, step: Step<C>): void {
  if (step.patch !== undefined) enqueue.assign(step.patch);
  for (const effect of step.effects ?? []) enqueue.emit(effect);
}

/** The time of an event as delivered by the runtime (`at`), or `fallback` for the initial event. */
export const eventTime = (event: { readonly type: string }, fallback: number): number =>
  'at' in event && typeof event.at === 'number' ? event.at : fallback;

/**
 * An owned object changed: publish its snapshot, retained, on its replica topic, and tell the
 * centre's router (DESIGN.md §4: the single writer publishes every versioned change).
 *
 * @example
 * ```ts
 * announce('replica/london/agent/a1', 'agent.snapshot', snapshot, 'london/router/main');
 * ```
 */
export function announce(topic: string, type: 'agent.snapshot' | 'contact.snapshot', snapshot: object, router: string): Effect[] {
  return [effects.publish(topic, type, snapshot, { retain: true, qos: 1 }), effects.send(router, type, snapshot)];
}
