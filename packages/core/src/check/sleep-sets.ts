import { centreOf } from '../protocol/address.js';
import type { Choice, Model } from './steps.js';
import type { Flight, OutsideEvent, World } from './world.js';
import { flightDigest, valueDigest } from './world-key.js';

/**
 * A step that acts on one centre alone, named by what it takes — the same message, the same timer
 * — so that it is the same step in every world where it is still there. Two such steps on
 * different centres lead to one world in either order (see {@link independent}): once the search
 * has taken one and then the other, it need not take them the other way round. That is the
 * partial-order reduction of `explore` (sleep sets): the steps put to sleep in a world are those
 * whose other order has been taken already.
 */
export interface Asleep {
  readonly kind: Choice['kind'];
  /** What it takes, as a digest (the message, the timer, the answer): with `kind`, the step. */
  readonly a: number;
  readonly b: number;
  readonly centre: string;
  /**
   * What it shares with steps on other centres, if anything: two that share it are taken in every
   * order. The network losing or copying a message share the fault budget (one may use up what
   * another needs); the outside world's answers to one command are one answer (taking one takes
   * the others away); the script is one sequence.
   */
  readonly tie?: string;
}

/** The empty sleep set, shared. */
export const noneAsleep: readonly Asleep[] = [];

/** The centre an outside event acts on, if one alone: not a customer's hang-up or command, which go wherever the contact is now. */
const outsideCentre = (outside: OutsideEvent): string | undefined =>
  'host' in outside ? outside.host.centre : 'to' in outside ? centreOf(outside.to) : undefined;

/**
 * Where `choice` acts, if on one centre alone: a message delivered to it (or lost, or copied, on
 * its way there), one of its timers due now, a contact arriving there, an agent there answering.
 * `undefined` for every step that may touch or read several centres: time moving on (every later
 * step stamps the time), a customer's hang-up or command (it finds the contact wherever it is), a
 * crash, a restart, a partition, a heal. A step that passes a door reading beyond its centre is
 * found out as it is taken (see `WorldEngine.wide`).
 */
export function placeOf(model: Model, world: World, choice: Choice): Asleep | undefined {
  switch (choice.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate': {
      const flight = world.flight[choice.index] as Flight;
      const { a, b } = flightDigest(flight);
      const centre = centreOf(flight.to);
      return choice.kind === 'deliver' ? { kind: choice.kind, a, b, centre } : { kind: choice.kind, a, b, centre, tie: 'budget' };
    }
    case 'timer': {
      const timer = world.timers[choice.index];
      if (timer === undefined || timer.due > world.now) return undefined;
      const { a, b } = valueDigest(timer);
      return { kind: 'timer', a, b, centre: centreOf(timer.address) };
    }
    case 'outside': {
      const next = model.script[world.script];
      const centre = next === undefined ? undefined : outsideCentre(next);
      return centre === undefined ? undefined : { kind: 'outside', a: world.script, b: 0, centre, tie: 'script' };
    }
    case 'react': {
      const reaction = world.reactions[choice.index];
      const alternative = reaction?.alternatives[choice.alternative];
      const centre = alternative === undefined ? undefined : outsideCentre(alternative.outside);
      if (reaction === undefined || centre === undefined) return undefined;
      const { a, b } = valueDigest(reaction);
      return { kind: 'react', a, b: b ^ choice.alternative, centre, tie: `react ${a}.${b}` };
    }
    default:
      return undefined;
  }
}

/**
 * Whether two one-centre steps lead to the same world in either order, neither taking away the
 * other: each reads and changes only its own centre's actors, timers and what it heard, adds
 * messages only to its own links, and the world's identity does not see the order of the rest
 * (counters, lists of commands given and of actors ended). Steps on one centre may not; two
 * steps that share something may not (see `tie`).
 */
export const independent = (a: Asleep, b: Asleep): boolean => a.centre !== b.centre && (a.tie === undefined || a.tie !== b.tie);

const within = (set: readonly Asleep[], step: Asleep): boolean =>
  set.some((other) => other.a === step.a && other.b === step.b && other.kind === step.kind);

/** The sleep set of the world after `step`: what slept here, and the steps taken here before it, that `step` leaves as they were. */
export const sleepAfter = (asleep: readonly Asleep[], taken: readonly Asleep[], step: Asleep | undefined): readonly Asleep[] => {
  if (step === undefined || (asleep.length === 0 && taken.length === 0)) return noneAsleep;
  const out: Asleep[] = [];
  for (const other of asleep) if (independent(other, step)) out.push(other);
  for (const other of taken) if (independent(other, step)) out.push(other);
  return out.length === 0 ? noneAsleep : out;
};

/** Whether `step` sleeps in a world whose sleep set is `asleep`. */
export const sleeps = (asleep: readonly Asleep[], step: Asleep | undefined): boolean => step !== undefined && within(asleep, step);

/** The steps asleep in both sets: a world reached again sleeps only where every way to it did. */
export const both = (a: readonly Asleep[], b: readonly Asleep[]): readonly Asleep[] =>
  a.length === 0 || b.length === 0 ? noneAsleep : a.filter((step) => within(b, step));

/** The steps asleep in `a` and not in `b`: what a world reached again must now take after all. */
export const woken = (a: readonly Asleep[], b: readonly Asleep[]): readonly Asleep[] => a.filter((step) => !within(b, step));
