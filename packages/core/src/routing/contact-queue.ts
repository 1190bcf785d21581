import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { anySkill } from './agent-placement.js';
import { anyMedia, type ContactWriters, placeContact } from './contact-placement.js';
import { allMedia, eligible, hasRoomFor, isAvailable, proficiencyIn } from './eligible.js';
import { contactOrder } from './orders.js';
import { PersistentMap } from './persistent-map.js';
import { type ContactPolicy, contactPolicies, policyNamed, registry } from './policies.js';
import { type Relaxation, type RelaxationBySkillset, relaxationFor } from './relaxation.js';
import { TreeFamily } from './tree-family.js';

export interface ContactQueueOptions {
  /** The contact policies `choose`, `position` and `queue` may name. Default: {@link contactPolicies}. */
  readonly policies?: Readonly<Record<string, ContactPolicy>>;
}

export interface ChooseContactOptions {
  /** The time the choice is made at; relaxation measures each contact's wait from its `arrivedAt`. */
  readonly now: number;
  /** A policy name in the queue's registry. Default: `priorityFirst`. */
  readonly policy?: string;
  /** Relaxation steps for every skillset, or per skillset (each queue relaxes on its own terms). */
  readonly relaxation?: Relaxation | RelaxationBySkillset;
}

const defaultPolicy = 'priorityFirst';

/**
 * One centre's waiting contacts (its own and its replicas of the network's), ordered per skillset
 * queue and, for choosing, per media and required skill, so that an agent that became free finds
 * its next contact by looking at the head of a few trees.
 *
 * Immutable like {@link AgentIndex}: every update returns a new queue and shares the rest.
 * Contacts in any state may be held (`get`); only `queued` ones wait.
 *
 * @example
 * ```ts
 * const queue = ContactQueue.empty().upsert(contact);
 * queue.position(contact.id); // 1
 * ```
 */
export class ContactQueue {
  private constructor(
    private readonly contacts: PersistentMap<ContactSnapshot>,
    private readonly queues: TreeFamily<ContactSnapshot>,
    private readonly anchored: TreeFamily<ContactSnapshot>,
    private readonly policies: Readonly<Record<string, ContactPolicy>>,
  ) {}

  /**
   * A queue with no contacts.
   *
   * @example
   * ```ts
   * const queue = ContactQueue.empty({ policies: { fifo: { by: ['arrivedAt'] } } });
   * ```
   */
  static empty(options: ContactQueueOptions = {}): ContactQueue {
    return new ContactQueue(
      PersistentMap.empty(),
      TreeFamily.empty(),
      TreeFamily.empty(),
      registry(options.policies ?? contactPolicies, 'contact'),
    );
  }

  /**
   * A queue of many contacts at once (no version in between is kept). For a repeated id the last one wins.
   *
   * @example
   * ```ts
   * const queue = ContactQueue.from(replicas.values());
   * ```
   */
  static from(contacts: Iterable<ContactSnapshot>, options: ContactQueueOptions = {}): ContactQueue {
    const byId = PersistentMap.of([...contacts].map((contact) => [contact.id, contact] as const));
    const policies = registry(options.policies ?? contactPolicies, 'contact');
    const writers = { queues: TreeFamily.build<ContactSnapshot>(), anchored: TreeFamily.build<ContactSnapshot>() };
    for (const contact of byId.values()) placeContact(writers, contact, policies, true);
    return new ContactQueue(byId, writers.queues.finish(), writers.anchored.finish(), policies);
  }

  /** How many contacts the queue holds, waiting or not. */
  get size(): number {
    return this.contacts.size;
  }

  /** The contact's snapshot as last upserted. */
  get(id: string): ContactSnapshot | undefined {
    return this.contacts.get(id);
  }

  /** Every contact, in id order. */
  values(): IterableIterator<ContactSnapshot> {
    return this.contacts.values();
  }

  /**
   * A new queue where `contact` replaces the contact with its id; it waits while its state is `queued`.
   *
   * @example
   * ```ts
   * queue = queue.upsert({ ...contact, rev: contact.rev + 1, skillset: 'sales' }); // a queue switch keeps seniority
   * ```
   */
  upsert(contact: ContactSnapshot): ContactQueue {
    const old = this.contacts.get(contact.id);
    if (old === contact) return this;
    return this.edit(this.contacts.with(contact.id, contact), (drafts, policies) => {
      if (old !== undefined) placeContact(drafts, old, policies, false);
      placeContact(drafts, contact, policies, true);
    });
  }

