/** The simulated figures of one centre, or of the whole network (docs/simulation.md, Output). */
export interface SimulatedFigures {
  /** Contacts that arrived in the measured window [warm-up, end). */
  readonly offered: number;
  /** Of those, answered by an agent (at any time, the drain after the end included). */
  readonly answered: number;
  /** Of those, whose handling (talk and wrap-up) ended. */
  readonly handled: number;
  /** Of those, whose customer hung up before an answer (or whose centre ended the wait). */
  readonly abandoned: number;
  /** Answered within `serviceLevelSeconds` ÷ offered; `null` when nothing was offered. */
  readonly serviceLevel: number | null;
  /** Mean wait of the answered contacts, seconds; `null` when none was answered. */
  readonly averageSpeedOfAnswer: number | null;
  /** Busy agent time ÷ agent time over the measured window; `null` without agents. */
  readonly occupancy: number | null;
}

/** The service level of the contacts offered in one hour of the run. */
export interface HourFigures {
  /** Hours from the start: 0 is the first hour. */
  readonly hour: number;
  /** True when any of the hour lies in the warm-up. */
  readonly warmup: boolean;
  readonly offered: number;
  readonly serviceLevel: number | null;
  readonly averageSpeedOfAnswer: number | null;
}

interface Counts {
  offered: number;
  answered: number;
  inTime: number;
  handled: number;
  abandoned: number;
  waitSum: number;
  answeredElsewhere: number;
}

interface Contact {
  readonly centre: number;
  readonly arrivedAt: number;
  readonly measured: boolean;
  readonly hour: number;
  answered: boolean;
}

const emptyCounts = (): Counts => ({ offered: 0, answered: 0, inTime: 0, handled: 0, abandoned: 0, waitSum: 0, answeredElsewhere: 0 });
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * What a simulation saw, contact by contact, kept as running sums: the figures of the contacts
 * offered in the measured window, per centre of arrival, the agents' busy time per home centre,
 * and the service level per hour of arrival. Memory grows only with the contacts still open and
 * the list of measured waits (one number each, for the histogram).
 */
export class SimulationTally {
  readonly #centres: readonly string[];
  readonly #agents: readonly number[];
  readonly #counts: Counts[];
  readonly #hours: Counts[] = [];
  readonly #busyMs: number[];
  readonly #open = new Map<string, Contact>();
  readonly #waits: number[] = [];
  readonly #from: number;
  readonly #to: number;
  readonly #targetMs: number;
  #all = 0;
  #waitingMeasured = 0;

  /** `agents[i]` staff `centres[i]`; the window is [fromMs, toMs); `targetMs` is the service-level threshold. */
  constructor(options: { centres: readonly string[]; agents: readonly number[]; fromMs: number; toMs: number; targetMs: number }) {
    this.#centres = options.centres;
    this.#agents = options.agents;
    this.#counts = options.centres.map(emptyCounts);
    this.#busyMs = options.centres.map(() => 0);
    this.#from = options.fromMs;
    this.#to = options.toMs;
    this.#targetMs = options.targetMs;
  }

  /** Contacts that arrived so far, warm-up included. */
  get arrivals(): number {
    return this.#all;
  }

  /** Measured contacts whose wait has not ended yet. */
  get waitingMeasured(): number {
    return this.#waitingMeasured;
  }

