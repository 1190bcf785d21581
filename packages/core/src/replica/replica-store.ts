import { type Observable, Subject } from 'rxjs';
import type { Clock } from '../clock/clock.js';
import { checkOption } from '../estimators/check-option.js';
import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import { AgentRecords } from './agent-records.js';
import { type CentreChange, type CentreInfo, CentreTable } from './centre-table.js';
import { ContactRecords } from './contact-records.js';
import { type AgentQuery, agentMatches, type ContactQuery, checkAgentQuery, contactMatches, stateList } from './queries.js';
import { type Applied, applyAgent, applyContact, applyTombstone, type Replicas } from './record-rules.js';
import type { ReplicaChange } from './replica-change.js';
import type { ReplicaInput } from './replica-input.js';
import { type Tombstone, Tombstones } from './tombstones.js';

/** Options of {@link ReplicaStore}. */
export interface ReplicaStoreOptions {
  /** Where `lastHeard` and `staleness` read the time. */
  readonly clock: Clock;
  /** How many tombstones to remember (oldest forgotten first). Default 100,000. */
  readonly maxTombstones?: number;
}

/**
 * One centre's replicas of every agent and contact of the network, as plain records in indexes
 * (DESIGN.md §4), plus what it knows of every centre's presence. Pure: no I/O, no timers; the
 * clock is read only to stamp `lastHeard`.
 *
 * Every object has one writer, so the rule is simple: a snapshot is applied only if its `rev` is
 * higher than both the record held and any tombstone for the same key; a tombstone removes the
 * record when its `rev` is at least the record's. Messages may come in any order, twice or never
 * in between — the store ends with the newest state of each object.
 *
 * @example
 * ```ts
 * const store = new ReplicaStore({ clock: realClock });
 * attachReplicaStore(runtime, store);
 * const idle = store.agents({ state: 'idle', skill: 'billing', minProficiency: 3 });
 * store.changes$.subscribe((change) => log(change));
 * ```
 */
export class ReplicaStore {
  readonly #clock: Clock;
  readonly #agents = new AgentRecords();
  readonly #contacts = new ContactRecords();
  readonly #tombstones: Tombstones;
  readonly #replicas: Replicas;
  readonly #centres = new CentreTable();
  readonly #changes = new Subject<ReplicaChange>();
  readonly #isOffline = (centre: string) => this.#centres.isOffline(centre);

  /** Every applied change of a record or of a centre's presence, as it happens (hot: no replay). */
  readonly changes$: Observable<ReplicaChange> = this.#changes.asObservable();

  constructor(options: ReplicaStoreOptions) {
    this.#clock = options.clock;
    const max = options.maxTombstones ?? 100_000;
    this.#tombstones = new Tombstones(checkOption('maxTombstones', max, (n) => Number.isSafeInteger(n) && n >= 0, 'an integer >= 0'));
    this.#replicas = { agents: this.#agents, contacts: this.#contacts, tombstones: this.#tombstones };
  }

  /**
   * Applies one decoded message; true when a record, a tombstone or a centre's status changed.
   * Unknown message types are ignored.
   *
   * @example
   * ```ts
   * store.apply({ type: 'agent.snapshot', body: snapshot }); // true
   * store.apply({ type: 'agent.snapshot', body: snapshot }); // false: not newer
   * store.apply({ type: 'retained.cleared', topic: 'presence/london' }); // London is offline
   * ```
   */
  apply(message: ReplicaInput): boolean {
    const now = this.#clock.now();
    switch (message.type) {
      case 'agent.snapshot':
        return this.#record(message.body.home, now, applyAgent(this.#replicas, message.body));
      case 'contact.snapshot':
        return this.#record(message.body.owner, now, applyContact(this.#replicas, message.body));
      case 'tombstone':
        return this.#record(message.body.owner, now, applyTombstone(this.#replicas, message.body));
      case 'presence':
        return this.#centre(this.#centres.announce(message.body, now));
      case 'retained.cleared':
        return this.#cleared(message.topic, now);
      default:
        return false;
    }
  }

  /**
   * The agent `id` of `home`, whatever its state or its centre's presence.
   *
   * @example
   * ```ts
   * store.agent('london', 'a1')?.state; // 'idle'
   * ```
   */
  agent(home: string, id: string): AgentSnapshot | undefined {
    return this.#agents.get(`${home}/${id}`);
  }

  /**
   * The live contact `id`, whichever centre owns it now.
   *
   * @example
   * ```ts
   * store.contact('c-17')?.owner; // 'paris'
   * ```
   */
  contact(id: string): ContactSnapshot | undefined {
    return this.#contacts.get(id);
  }

