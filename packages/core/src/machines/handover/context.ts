import type { HostingFacts } from './adoption.js';

/** The answer a handover got; a repeat of the request gets it again (invariant 7). */
export interface HandoverAnswer {
  readonly handoverId: string;
  readonly result: 'accepted' | 'refused';
  readonly reason?: string;
}

/** A contact adopted here, and the centre that handed it over: the one that may say its customer hung up. */
export interface HandedFrom {
  readonly contact: string;
  readonly centre: string;
}

export interface HandoverInput extends HostingFacts {
  /** How many answers (and adopted contacts' senders) the desk remembers, oldest forgotten first (`maxRememberedOutcomes`). */
  readonly remember: number;
}

export interface HandoverContext extends HandoverInput {
  /** The last `remember` handovers answered, oldest first. */
  readonly answered: readonly HandoverAnswer[];
  /** The centre each of the last `remember` contacts adopted here came from, oldest first. */
  readonly handedFrom: readonly HandedFrom[];
}

export const initialContext = (input: HandoverInput): HandoverContext => ({ ...input, answered: [], handedFrom: [] });

/**
 * `list` with `entry` added last, the oldest entries forgotten beyond `max` (and an earlier entry
 * for the same key replaced): memory stays bounded, and the context stays plain data.
 */
export function remembered<T>(list: readonly T[], entry: T, max: number, same: (a: T, b: T) => boolean): readonly T[] {
  const kept = list.filter((held) => !same(held, entry));
  kept.push(entry);
  return kept.length > max ? kept.slice(kept.length - max) : kept;
}
