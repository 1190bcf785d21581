import { type Adapter, type Centre, type Clock, ErrorCode, isContactmeshError, type Media, type TimerHandle } from '@contactmesh/core';
import type { SimulationTally } from './simulation-tally.js';

/** What the simulation decided about a call when it arrived (drawn then, so every routing sees the same calls). */
export interface CallPlan {
  readonly handleMs: number;
  /** The customer hangs up after waiting this long unanswered; `undefined`: never. */
  readonly patienceMs: number | undefined;
}

/**
 * The telephone switch of a simulated network: one ACD behind every centre. Its phones ring when
 * a centre offers a contact, its agents answer (at once or after `answerDelayMs`), talk for the
 * call's drawn handle time, end the call and wrap up; its customers hang up when out of patience.
 * A call forwarded to another centre stays the same call: the switch follows it to its holder.
 */
export interface SimulatedSwitch {
  /** The adapter of centre `centre` (each centre drives the switch through its own). */
  adapterFor(centre: string): Adapter;
  /** A customer calls centre `centre`. */
  call(centre: string, contact: { readonly id: string; readonly skillset: string; readonly media: Media }, plan: CallPlan): void;
  /** Calls not over yet (waiting, ringing, talking or wrapping up). */
  readonly live: number;
  /** The first report a centre refused for a reason other than the races every ACD meets; `undefined`: none. */
  readonly surprise: string | undefined;
}

interface Call extends CallPlan {
  /** The centre that holds the contact now. */
  holder: string;
  answered: boolean;
  /** The agent (`{centre}/{agent}`) the call rings or rang last. */
  agent?: string | undefined;
  ringing?: TimerHandle | undefined;
  patience?: TimerHandle | undefined;
  talking?: TimerHandle | undefined;
  wrapping?: TimerHandle | undefined;
}

/** Options of {@link createSimulatedSwitch}. */
export interface SimulatedSwitchOptions {
  readonly clock: Clock;
  /** The centre by id (created after their adapters, hence a function). */
  readonly centre: (id: string) => Centre;
  readonly tally: SimulationTally;
  readonly answerDelayMs: number;
  readonly wrapUpMs: number;
}

/**
 * Creates the switch. Everything it does is a timer on `clock`, so a run on a `VirtualClock` is
 * exactly repeatable; it draws nothing itself (the plans come with the calls).
 *
 * @example
 * ```ts
 * const acd = createSimulatedSwitch({ clock, centre: (id) => centres.get(id) as Centre, tally, answerDelayMs: 0, wrapUpMs: 0 });
 * const london = createCentre({ id: 'london', network: 'sim', transport, clock, adapter: acd.adapterFor('london') });
 * acd.call('london', { id: 'c1', skillset: 'billing', media: 'voice' }, { handleMs: 180_000, patienceMs: undefined });
 * ```
 */
export function createSimulatedSwitch(options: SimulatedSwitchOptions): SimulatedSwitch {
  const { clock, tally, answerDelayMs, wrapUpMs } = options;
  const calls = new Map<string, Call>();
  /** Agent address → since when the agent has been ringing, talking or wrapping up, and with which contacts (chats come several at once). */
  const busy = new Map<string, { readonly since: number; readonly contacts: Set<string> }>();
  let surprise: string | undefined;

  /** Runs a report to a centre; false when the centre no longer holds the contact or agent (a race every ACD meets). */
  const report = (action: () => void): boolean => {
    try {
      action();
      return true;
    } catch (error) {
      const expected = [ErrorCode.UNKNOWN_CONTACT, ErrorCode.UNKNOWN_AGENT, ErrorCode.STOPPED, ErrorCode.INVALID_STATE];
      if (!expected.some((code) => isContactmeshError(error, code))) surprise ??= error instanceof Error ? error.message : String(error);
      return false;
    }
  };
  const engage = (agent: string, contact: string) => {
    const work = busy.get(agent);
    if (work === undefined) busy.set(agent, { since: clock.now(), contacts: new Set([contact]) });
    else work.contacts.add(contact);
  };
  /** The agent is done with `contact`; with nothing else on hand, its busy time ends now. */
  const free = (agent: string, contact: string) => {
    const work = busy.get(agent);
    if (work === undefined || !work.contacts.delete(contact) || work.contacts.size > 0) return;
    busy.delete(agent);
    tally.busy(agent.slice(0, agent.indexOf('/')), work.since, clock.now());
  };
  const forget = (id: string, call: Call) => {
    // A call that ends frees its agent now, whatever the centre says later.
    if (call.agent !== undefined) free(call.agent, id);
    for (const timer of [call.ringing, call.patience, call.talking, call.wrapping]) if (timer !== undefined) clock.clearTimer(timer);
    calls.delete(id);
  };

  const connect = (id: string, call: Call, centre: string, agent: string) => {
    call.ringing = undefined;
    if (call.answered || !report(() => options.centre(centre).agents.answer(agent, id))) return;
    call.answered = true;
    if (call.patience !== undefined) clock.clearTimer(call.patience);
    call.patience = undefined;
    tally.answered(id, clock.now(), centre);
    call.talking = clock.setTimer(call.handleMs, () => {
      call.talking = undefined;
      const holder = options.centre(call.holder);
      report(() => holder.contacts.end(id));
      const done = () => {
        call.wrapping = undefined;
        report(() => holder.contacts.wrapped(id));
        tally.handled(id);
        forget(id, call);
      };
      if (wrapUpMs > 0) call.wrapping = clock.setTimer(wrapUpMs, done);
      else done();
    });
  };

  const adapterFor = (centre: string): Adapter => ({
    offer({ agent, contact }) {
      const call = calls.get(contact);
      if (call === undefined || call.answered) return;
      call.holder = centre;
      const address = `${centre}/${agent}`;
      if (call.agent !== undefined && call.agent !== address) free(call.agent, contact);
      engage(address, contact);
      call.agent = address;
      if (call.ringing !== undefined) clock.clearTimer(call.ringing);
      call.ringing = clock.setTimer(answerDelayMs, () => connect(contact, call, centre, agent));
    },
    stopRinging({ agent, contact }) {
      const call = calls.get(contact);
      if (call?.ringing !== undefined) clock.clearTimer(call.ringing);
      if (call !== undefined) call.ringing = undefined;
      if (call?.answered !== true) free(`${centre}/${agent}`, contact);
    },
    forward({ contact, to }) {
      const call = calls.get(contact);
      if (call !== undefined) call.holder = to;
    },
    end({ contact }) {
      // The centre ended the contact itself (it expired, say): the wait, or the call, is over.
      const call = calls.get(contact);
      if (call === undefined) return;
      if (call.answered) tally.handled(contact);
      else tally.abandoned(contact);
      forget(contact, call);
    },
  });

  return {
    adapterFor,
    call(centre, contact, plan) {
      const call: Call = { ...plan, holder: centre, answered: false };
      calls.set(contact.id, call);
      tally.arrived(contact.id, centre, clock.now());
      options.centre(centre).contacts.arrive({ id: contact.id, skillset: contact.skillset, media: contact.media });
      if (plan.patienceMs === undefined || call.answered) return;
      call.patience = clock.setTimer(plan.patienceMs, () => {
        call.patience = undefined;
        if (call.answered) return;
        tally.abandoned(contact.id);
        report(() => options.centre(call.holder).contacts.abandon(contact.id));
        forget(contact.id, call);
      });
    },
    get live() {
      return calls.size;
    },
    get surprise() {
      return surprise;
    },
  };
}