  /**
   * The agents that match every field of `query`, in no particular order. Without
   * `includeOffline`, agents of centres whose presence says offline are left out; without
   * `includeLoggedOut` (or a `state` naming it), logged-out agents are. Looks only at the smallest
   * index group the query names. Throws `CM_ERR_INVALID_OPTION` for `minProficiency` without `skill`.
   *
   * @example
   * ```ts
   * store.agents({ state: ['idle', 'busy'], skill: 'billing', minProficiency: 3 });
   * store.agents({ centre: 'paris', includeOffline: true, includeLoggedOut: true }); // all of Paris
   * ```
   */
  agents(query: AgentQuery = {}): AgentSnapshot[] {
    checkAgentQuery(query);
    const states = stateList(query.state);
    const found: AgentSnapshot[] = [];
    for (const keys of this.#agents.candidates(query, states, this.#isOffline)) {
      for (const key of keys) {
        const agent = this.#agents.get(key);
        if (agent === undefined || !agentMatches(agent, query, states)) continue;
        if (query.includeOffline !== true && this.#centres.isOffline(agent.home)) continue;
        found.push(agent);
      }
    }
    return found;
  }

  /**
   * The live contacts that match every field of `query`, in no particular order.
   *
   * @example
   * ```ts
   * store.contacts({ state: 'queued', skillset: 'billing' });
   * store.contacts({ owner: 'london' });
   * ```
   */
  contacts(query: ContactQuery = {}): ContactSnapshot[] {
    const states = stateList(query.state);
    const found: ContactSnapshot[] = [];
    for (const keys of this.#contacts.candidates(query, states)) {
      for (const key of keys) {
        const contact = this.#contacts.get(key);
        if (contact !== undefined && contactMatches(contact, query, states)) found.push(contact);
      }
    }
    return found;
  }

  /**
   * How many records and tombstones the store holds.
   *
   * @example
   * ```ts
   * store.counts(); // { agents: 1200, contacts: 85, tombstones: 3400 }
   * ```
   */
  counts(): { readonly agents: number; readonly contacts: number; readonly tombstones: number } {
    return { agents: this.#agents.size, contacts: this.#contacts.size, tombstones: this.#tombstones.size };
  }

  /**
   * Every centre the store has heard of, by presence or through its objects.
   *
   * @example
   * ```ts
   * store.centres().filter((c) => c.status === 'offline').map((c) => c.centre);
   * ```
   */
  centres(): readonly CentreInfo[] {
    return this.#centres.all();
  }

  /**
   * What the store knows of one centre, or undefined if it never heard of it.
   *
   * @example
   * ```ts
   * store.centre('paris'); // { centre: 'paris', status: 'online', incarnation: 3, since: …, lastHeard: … }
   * ```
   */
  centre(id: string): CentreInfo | undefined {
    return this.#centres.get(id);
  }

  /**
   * True when the centre's latest presence says online (false for offline and for unknown).
   *
   * @example
   * ```ts
   * if (!store.isOnline('paris')) useLocalAgentsOnly();
   * ```
   */
  isOnline(centre: string): boolean {
    return this.#centres.get(centre)?.status === 'online';
  }

  /**
   * Clock time of the last message from or about `centre`, or undefined if none came.
   *
   * @example
   * ```ts
   * store.lastHeard('paris'); // 1_700_000_000_000
   * ```
   */
  lastHeard(centre: string): number | undefined {
    return this.#centres.lastHeard(centre);
  }

  /**
   * Milliseconds since the store last heard from or about `centre`, or undefined if it never did.
   *
   * @example
   * ```ts
   * if ((store.staleness('paris') ?? Infinity) > 30_000) distrust('paris');
   * ```
   */
  staleness(centre: string): number | undefined {
    const heard = this.#centres.lastHeard(centre);
    return heard === undefined ? undefined : this.#clock.now() - heard;
  }

  /**
   * The tombstone of an object that is gone: an agent by `{home}/{id}`, a contact by id. For a
   * handed-over contact, `movedTo` names its new owner (until that owner's snapshot arrives and
   * the contact is live again under `contact(id)`).
   *
   * @example
   * ```ts
   * store.tombstone('contact', 'c-17')?.movedTo; // 'paris'
   * ```
   */
  tombstone(kind: 'agent' | 'contact', key: string): Tombstone | undefined {
    return this.#tombstones.get(kind, key);
  }

  /**
   * Ends `changes$`. The store still applies messages and answers queries.
   *
   * @example
   * ```ts
   * runtime.remove(address);
   * store.complete();
   * ```
   */
  complete(): void {
    this.#changes.complete();
  }

  #record(owner: string, now: number, applied: Applied): boolean {
    const met = this.#heard(owner, now);
    if (applied?.change !== undefined) this.#emit(applied.change);
    return met || applied !== undefined;
  }

  // A cleared replica topic only says the owner spoke (a contact's final snapshot came first);
  // a cleared presence topic is the centre's will: it is offline.
  #cleared(topic: string, now: number): boolean {
    const [root, centre] = topic.split('/', 2);
    if (centre === undefined || centre === '') return false;
    if (root === 'presence') return this.#centre(this.#centres.cleared(centre, now));
    return root === 'replica' && this.#heard(centre, now);
  }

  #heard(centre: string, now: number): boolean {
    return this.#centre(this.#centres.heard(centre, now));
  }

  #centre(change: CentreChange | undefined): boolean {
    if (change === undefined) return false;
    this.#emit(change);
    return true;
  }

  #emit(change: ReplicaChange): void {
    if (this.#changes.observed) this.#changes.next(change);
  }
}