  /**
   * The same as {@link ContactQueue.upsert}, under the name a queue reader expects.
   *
   * @example
   * ```ts
   * queue = queue.enqueue({ ...contact, state: 'queued' });
   * ```
   */
  enqueue(contact: ContactSnapshot): ContactQueue {
    return this.upsert(contact);
  }

  /**
   * A new queue without the contact.
   *
   * @example
   * ```ts
   * queue = queue.remove('c-17');
   * ```
   */
  remove(id: string): ContactQueue {
    const old = this.contacts.get(id);
    if (old === undefined) return this;
    return this.edit(this.contacts.without(id), (drafts, policies) => placeContact(drafts, old, policies, false));
  }

  /**
   * The waiting contact `policy` puts first among those `agent` is eligible for (see {@link eligible}),
   * or undefined. Looks at the head of one tree per (media the agent has room for, skill it has).
   *
   * @example
   * ```ts
   * const next = queue.choose(agent, { now, relaxation: { billing: [{ afterMs: 60_000, minProficiency: 2 }] } });
   * ```
   */
  choose(agent: AgentSnapshot, options: ChooseContactOptions): ContactSnapshot | undefined {
    const policyName = options.policy ?? defaultPolicy;
    const order = contactOrder(policyNamed(this.policies, policyName, 'contact'));
    if (!isAvailable(agent)) return undefined;
    const { now, relaxation } = options;
    let best: ContactSnapshot | undefined;
    for (const media of allMedia) {
      if (!hasRoomFor(agent, media)) continue;
      for (const scope of [anySkill, ...Object.keys(agent.skills)]) {
        const tree = scope === anySkill || proficiencyIn(agent, scope) >= 1 ? this.anchored.get(policyName, media, scope) : undefined;
        if (tree === undefined) continue;
        for (const contact of tree.keys()) {
          // Each set is in policy order: past the best so far, nothing further in it can win.
          if (best !== undefined && order(contact, best) > 0) break;
          if (!eligible(agent, contact, now, relaxationFor(relaxation, contact.skillset))) continue;
          best = contact;
          break;
        }
      }
    }
    return best;
  }

  /**
   * The contact's 1-based place in its skillset queue under `policy`, or undefined when it is not
   * waiting. Costs O(log n + place ÷ 64): sorted-btree counts a range leaf by leaf.
   *
   * @example
   * ```ts
   * queue.position('c-17'); // 3
   * ```
   */
  position(contactId: string, policy: string = defaultPolicy): number | undefined {
    policyNamed(this.policies, policy, 'contact');
    const contact = this.contacts.get(contactId);
    if (contact === undefined || contact.state !== 'queued') return undefined;
    const tree = this.queues.get(policy, anyMedia, contact.skillset);
    const head = tree?.minKey();
    if (tree === undefined || head === undefined) return undefined;
    return tree.forRange(head, contact, false) + 1;
  }

  /**
   * How many contacts wait in a skillset queue.
   *
   * @example
   * ```ts
   * queue.waiting('billing'); // 12
   * ```
   */
  waiting(skillset: string): number {
    const [policy = defaultPolicy] = Object.keys(this.policies);
    return this.queues.get(policy, anyMedia, skillset)?.size ?? 0;
  }

  /**
   * The contacts waiting in a skillset queue, first served first.
   *
   * @example
   * ```ts
   * const [head] = queue.queue('billing');
   * ```
   */
  queue(skillset: string, policy: string = defaultPolicy): IterableIterator<ContactSnapshot> {
    policyNamed(this.policies, policy, 'contact');
    return this.queues.get(policy, anyMedia, skillset)?.keys() ?? [][Symbol.iterator]();
  }

  private edit(
    contacts: PersistentMap<ContactSnapshot>,
    change: (drafts: ContactWriters, policies: Readonly<Record<string, ContactPolicy>>) => void,
  ): ContactQueue {
    const drafts = { queues: this.queues.edit(), anchored: this.anchored.edit() };
    change(drafts, this.policies);
    return new ContactQueue(contacts, drafts.queues.finish(), drafts.anchored.finish(), this.policies);
  }
}
