import { callId, lineSeeds, type TrafficDraws, trafficDraws } from './poisson-traffic.js';
import type { SimulationScenario } from './scenario-file.js';
import { SimulationTally } from './simulation-tally.js';

/** What {@link runReferenceQueue} found: the same figures a simulation reports. */
export type ReferenceResult = ReturnType<SimulationTally['figures']> & {
  readonly waits: readonly number[];
  readonly contacts: number;
};

interface Waiting {
  readonly id: string;
  readonly pool: number;
  readonly handleMs: number;
  started: boolean;
  gone: boolean;
}

interface Pool {
  /** Free agents, longest idle first (a queue: `head` is the next to take). */
  readonly idle: number[];
  head: number;
  /** Contacts waiting, first come first served; those that hung up are skipped when reached. */
  readonly queue: Waiting[];
  front: number;
}

type Event =
  | { readonly at: number; readonly seq: number; readonly kind: 'arrival'; readonly line: number }
  | { readonly at: number; readonly seq: number; readonly kind: 'departure'; readonly agent: number; readonly contact: Waiting }
  | { readonly at: number; readonly seq: number; readonly kind: 'abandon'; readonly contact: Waiting };

/**
 * The textbook model of a scenario, without the statecharts: the same Poisson arrivals, handle
 * times and patience (the same draws, call for call) served first come first served by the
 * longest-idle agent, as events on a plain binary heap. `isolated` is one queue per centre,
 * `network` one queue for every centre; each queue must serve one skill. It is the yardstick the
 * tests hold the centres to (on an M/M/N scenario they give the very same waits) and the bare
 * baseline of the simulator benchmark. Throws a `RangeError` for what it does not model.
 *
 * @example
 * ```ts
 * runReferenceQueue(scenario).overall.serviceLevel; // the same as runSimulation's on an M/M/N scenario
 * ```
 */
export function runReferenceQueue(scenario: SimulationScenario): ReferenceResult {
  if (scenario.routing === 'auction') throw new RangeError('The reference queue models isolated and network routing, not auctions.');
  const skills = new Set(scenario.traffic.map((t) => t.skillset));
  for (const c of scenario.centres) for (const g of c.agents) for (const s of Object.keys(g.skills)) skills.add(s);
  if (skills.size > 1) throw new RangeError(`The reference queue models one skill; this scenario has ${[...skills].join(', ')}.`);

  const totalMs = scenario.durationSeconds * 1_000;
  const tally = new SimulationTally({
    centres: scenario.centres.map((c) => c.id),
    agents: scenario.centres.map((c) => c.agents.reduce((n, g) => n + g.count, 0)),
    fromMs: scenario.warmupSeconds * 1_000,
    toMs: totalMs,
    targetMs: scenario.serviceLevelSeconds * 1_000,
  });
  const pooled = scenario.routing === 'network';
  const pools: Pool[] = (pooled ? [0] : scenario.centres.map((_, i) => i)).map(() => ({ idle: [], head: 0, queue: [], front: 0 }));
  const agentCentre: string[] = [];
  for (const [i, centre] of scenario.centres.entries()) {
    const staff = centre.agents.reduce((n, g) => n + g.count, 0);
    for (let k = 0; k < staff; k++) {
      (pools[pooled ? 0 : i] as Pool).idle.push(agentCentre.length);
      agentCentre.push(centre.id);
    }
  }
  const poolOf = (centre: string) => (pooled ? 0 : scenario.centres.findIndex((c) => c.id === centre));
  const answerDelayMs = scenario.answerDelaySeconds * 1_000;
  const wrapUpMs = scenario.wrapUpSeconds * 1_000;

  const heap = new EventHeap();
  const seeds = lineSeeds(scenario);
  const draws: TrafficDraws[] = scenario.traffic.map((line, i) => trafficDraws(line, seeds[i] ?? 0));
  const counts = scenario.traffic.map(() => 0);
  for (const [line, d] of draws.entries()) heap.push({ at: d.gapMs(), kind: 'arrival', line });

  const start = (contact: Waiting, agent: number, at: number) => {
    contact.started = true;
    const centre = agentCentre[agent] ?? '';
    tally.answered(contact.id, at + answerDelayMs, centre);
    const end = at + answerDelayMs + contact.handleMs + wrapUpMs;
    tally.busy(centre, at, end);
    heap.push({ at: end, kind: 'departure', agent, contact });
  };

  for (let event = heap.pop(); event !== undefined; event = heap.pop()) {
    const { at } = event;
    if (event.kind === 'arrival') {
      if (at >= totalMs) continue;
      const line = scenario.traffic[event.line];
      const d = draws[event.line];
      if (line === undefined || d === undefined) continue;
      counts[event.line] = (counts[event.line] ?? 0) + 1;
      const contact: Waiting = {
        id: callId(line, event.line, counts[event.line] ?? 0),
        pool: poolOf(line.centre),
        handleMs: d.handleMs(),
        started: false,
        gone: false,
      };
      const patienceMs = d.patienceMs();
      tally.arrived(contact.id, line.centre, at);
      const pool = pools[contact.pool] as Pool;
      if (pool.head < pool.idle.length) start(contact, pool.idle[pool.head++] as number, at);
      else {
        pool.queue.push(contact);
        if (patienceMs !== undefined) heap.push({ at: at + patienceMs, kind: 'abandon', contact });
      }
      heap.push({ at: at + d.gapMs(), kind: 'arrival', line: event.line });
    } else if (event.kind === 'abandon') {
      if (event.contact.started) continue;
      event.contact.gone = true;
      tally.abandoned(event.contact.id);
    } else {
      tally.handled(event.contact.id);
      const pool = pools[event.contact.pool] as Pool;
      let next = pool.queue[pool.front];
      while (next?.gone === true) next = pool.queue[++pool.front];
      if (next === undefined) pool.idle.push(event.agent);
      else {
        pool.front += 1;
        start(next, event.agent, at);
      }
    }
    compact(pools);
  }
  return { ...tally.figures(), waits: tally.waits(), contacts: tally.arrivals };
}

/** Drops the served part of the queues now and then, so memory stays with what still waits. */
function compact(pools: Pool[]): void {
  for (const pool of pools) {
    if (pool.front > 4_096 && pool.front * 2 > pool.queue.length) {
      pool.queue.splice(0, pool.front);
      pool.front = 0;
    }
    if (pool.head > 4_096 && pool.head * 2 > pool.idle.length) {
      pool.idle.splice(0, pool.head);
      pool.head = 0;
    }
  }
}

type Pending = Event extends infer E ? (E extends Event ? Omit<E, 'seq'> : never) : never;

/** A binary min-heap of events by time, ties in the order they were pushed (as the virtual clock's timers). */
class EventHeap {
  readonly #items: Event[] = [];
  #seq = 0;

  push(event: Pending): void {
    const items = this.#items;
    items.push({ ...event, seq: this.#seq++ } as Event);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i] as Event, items[parent] as Event)) break;
      [items[i], items[parent]] = [items[parent] as Event, items[i] as Event];
      i = parent;
    }
  }

  pop(): Event | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < items.length && before(items[l] as Event, items[min] as Event)) min = l;
      if (r < items.length && before(items[r] as Event, items[min] as Event)) min = r;
      if (min === i) return top;
      [items[i], items[min]] = [items[min] as Event, items[i] as Event];
      i = min;
    }
  }
}

const before = (a: Event, b: Event): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
