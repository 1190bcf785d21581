import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { createStepper, type Stepped, type Stepper } from './stepper.js';

/**
 * A world engine's machine steps, each taken once: the steppers of its kinds, made once, and the
 * steps and starts they took, kept (bounded) and taken again, as a step is a pure function of the
 * snapshot, the event and the time.
 *
 * @example
 * ```ts
 * const steps = new KeptSteps({ agent: agentMachine });
 * const { snapshot } = steps.start('agent', input);
 * steps.step('agent', snapshot, { type: 'login' }, 0);
 * ```
 */
export class KeptSteps {
  readonly #steppers = new Map<string, Stepper>();
  readonly #starts = new Map<string, Stepped>();
  /** The generation of kept steps, and how many were kept in it (see `step`). */
  #generation = 0;
  #kept = 0;

  constructor(
    readonly kinds: Readonly<Record<string, AnyStateMachine>>,
    /** Told of every machine step taken, kept or not (kind, snapshot before, event). */
    readonly observe?: (kind: string, snapshot: AnyMachineSnapshot, event: { readonly type: string }) => void,
  ) {}

  #stepper(kind: string): Stepper {
    let stepper = this.#steppers.get(kind);
    if (stepper === undefined) {
      const machine = this.kinds[kind];
      if (machine === undefined) throw new Error(`no machine for kind ${kind}`);
      stepper = createStepper(machine);
      this.#steppers.set(kind, stepper);
    }
    return stepper;
  }

  /**
   * A machine started with `input`: as pure as a step, and the same actors start again and again
   * with the same input (a centre's next life, a contact arriving in many worlds), so each first
   * snapshot is kept by its kind and input (at most {@link maxStarts} of them).
   */
  start(kind: string, input: unknown): Stepped {
    const text = plainText(input);
    if (text === undefined) return this.#stepper(kind).start(input);
    const key = `${kind} ${text}`;
    const known = this.#starts.get(key);
    if (known !== undefined) return known;
    const started = this.#stepper(kind).start(input);
    if (this.#starts.size >= maxStarts) this.#starts.clear();
    this.#starts.set(key, started);
    return started;
  }

  /**
   * The machine in `snapshot` takes `event` at `now` (stamped with it). A step is a pure function
   * of the three, and many worlds hand the same snapshot the same event (they differ elsewhere):
   * each result is kept on the snapshot, by the event object and the time, and taken again. What
   * is kept is this keeper's (another engine's machines may differ: a mutant's) and of its current
   * generation: after {@link maxKeptSteps} kept steps a new one begins, and a snapshot's older
   * results are dropped when it is next stepped, so what is kept stays bounded, not every step
   * ever taken.
   */
  step(kind: string, snapshot: AnyMachineSnapshot, event: { readonly type: string }, now: number): Stepped {
    const stamped = { ...event, at: now };
    this.observe?.(kind, snapshot, stamped);
    const kept = (snapshot as { [steps]?: StepMemo })[steps];
    const memo = kept !== undefined && kept.keeper === this && kept.generation === this.#generation ? kept : undefined;
    const known = memo?.byEvent.get(event)?.get(now);
    if (known !== undefined) return known;
    const stepped = this.#stepper(kind).step(snapshot, stamped);
    let target = memo;
    if (target === undefined) {
      if (!Object.isExtensible(snapshot)) return stepped;
      target = { keeper: this, generation: this.#generation, byEvent: new Map() };
      Object.defineProperty(snapshot, steps, { value: target, writable: true, configurable: true });
    }
    let byTime = target.byEvent.get(event);
    if (byTime === undefined) {
      byTime = new Map();
      target.byEvent.set(event, byTime);
    }
    byTime.set(now, stepped);
    this.#kept += 1;
    if (this.#kept >= maxKeptSteps) {
      this.#generation += 1;
      this.#kept = 0;
    }
    return stepped;
  }
}

/** How many first snapshots are kept (then keeping starts anew). */
const maxStarts = 10_000;

/** How many steps are kept in one generation. */
const maxKeptSteps = 100_000;

/** Where a snapshot keeps the steps it took: by event object, then by time, for one keeper and generation. */
const steps = Symbol('contactmesh.check.steps');
interface StepMemo {
  readonly keeper: object;
  readonly generation: number;
  readonly byEvent: Map<object, Map<number, Stepped>>;
}

/**
 * `value` as JSON, when JSON says all of it and nothing else says the same (plain data: no Map,
 * Set, Date, function, bigint, NaN, -0 or undefined field); else `undefined`.
 */
function plainText(value: unknown): string | undefined {
  let plain = true;
  try {
    const text = JSON.stringify(value, function (this: unknown, key: string, field: unknown) {
      const raw = key === '' ? field : (this as Record<string, unknown>)[key];
      if (
        raw === undefined ||
        typeof raw === 'function' ||
        typeof raw === 'bigint' ||
        raw instanceof Map ||
        raw instanceof Set ||
        raw instanceof Date ||
        (typeof raw === 'number' && (Number.isNaN(raw) || Object.is(raw, -0)))
      )
        plain = false;
      return field;
    });
    return plain ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Where an effect keeps the message made of it (the same effect of a step taken again makes the same message, whose steps are kept in turn). */
const made = Symbol('contactmesh.check.message');

/** A message between actors: its type, sender and body. */
type Message = { readonly type: string; readonly from: string; readonly body: unknown };

/** The message an effect sends or publishes from `from`, made once per effect and sender. */
export function messageOf(effect: { readonly message: { readonly type: string; readonly body: unknown } }, from: string): Message {
  const kept = (effect as { [made]?: Message })[made];
  if (kept !== undefined && kept.from === from) return kept;
  const message = { type: effect.message.type, from, body: effect.message.body };
  if (kept === undefined && Object.isExtensible(effect)) Object.defineProperty(effect, made, { value: message });
  return message;
}
