import type { ContactSnapshot } from '../protocol/messages/snapshots.js';

/** One requirement of a contact: a skill and the lowest proficiency that will do. */
export type Requirement = ContactSnapshot['requirements'][number];

/**
 * One step of skill relaxation: once a contact has waited longer than `afterMs`, the requirement
 * on its skillset's skill accepts `minProficiency`.
 */
export interface RelaxationStep {
  readonly afterMs: number;
  readonly minProficiency: number;
}

/** The relaxation steps of one queue, in any order; data, so a queue policy can carry it over the wire. */
export type Relaxation = readonly RelaxationStep[];

/** Relaxation per skillset, for choosing among contacts of several queues at once. */
export type RelaxationBySkillset = Readonly<Record<string, Relaxation>>;

/**
 * The proficiency a contact asks for in one requirement at `now`, after relaxation. Only the
 * requirement on the contact's own skillset relaxes; the others are not what the queue is about.
 *
 * @example
 * ```ts
 * const steps = [{ afterMs: 60_000, minProficiency: 2 }];
 * requiredProficiency(contact, { skill: contact.skillset, minProficiency: 5 }, contact.arrivedAt + 61_000, steps); // 2
 * ```
 */
export function requiredProficiency(contact: ContactSnapshot, requirement: Requirement, now: number, relaxation: Relaxation): number {
  let minimum = requirement.minProficiency;
  if (requirement.skill !== contact.skillset) return minimum;
  const waited = now - contact.arrivedAt;
  for (const step of relaxation) {
    if (waited > step.afterMs && step.minProficiency < minimum) minimum = step.minProficiency;
  }
  // Relaxation lowers how good an agent must be, never whether the skill is needed: the indexes
  // file agents and contacts under required skills, which stays right only while a requirement asks for at least 1.
  return Math.max(1, minimum);
}

/**
 * The relaxation that applies to a contact's queue, from either one list for every queue or a
 * list per skillset.
 *
 * @example
 * ```ts
 * relaxationFor({ billing: [{ afterMs: 30_000, minProficiency: 1 }] }, 'sales'); // []
 * ```
 */
export function relaxationFor(relaxation: Relaxation | RelaxationBySkillset | undefined, skillset: string): Relaxation {
  if (relaxation === undefined) return [];
  if (isList(relaxation)) return relaxation;
  return Object.hasOwn(relaxation, skillset) ? (relaxation[skillset] ?? []) : [];
}

// Array.isArray does not narrow a readonly array out of a union, hence this guard.
const isList = (relaxation: Relaxation | RelaxationBySkillset): relaxation is Relaxation => Array.isArray(relaxation);
