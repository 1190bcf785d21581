import type { Observable, Subscription } from 'rxjs';
import { BoundedMap } from '../bounded-map.js';
import { type PresencePolicy, presencePolicyDefaults } from '../machines/liveness/machine.js';
import type { RouterMode } from '../machines/router/context.js';
import type { PresenceBody } from '../protocol/messages/presence.js';
import {
  type AgentSnapshot,
  type ContactSnapshot,
  goneStates,
  maxCheckedContacts,
  type ReplicasCheckBody,
} from '../protocol/messages/snapshots.js';
import { attachReplicaStore } from '../replica/attach.js';
import type { ReplicaChange } from '../replica/replica-change.js';
import { ReplicaStore } from '../replica/replica-store.js';
import type { Runtime } from '../runtime/runtime.js';
import { PeerLiveness, type PeerLivenessEvent } from './peer-liveness.js';

/**
 * A centre's place in the network: the replica store of every agent and contact (DESIGN.md §4),
 * the feed from it into the centre's router as the modes allow, and the centre's presence.
 * (Contacts handed over by other centres are taken by the handover desk: `handover-desk.ts`.)
 */
export class CentreNetwork {
  readonly replicas: ReplicaStore;
  #mode: RouterMode;
  #stopped = false;
  readonly #modes = new Map<string, RouterMode['kind']>();
  /** Other centres' queue modes, from their presence. */
  readonly #queueModesOf = new Map<string, Readonly<Record<string, RouterMode['kind']>>>();
  /** This centre's queue modes. */
  readonly #queueModes = new Map<string, RouterMode>();
  readonly #subscriptions: Subscription[] = [];
  /** Where other centres ask this one about its contacts (`replicas.check`). */
  readonly #sync: string;
  readonly #presencePolicy: PresencePolicy;
  /** This centre's heartbeat and its peers': a silent peer is not chosen and not routed. */
  readonly #liveness: PeerLiveness;
  /** Times this life's connection came back; said in its presence, so peers that missed it can tell. */
  #reconnects = 0;
  /** Each peer's life and its `reconnects` in it, as last heard. */
  readonly #reconnectsOf = new Map<string, { readonly incarnation: number; readonly reconnects: number }>();
  /** Peers falling silent and speaking again. */
  readonly liveness$: Observable<PeerLivenessEvent>;
  /**
   * Contacts that ended (or moved on) here in this life, with the rev of their last snapshot (the
   * last `maxRememberedOutcomes`): a late replica of one is not news, and a peer back from a lost
   * connection that still holds one is told it is gone (`replicas.check`).
   */
  readonly #endedHere: BoundedMap<string, number>;
  /**
   * Remote agents and contacts the router may hold: fed to it as they are, and not yet told to
   * forget them. One it never held, or was told to forget already, is not fed again until it may
   * hold it (a `local` centre's router would otherwise see every change of every remote agent).
   */
  readonly #held = { agents: new Set<string>(), contacts: new Set<string>() };

