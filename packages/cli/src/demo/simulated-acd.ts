import {
  type Adapter,
  type Centre,
  type Clock,
  type ContactSpec,
  ErrorCode,
  isContactmeshError,
  type Random,
  type TimerHandle,
} from '@contactmesh/core';
import { uniform } from './draws.js';
import type { AnswerBehaviour } from './scenario.js';

/** What the simulation decided about a call when it arrived. */
export interface CallPlan {
  /** Talk time once an agent answers. */
  readonly handleMs: number;
  /** The customer hangs up after waiting this long unanswered; absent = never. */
  readonly patienceMs?: number;
}

/** A simulated ACD: its phones ring, its agents answer, talk and wrap up, its customers hang up. */
export interface SimulatedAcd {
  /** The centre's adapter: offers ring an agent's phone, who answers a moment later (or misses it). */
  readonly adapter: Adapter;
  /**
   * A customer calls: the contact arrives at the centre and waits until answered or out of
   * patience. Returns what `centre.contacts.arrive` gave: the id and the customer's status token.
   */
  call(spec: ContactSpec & { readonly id: string }, plan: CallPlan): { readonly id: string; readonly token: string };
  /**
   * The conversation of an answered call ends now (before its talk time): the agent wraps up for
   * `wrapUpMs`. False when the call is not one of this ACD's answered calls.
   */
  hangUp(contact: string): boolean;
  /** Drops a contact that has ended or left for another centre, with its pending timers. */
  forget(contact: string): void;
  /** Drops every call and its timers: nothing more happens (before the centre stops). */
  forgetAll(): void;
}

interface Call extends CallPlan {
  answered: boolean;
  ringing?: TimerHandle | undefined;
  patience?: TimerHandle | undefined;
  talking?: TimerHandle | undefined;
  wrapping?: TimerHandle | undefined;
}

/** Options of {@link createSimulatedAcd}. */
export interface SimulatedAcdOptions {
  readonly clock: Clock;
  /** Draws for answer delays and missed offers. */
  readonly random: Random;
  readonly answer: AnswerBehaviour;
  readonly wrapUpMs: number;
  /** The centre the ACD drives (created after its adapter, hence a function). */
  readonly centre: () => Centre;
  /**
   * The plan of a call this ACD did not take itself: one another centre forwarded here, or one a
   * restart recovered. Absent: such offers ring out unanswered.
   */
  readonly arrivedElsewhere?: (contact: string) => CallPlan | undefined;
}

/**
 * An ACD made of timers on `clock`: everything the centre asks of it and everything it tells the
 * centre happens at a virtual time drawn from `random`.
 *
 * @example
 * ```ts
 * let centre: Centre | undefined;
 * const acd = createSimulatedAcd({ clock, random, answer, wrapUpMs: 15_000, centre: () => centre as Centre });
 * centre = createCentre({ id: 'london', network: 'demo', transport, clock, adapter: acd.adapter });
 * acd.call({ id: 'c1', media: 'voice', skillset: 'billing' }, { handleMs: 180_000, patienceMs: 60_000 });
 * ```
 */
export function createSimulatedAcd(options: SimulatedAcdOptions): SimulatedAcd {
  const { clock, random, answer } = options;
  const calls = new Map<string, Call>();

  const finish = (contact: string, call: Call) => {
    const centre = options.centre();
    if (!stillThere(() => centre.contacts.end(contact))) return;
    call.wrapping = clock.setTimer(options.wrapUpMs, () => {
      call.wrapping = undefined;
      stillThere(() => centre.contacts.wrapped(contact));
    });
  };

  const connect = (agent: string, contact: string, call: Call) => {
    call.answered = true;
    call.ringing = undefined;
    if (call.patience !== undefined) clock.clearTimer(call.patience);
    stillThere(() => options.centre().agents.answer(agent, contact));
    call.talking = clock.setTimer(call.handleMs, () => {
      call.talking = undefined;
      finish(contact, call);
    });
  };

  const callOf = (contact: string): Call | undefined => {
    const known = calls.get(contact);
    if (known !== undefined) return known;
    const plan = options.arrivedElsewhere?.(contact);
    if (plan === undefined) return undefined;
    const call: Call = { handleMs: plan.handleMs, answered: false };
    calls.set(contact, call);
    return call;
  };

  const adapter: Adapter = {
    offer({ agent, contact }) {
      const call = callOf(contact);
      // A missed offer rings out; the agent's offer timeout then puts the contact back in the queue.
      if (call === undefined || call.answered || random.chance(answer.missChance)) return;
      const delayMs = uniform(random, answer.minDelaySeconds, answer.maxDelaySeconds) * 1_000;
      call.ringing = clock.setTimer(delayMs, () => connect(agent, contact, call));
    },
    stopRinging({ contact }) {
      const call = calls.get(contact);
      if (call?.ringing !== undefined) clock.clearTimer(call.ringing);
      if (call !== undefined) call.ringing = undefined;
    },
  };

  return {
    adapter,
    call(spec, plan) {
      const call: Call = { ...plan, answered: false };
      calls.set(spec.id, call);
      const arrived = options.centre().contacts.arrive(spec);
      if (plan.patienceMs === undefined || call.answered) return arrived;
      call.patience = clock.setTimer(plan.patienceMs, () => {
        if (!call.answered) stillThere(() => options.centre().contacts.abandon(spec.id));
      });
      return arrived;
    },
    hangUp(contact) {
      const call = calls.get(contact);
      if (call?.talking === undefined) return false;
      clock.clearTimer(call.talking);
      call.talking = undefined;
      finish(contact, call);
      return true;
    },
    forget(contact) {
      const call = calls.get(contact);
      for (const timer of [call?.ringing, call?.patience, call?.talking, call?.wrapping]) if (timer !== undefined) clock.clearTimer(timer);
      calls.delete(contact);
    },
    forgetAll() {
      for (const contact of [...calls.keys()]) this.forget(contact);
    },
  };
}

/**
 * Runs a report to the centre about a call; false when the centre no longer holds the contact or
 * the agent (the customer cancelled on the status page, the contact moved, the centre stopped) — a
 * race every ACD meets, which the centre answers with a coded error (docs/embedding.md).
 */
function stillThere(report: () => void): boolean {
  try {
    report();
    return true;
  } catch (error) {
    if (isContactmeshError(error, ErrorCode.UNKNOWN_CONTACT) || isContactmeshError(error, ErrorCode.UNKNOWN_AGENT)) return false;
    if (isContactmeshError(error, ErrorCode.STOPPED)) return false;
    throw error;
  }
}