  arrived(id: string, centre: string, at: number): void {
    const index = this.#centres.indexOf(centre);
    const hour = Math.floor(at / 3_600_000);
    const contact: Contact = { centre: index, arrivedAt: at, measured: at >= this.#from && at < this.#to, hour, answered: false };
    this.#open.set(id, contact);
    this.#all += 1;
    this.#hourOf(hour).offered += 1;
    if (!contact.measured) return;
    (this.#counts[index] as Counts).offered += 1;
    this.#waitingMeasured += 1;
  }

  /** An agent of `byCentre` answered. */
  answered(id: string, at: number, byCentre: string): void {
    const contact = this.#open.get(id);
    if (contact === undefined || contact.answered) return;
    contact.answered = true;
    const waitMs = at - contact.arrivedAt;
    const inTime = waitMs <= this.#targetMs ? 1 : 0;
    const hour = this.#hourOf(contact.hour);
    hour.answered += 1;
    hour.inTime += inTime;
    hour.waitSum += waitMs;
    if (!contact.measured) return;
    this.#waitingMeasured -= 1;
    const counts = this.#counts[contact.centre] as Counts;
    counts.answered += 1;
    counts.inTime += inTime;
    counts.waitSum += waitMs;
    if (byCentre !== this.#centres[contact.centre]) counts.answeredElsewhere += 1;
    this.#waits.push(waitMs / 1_000);
  }

  /** The customer hung up (or the centre ended the wait) before an answer. */
  abandoned(id: string): void {
    const contact = this.#open.get(id);
    this.#open.delete(id);
    if (contact === undefined || contact.answered) return;
    this.#hourOf(contact.hour).abandoned += 1;
    if (!contact.measured) return;
    (this.#counts[contact.centre] as Counts).abandoned += 1;
    this.#waitingMeasured -= 1;
  }

  /** The handling (talk and wrap-up) of an answered contact ended. */
  handled(id: string): void {
    const contact = this.#open.get(id);
    this.#open.delete(id);
    if (contact?.measured === true) (this.#counts[contact.centre] as Counts).handled += 1;
  }

  /** An agent of `centre` was busy from `from` to `to` (ms); only the part inside the window counts. */
  busy(centre: string, from: number, to: number): void {
    const overlap = Math.min(to, this.#to) - Math.max(from, this.#from);
    const index = this.#centres.indexOf(centre);
    if (overlap > 0 && index >= 0) this.#busyMs[index] = (this.#busyMs[index] ?? 0) + overlap;
  }

  /** Every centre's figures, and the network's (their sums), over the measured window. */
  figures(): {
    overall: SimulatedFigures & { answeredElsewhere: number };
    centres: (SimulatedFigures & { centre: string; answeredElsewhere: number })[];
  } {
    const windowMs = this.#to - this.#from;
    const centres = this.#centres.map((centre, i) => ({
      centre,
      ...figuresOf(this.#counts[i] as Counts, this.#busyMs[i] ?? 0, (this.#agents[i] ?? 0) * windowMs),
    }));
    const sum = this.#counts.reduce((total, c) => {
      for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += c[key];
      return total;
    }, emptyCounts());
    const busy = this.#busyMs.reduce((a, b) => a + b, 0);
    const staffed = this.#agents.reduce((a, b) => a + b, 0) * windowMs;
    return { overall: figuresOf(sum, busy, staffed), centres };
  }

  /** Service level and ASA per hour of arrival, over the whole run (warm-up hours flagged). */
  hours(): HourFigures[] {
    return this.#hours.map((counts, hour) => ({
      hour,
      warmup: hour * 3_600_000 < this.#from,
      offered: counts.offered,
      serviceLevel: ratio(counts.inTime, counts.offered),
      averageSpeedOfAnswer: counts.answered > 0 ? counts.waitSum / counts.answered / 1_000 : null,
    }));
  }

  /** The waits (seconds) of the measured contacts that were answered, in the order they were answered. */
  waits(): readonly number[] {
    return this.#waits;
  }

  #hourOf(hour: number): Counts {
    while (this.#hours.length <= hour) this.#hours.push(emptyCounts());
    return this.#hours[hour] as Counts;
  }
}

function figuresOf(counts: Counts, busyMs: number, staffedMs: number): SimulatedFigures & { answeredElsewhere: number } {
  return {
    offered: counts.offered,
    answered: counts.answered,
    handled: counts.handled,
    abandoned: counts.abandoned,
    answeredElsewhere: counts.answeredElsewhere,
    serviceLevel: ratio(counts.inTime, counts.offered),
    averageSpeedOfAnswer: counts.answered > 0 ? counts.waitSum / counts.answered / 1_000 : null,
    occupancy: ratio(busyMs, staffedMs),
  };
}