  constructor(
    private readonly runtime: Runtime,
    private readonly router: string,
    mode: RouterMode,
    private readonly incarnation: number,
    /** Hosts an object of this centre's previous life, found in the network's replicas. */
    private readonly recover: (object: { readonly agent: AgentSnapshot } | { readonly contact: ContactSnapshot }) => void,
    queueModes: Readonly<Record<string, RouterMode>> = {},
    presencePolicy: Partial<PresencePolicy> = {},
  ) {
    this.#mode = mode;
    this.#presencePolicy = { ...presencePolicyDefaults, ...presencePolicy };
    this.#endedHere = new BoundedMap(runtime.limits.maxRememberedOutcomes);
    for (const [skillset, queueMode] of Object.entries(queueModes)) this.#queueModes.set(skillset, queueMode);
    this.replicas = new ReplicaStore({ clock: runtime.clock });
    attachReplicaStore(runtime, this.replicas);
    const presence = runtime.endpoint('network', 'presence', (message) => {
      if (message.type === 'presence') this.#presence(message.body);
    });
    runtime.listen('presence/+', presence);
    this.#sync = runtime.endpoint('network', 'sync', (message) => {
      if (message.type === 'replicas.check') this.#answerCheck(message.body);
    });
    this.#subscriptions.push(this.replicas.changes$.subscribe((change) => this.#changed(change)));
    this.#liveness = new PeerLiveness(
      runtime,
      this.#presencePolicy,
      () => this.announce(),
      (centre) => this.#refeedCentre(centre),
    );
    this.liveness$ = this.#liveness.events$;
    // Back after a lost connection: say so again, and publish this centre's own objects again. A
    // broker that restarted without persistence kept no retained presence or replica and fired no
    // will, so nothing else would tell a centre that joins later that this one is online, or what
    // its agents and contacts are.
    let connectedBefore = false;
    this.#subscriptions.push(
      runtime.events$.subscribe((event) => {
        if (event.type !== 'transport.state' || event.state !== 'connected') return;
        if (connectedBefore && !this.#stopped) {
          this.#reconnects += 1;
          this.#reannounce();
          this.#check();
        }
        connectedBefore = true;
      }),
    );
  }

  get mode(): RouterMode {
    return this.#mode;
  }

  /** The presence this centre announces (retained), and the will that clears it to offline; `stopped`: offline by a clean stop. */
  presence(status: 'online' | 'offline', stopped = false) {
    const { centre } = this.runtime;
    return {
      type: 'presence',
      body: {
        centre,
        status,
        incarnation: this.incarnation,
        since: this.runtime.createdAt,
        mode: this.#mode.kind,
        ...(this.#presencePolicy.heartbeatMs === null ? {} : { heartbeatMs: this.#presencePolicy.heartbeatMs }),
        ...(this.#reconnects === 0 ? {} : { reconnects: this.#reconnects }),
        ...(stopped ? { stopped: true as const } : {}),
        ...(this.#queueModes.size === 0
          ? {}
          : { queues: Object.fromEntries([...this.#queueModes].map(([skillset, m]) => [skillset, m.kind])) }),
      },
    } as const;
  }

  /**
   * Presence, then the last snapshot of each of this centre's live agents and contacts, retained
   * (their revs unchanged: a peer that has them ignores them) — as this centre last published them
   * (`runtime.lastReplicas`), not as its replica store heard them back: what it published while
   * the connection was down may have gone out before it was subscribed again, so its store can be a
   * rev or two behind.
   */
  #reannounce(): void {
    this.announce();
    for (const { topic, message } of this.runtime.lastReplicas()) this.runtime.publish(topic, message, { retain: true, qos: 1 });
  }

  /**
   * Back from a lost connection: asks each other online centre about its contacts this centre still
   * holds replicas of. One that ended there meanwhile sent its last snapshot once, and its retained
   * value was cleared, so nothing else would tell this centre it is gone.
   */
  #check(): void {
    const self = this.runtime.centre;
    for (const { centre } of this.replicas.centres()) {
      if (centre !== self && this.replicas.isOnline(centre) !== false) this.#checkWith(centre);
    }
  }

  /** Asks `centre` about its contacts this centre holds replicas of (at most 1,000 a message). */
  #checkWith(centre: string): void {
    const ids = this.replicas.contacts({ owner: centre }).map((contact) => contact.id);
    for (let i = 0; i < ids.length; i += maxCheckedContacts) {
      const body: ReplicasCheckBody = { contacts: ids.slice(i, i + maxCheckedContacts) };
      this.runtime.send(this.#sync, `${centre}/network/sync`, { type: 'replicas.check', body });
    }
  }

  /**
   * Another centre asks about contacts of this one: each that ended or moved on here in this life
   * gets a tombstone, published on its replica topic (not retained: it is news for whoever missed
   * the end, and a copy that moved on has a rev elsewhere that the tombstone's does not reach).
   * A contact this life never held is not answered: an earlier life's may still be taken back.
   */
  #answerCheck(body: ReplicasCheckBody): void {
    const self = this.runtime.centre;
    for (const id of body.contacts) {
      const rev = this.#endedHere.get(id);
      if (rev === undefined || this.runtime.snapshot(`${self}/contact/${id}`) !== undefined) continue;
      // At the rev before its last: that removes every copy of what this centre last published of
      // it live, and never the copy that took it over (a new owner's rev is past the last one here,
      // or equal to it when the two copies met: `takesOver`).
      const tombstone = { kind: 'contact' as const, id, owner: self, rev: rev - 1 };
      this.runtime.publish(`replica/${self}/contact/${id}`, { type: 'tombstone', body: tombstone }, { qos: 1 });
    }
  }

  announce(): void {
    this.runtime.publish(`presence/${this.runtime.centre}`, this.presence('online'), { retain: true, qos: 1 });
  }

  /** Changes the mode at run time: the router first, then what it is fed, then the network hears of it. */
  setMode(mode: RouterMode): void {
    this.#mode = mode;
    this.#retell(mode.kind === 'local', { type: 'mode', mode });
  }

  /**
   * Tells the router of a mode change and feeds it again. Narrowing: the router forgets the
   * network's objects at once. Widening: it gets them first, so the new mode's recheck can use them.
   */
  #retell(narrowing: boolean, event: { readonly type: string } & Record<string, unknown>): void {
    if (narrowing) this.runtime.deliver(this.router, event);
    this.#refeed();
    if (!narrowing) this.runtime.deliver(this.router, event);
    this.announce();
  }

  /** The modes of single queues now. */
  get queueModes(): Readonly<Record<string, RouterMode>> {
    return Object.fromEntries(this.#queueModes);
  }

  /** Gives one queue a mode of its own (`null`: back to the centre's), at run time. */
  setQueueMode(skillset: string, mode: RouterMode | null): void {
    if (mode === null) this.#queueModes.delete(skillset);
    else this.#queueModes.set(skillset, mode);
    this.#retell(mode?.kind === 'local', { type: 'queueMode', skillset, mode });
  }

  stop(): void {
    this.#stopped = true;
    this.#liveness.stop();
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
    this.replicas.complete();
  }

  /** Whether this centre takes contacts of `skillset` from other centres (bids in their auctions): not in `local` mode. */
  takesFromNetwork(skillset: string): boolean {
    return (this.#queueModes.get(skillset)?.kind ?? this.#mode.kind) !== 'local';
  }

  /** May the router hold this remote agent now? Only if both centres lend agents to the network and its centre is up. */
  #feedsAgent(agent: AgentSnapshot): boolean {
    if (agent.home === this.runtime.centre) return false;
    if (this.#mode.kind === 'local' && [...this.#queueModes.values()].every((m) => m.kind === 'local')) return false;
    return this.#modes.get(agent.home) !== 'local' && this.replicas.isOnline(agent.home) !== false && !this.#liveness.isSilent(agent.home);
  }

  /** May the router hold this remote contact? Only in network mode, and only from a centre that offers its contacts to the network. */
  #feedsContact(contact: ContactSnapshot): boolean {
    if (contact.owner === this.runtime.centre) return false;
    const ours = this.#queueModes.get(contact.skillset)?.kind ?? this.#mode.kind;
    const theirs = this.#queueModesOf.get(contact.owner)?.[contact.skillset] ?? this.#modes.get(contact.owner);
    return (
      ours === 'network' &&
      theirs === 'network' &&
      this.replicas.isOnline(contact.owner) !== false &&
      !this.#liveness.isSilent(contact.owner)
    );
  }

  /**
   * A live object of this centre that no actor here holds, from an earlier life: every snapshot
   * this life publishes has a rev past its incarnation (new, adopted and recovered actors all start
   * there), so a lower rev can only be an earlier life's. (An actor that just finished is not an
   * orphan: the echo of its own last live snapshot can still be on its way.)
   */
  #orphan(kind: 'agent' | 'contact', id: string, rev: number): boolean {
    if (kind === 'contact' && this.#endedHere.has(id)) return false;
    return rev < this.incarnation && this.runtime.snapshot(`${this.runtime.centre}/${kind}/${id}`) === undefined;
  }

  /**
   * A contact ended (or moved on) in this life: a late snapshot of it from an earlier life, arriving
   * after its end, must not bring it back.
   */
  ended(contact: string, rev: number): void {
    this.#endedHere.set(contact, rev);
  }

  #changed(change: ReplicaChange): void {
    const self = this.runtime.centre;
    // Restarted: the network kept this centre's objects; take back those no actor here holds.
    if (change.kind === 'agent' && change.after?.home === self && change.after.state !== 'loggedOut') {
      if (this.#orphan('agent', change.after.id, change.after.rev)) this.recover({ agent: change.after });
      return;
    }
    if (change.kind === 'contact' && change.after?.owner === self) {
      if (this.#orphan('contact', change.after.id, change.after.rev)) this.recover({ contact: change.after });
      return;
    }
    // Another centre holds a contact this one still holds, at a newer rev: its copy is the contact.
    if (
      change.kind === 'contact' &&
      change.after !== undefined &&
      this.runtime.snapshot(`${self}/contact/${change.after.id}`) !== undefined
    ) {
      this.runtime.deliver(`${self}/contact/${change.after.id}`, { type: 'superseded', owner: change.after.owner, rev: change.after.rev });
    }
    if (change.kind === 'agent') {
      const agent =
        change.after ??
        (change.before === undefined ? undefined : { ...change.before, state: 'loggedOut' as const, rev: change.before.rev + 1 });
      if (agent !== undefined && agent.home !== self) this.#feedAgent(agent);
    } else if (change.kind === 'contact') {
      const contact =
        change.after ??
        (change.before === undefined ? undefined : { ...change.before, state: 'ended' as const, rev: change.before.rev + 1 });
      if (contact !== undefined && contact.owner !== self) this.#feedContact(contact);
    } else {
      if (change.after.status === 'offline') this.#liveness.forget(change.centre);
      this.#refeedCentre(change.centre);
    }
  }

  #feedAgent(agent: AgentSnapshot): void {
    const feeds = this.#feedsAgent(agent);
    const key = `${agent.home}/${agent.id}`;
    // An agent the router may not hold is sent as logged out: the router forgets it. Remote agents
    // reach a router through this feed alone, so one it does not hold needs no telling.
    if (feeds && agent.state !== 'loggedOut') this.#held.agents.add(key);
    else if (!this.#held.agents.delete(key)) return;
    const fed = feeds ? agent : { ...agent, state: 'loggedOut' as const };
    this.runtime.deliver(this.router, { type: 'agent.snapshot', body: fed });
  }

  #feedContact(contact: ContactSnapshot): void {
    // A contact the router may not hold is sent as ended: the router forgets it. Only a router
    // that may hold it needs telling: one fed it from here, or one whose own copy of it may still
    // be about (a contact moving between this centre and another).
    const gone = contact.state === 'ended' || contact.state === 'forwarded';
    const feeds = !gone && this.#feedsContact(contact);
    if (feeds && !goneStates.has(contact.state)) this.#held.contacts.add(contact.id);
    else if (!this.#held.contacts.delete(contact.id) && this.runtime.snapshot(`${this.runtime.centre}/contact/${contact.id}`) === undefined)
      return;
    const fed = gone || feeds ? contact : { ...contact, state: 'ended' as const };
    this.runtime.deliver(this.router, { type: 'contact.snapshot', body: fed });
  }

  #refeedCentre(centre: string): void {
    if (centre === this.runtime.centre) return;
    for (const agent of this.replicas.agents({ centre, includeOffline: true })) this.#feedAgent(agent);
    for (const contact of this.replicas.contacts({ owner: centre })) this.#feedContact(contact);
  }

  #refeed(): void {
    for (const { centre } of this.replicas.centres()) this.#refeedCentre(centre);
  }

  /** A peer's presence: what its reconnects and its heartbeat say. */
  #heard(presence: PresenceBody): void {
    const { centre } = presence;
    // A peer whose connection came back (a broker restart brings everyone back at once): a check
    // this centre sent on its own return may have reached it before it was subscribed again.
    const heard = { incarnation: presence.incarnation, reconnects: presence.reconnects ?? 0 };
    const before = this.#reconnectsOf.get(centre);
    this.#reconnectsOf.set(centre, heard);
    const back = before?.incarnation === heard.incarnation && heard.reconnects > before.reconnects;
    if (back && presence.status === 'online') this.#checkWith(centre);
    this.#liveness.heard(presence);
  }

  #presence(presence: PresenceBody): void {
    const { centre } = presence;
    // Our own will, fired while the connection was lost: we are back, so say so (else peers keep
    // this centre offline for good and never route to its agents again).
    if (centre === this.runtime.centre && presence.status === 'offline' && presence.incarnation === this.incarnation && !this.#stopped) {
      this.announce();
      return;
    }
    if (centre !== this.runtime.centre) this.#heard(presence);
    // A peer that stopped cleanly: its contacts are gone, so its leases on this centre's agents end now.
    if (centre !== this.runtime.centre && presence.status === 'offline' && presence.stopped === true) {
      for (const address of this.runtime.addresses())
        if (address.startsWith(`${this.runtime.centre}/agent/`)) this.runtime.deliver(address, { type: 'holder.stopped', centre });
    }
    if (presence.mode === undefined) return;
    const before = JSON.stringify([this.#modes.get(centre), this.#queueModesOf.get(centre)]);
    this.#modes.set(centre, presence.mode);
    this.#queueModesOf.set(centre, presence.queues ?? {});
    if (before !== JSON.stringify([presence.mode, presence.queues ?? {}])) this.#refeedCentre(centre);
  }
}
