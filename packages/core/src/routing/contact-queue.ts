import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { chooseContact } from './contact-choice.js';
import { allQueues, anyMedia, type ContactWriters, placeContact } from './contact-placement.js';
import { contactOrder } from './orders.js';
import { PersistentMap } from './persistent-map.js';
import { type ContactPolicy, contactPolicies, policyNamed, type Registry, registry } from './policies.js';
import type { Relaxation, RelaxationBySkillset } from './relaxation.js';
import { TreeFamily } from './tree-family.js';

export interface ContactQueueOptions {
  /** The contact policies `choose`, `position` and `queue` may name; the first is the default. Default: {@link contactPolicies}. */
  readonly policies?: Readonly<Record<string, ContactPolicy>>;
}

export interface ChooseContactOptions {
  /** The time the choice is made at; relaxation measures each contact's wait from its `arrivedAt`. */
  readonly now: number;
  /** A policy name in the queue's registry. Default: the registry's first (`priorityFirst` for the built-ins). */
  readonly policy?: string;
  /** Relaxation steps for every skillset, or per skillset (each queue relaxes on its own terms). */
  readonly relaxation?: Relaxation | RelaxationBySkillset;
}

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
    private readonly registry: Registry<ContactPolicy>,
  ) {}

  private get defaultPolicy(): string {
    return this.registry.defaultName;
  }

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
    for (const contact of byId.values()) placeContact(writers, contact, policies.policies, true);
    return new ContactQueue(byId, writers.queues.finish(), writers.anchored.finish(), policies);
  }

  /** How many contacts the queue holds, waiting or not. */
  get size(): number {
    return this.contacts.size;
  }

  /**
   * The contact's snapshot as last upserted, waiting or not.
   *
   * @example
   * ```ts
   * queue.get('c-17')?.state; // 'queued'
   * ```
   */
  get(id: string): ContactSnapshot | undefined {
    return this.contacts.get(id);
  }

  /**
   * Every contact, in id order.
   *
   * @example
   * ```ts
   * const ids = [...queue.values()].map((contact) => contact.id);
   * ```
   */
  /** Its values, in order, as JSON: a snapshot or a message that holds it serialises what it holds. */
  toJSON(): ContactSnapshot[] {
    return Array.from(this.values());
  }

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
   * or undefined. Looks at the head of one set per (media the agent has room for, skill it has).
   *
   * @example
   * ```ts
   * const next = queue.choose(agent, { now, relaxation: { billing: [{ afterMs: 60_000, minProficiency: 2 }] } });
   * ```
   */
  choose(agent: AgentSnapshot, options: ChooseContactOptions): ContactSnapshot | undefined {
    const policyName = options.policy ?? this.defaultPolicy;
    const order = contactOrder(policyNamed(this.registry.policies, policyName, 'contact'));
    return chooseContact(this.anchored, agent, { policyName, order, now: options.now, relaxation: options.relaxation });
  }

  /**
   * The contact's 1-based place in its skillset queue under `policy`, or undefined when it is not
   * waiting. Costs O(log n + place ÷ 32): sorted-btree counts a range leaf by leaf, not node by node.
   *
   * @example
   * ```ts
   * queue.position('c-17'); // 3
   * ```
   */
  position(contactId: string, policy: string = this.defaultPolicy): number | undefined {
    policyNamed(this.registry.policies, policy, 'contact');
    const contact = this.contacts.get(contactId);
    if (contact === undefined || contact.state !== 'queued') return undefined;
    const tree = this.queues.get(policy, anyMedia, contact.skillset);
    const head = tree?.minKey();
    if (tree === undefined || head === undefined) return undefined;
    return tree.forRange(head, contact, false) + 1;
  }

  /**
   * How many contacts wait in a skillset queue, or in all of them. O(1).
   *
   * @example
   * ```ts
   * queue.waiting('billing'); // 12
   * queue.waiting() > 0; // anyone waiting at all?
   * ```
   */
  waiting(skillset: string = allQueues): number {
    return this.queues.get(this.defaultPolicy, anyMedia, skillset)?.size ?? 0;
  }

  /**
   * The contacts waiting in a skillset queue (or, without one, in every queue), first served first.
   * Lazy: taking the first k costs O(log n + k).
   *
   * @example
   * ```ts
   * const [head] = queue.queue('billing');
   * for (const contact of queue.queue()) if (++looked > 100) break; // the best 100 anywhere
   * ```
   */
  queue(skillset: string = allQueues, policy: string = this.defaultPolicy): IterableIterator<ContactSnapshot> {
    policyNamed(this.registry.policies, policy, 'contact');
    return this.queues.get(policy, anyMedia, skillset)?.keys() ?? [][Symbol.iterator]();
  }

  private edit(
    contacts: PersistentMap<ContactSnapshot>,
    change: (drafts: ContactWriters, policies: Readonly<Record<string, ContactPolicy>>) => void,
  ): ContactQueue {
    const drafts = { queues: this.queues.edit(), anchored: this.anchored.edit() };
    change(drafts, this.registry.policies);
    return new ContactQueue(contacts, drafts.queues.finish(), drafts.anchored.finish(), this.registry);
  }
}
