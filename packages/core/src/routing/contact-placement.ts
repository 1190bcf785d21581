import type { ContactSnapshot } from '../protocol/messages/snapshots.js';
import { anySkill } from './agent-placement.js';
import { contactOrder } from './orders.js';
import type { ContactPolicy } from './policies.js';
import type { TreeWriter } from './tree-family.js';

/** What a contact update writes to: the queue per skillset, and the trees agents choose from. */
export interface ContactWriters {
  readonly queues: TreeWriter<ContactSnapshot>;
  readonly anchored: TreeWriter<ContactSnapshot>;
}

/** The media part of a queue's address: a queue holds every media. */
export const anyMedia = '*';

/** The skillset part of the address of the queue of every waiting contact (no skillset is called `*`). */
export const allQueues = '*';

/**
 * The one skill a contact is filed under for choosing: a skill it requires (its skillset's when it
 * requires that), or the any-skill scope when it requires none. Any agent eligible for the contact
 * has that skill, so an agent finds it by looking under its own skills, and finds it once.
 *
 * @example
 * ```ts
 * anchorSkill({ ...contact, skillset: 'billing', requirements: [{ skill: 'spanish', minProficiency: 3 }] }); // 'spanish'
 * ```
 */
export function anchorSkill(contact: ContactSnapshot): string {
  let anchor: string | undefined;
  for (const { skill } of contact.requirements) {
    if (skill === contact.skillset) return skill;
    if (anchor === undefined || skill < anchor) anchor = skill;
  }
  return anchor ?? anySkill;
}

/**
 * Files a waiting contact into (or, with `present: false`, out of) its skillset queue, the queue of
 * all waiting contacts, and its anchor set, once per policy.
 */
export function placeContact(
  drafts: ContactWriters,
  contact: ContactSnapshot,
  policies: Readonly<Record<string, ContactPolicy>>,
  present: boolean,
): void {
  if (contact.state !== 'queued') return;
  const anchor = anchorSkill(contact);
  for (const [name, policy] of Object.entries(policies)) {
    const order = contactOrder(policy);
    if (present) {
      drafts.queues.add(name, anyMedia, contact.skillset, contact, order);
      drafts.queues.add(name, anyMedia, allQueues, contact, order);
      drafts.anchored.add(name, contact.media, anchor, contact, order);
    } else {
      drafts.queues.delete(name, anyMedia, contact.skillset, contact);
      drafts.queues.delete(name, anyMedia, allQueues, contact);
      drafts.anchored.delete(name, contact.media, anchor, contact);
    }
  }
}
