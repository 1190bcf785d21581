import type { Observable, Subscription } from 'rxjs';
import { Subject } from 'rxjs';
import type { EventObject } from 'xstate';
import type { ScoringCommandRegistry } from '../auction/scoring-commands.js';
import { BoundedMap } from '../bounded-map.js';
import type { TimerHandle } from '../clock/clock.js';
import type { AuctionOutcome, AuctionPolicy } from '../machines/auction/context.js';
import { type AuctionMachine, createAuctionMachine } from '../machines/auction/machine.js';
import { auctionIn, contactIn } from '../machines/state-names.js';
import { centreOf } from '../protocol/address.js';
import { derivedId } from '../protocol/derived-id.js';
import type { AuctionBidBody, AuctionEntityBody } from '../protocol/messages/auction.js';
import type { ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { ReplicaChange } from '../replica/replica-change.js';
import type { Runtime } from '../runtime/runtime.js';

/** What an auction desk needs from its centre. */
export interface AuctionDeskOptions {
  readonly runtime: Runtime;
  readonly policy: AuctionPolicy;
  /** Queues (skillsets) whose contacts are auctioned; default every queue. */
  readonly queues?: readonly string[];
  readonly registry: ScoringCommandRegistry;
  readonly changes$: Observable<ReplicaChange>;
  /** The contact's expected wait here, in ms, for the reserve: `Infinity` when nobody here can serve it. */
  readonly localWaitMs: (contact: ContactSnapshot) => number;
}

/**
 * A bid this desk can act on: from another centre that speaks for itself — the sender, the bidder
 * and the address answers go to are one centre, so answers never go to a centre that did not bid
 * — and whose promise matches what it holds (an agent under a fence, or neither). Anything else
 * is dropped unanswered: its `replyTo` cannot be trusted.
 */
function consistent(bid: AuctionBidBody, from: string | undefined): boolean {
  if (from === undefined || centreOf(from) !== bid.bidder || centreOf(bid.replyTo) !== bid.bidder) return false;
  return bid.promise === 'agent' ? bid.agent !== undefined && bid.fence !== undefined : bid.agent === undefined && bid.fence === undefined;
}

type Incoming = EventObject & { readonly from?: string; readonly body?: Record<string, unknown> };

/**
 * The owner's side of auctions (DESIGN.md §5, claims 1, 34–37, 39): when a contact of an
 * auctioned queue waits here, an auction actor publishes its contact information entity and
 * assesses the bids. The desk takes bids in every form — sent to it (claims 7, 27) or written into
 * the shared space next to the entity (claims 8, 24, 25, 28) — and passes them to the auction; a
 * bid for an auction that is over is released at once. A contact that leaves the queue meanwhile
 * (an agent here took it, the customer hung up) cancels its auction.
 */
export class AuctionDesk {
  readonly address: string;
  readonly #machine: AuctionMachine;
  /** Contact → its auction now. */
  readonly #running = new Map<string, string>();
  /**
   * Contacts auctioned in this stay in the queue, with their snapshot then and how many auctions
   * they had: one at a time; another after `retryMs` when one ends with the contact still here.
   */
  readonly #auctioned = new Map<string, { contact: ContactSnapshot; attempts: number }>();
  readonly #retries = new Set<TimerHandle>();
  /** The winning bid (`centre/bid`) of each auction awarded lately, oldest first: a late copy of it is not released. */
  readonly #winners: BoundedMap<string, string>;
  readonly #closed = new Subject<AuctionOutcome>();
  readonly #subscriptions: Subscription[] = [];
  /** Every auction's end, with its explanation. */
  readonly closed$: Observable<AuctionOutcome> = this.#closed.asObservable();

  constructor(private readonly options: AuctionDeskOptions) {
    const { runtime } = options;
    this.#winners = new BoundedMap(runtime.limits.maxRememberedOutcomes);
    this.#machine = createAuctionMachine(options.registry);
    this.address = runtime.endpoint('auctions', 'main', (event) => this.#bid(event as Incoming));
    runtime.listen(`auction/${runtime.centre}/+/bids/+`, this.address);
    this.#subscriptions.push(options.changes$.subscribe((change) => this.#changed(change)));
    this.#subscriptions.push(
      runtime.events$.subscribe((event) => {
        if (event.type !== 'actor.done' || !event.address.startsWith(`${runtime.centre}/auction/`)) return;
        const outcome = event.output as AuctionOutcome;
        if (this.#running.get(outcome.contact) === outcome.auctionId) this.#running.delete(outcome.contact);
        // Awarded, the contact leaves the queue by a handover, which shows in no replica. Should the
        // winner's centre refuse it, the contact is back in the queue: it may be auctioned again.
        if (outcome.result === 'awarded') this.#auctioned.delete(outcome.contact);
        if (outcome.result === 'stayed') this.#retryLater(outcome.contact);
        if (outcome.winner !== undefined) {
          this.#winners.set(outcome.auctionId, `${outcome.winner.centre}/${outcome.winner.bid}`);
        }
        this.#closed.next(outcome);
      }),
    );
  }

  stop(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
    for (const timer of this.#retries) this.options.runtime.clock.clearTimer(timer);
    this.#retries.clear();
    this.#closed.complete();
  }

  /** Auctions open now. */
  get running(): number {
    return this.#running.size;
  }

  #changed(change: ReplicaChange): void {
    const { runtime, queues } = this.options;
    if (change.kind !== 'contact') return;
    const contact = change.after;
    const running = this.#running.get(change.key);
    if (contact === undefined || contact.owner !== runtime.centre) {
      if (running !== undefined) runtime.deliver(this.#auction(running), { type: 'cancel', reason: 'the contact is gone' });
      this.#auctioned.delete(change.key);
      return;
    }
    if (contact.state !== 'queued') {
      // Moving to the winner (the auction awaits the contact's answer): nothing to cancel.
      if (running !== undefined && auctionIn(runtime.snapshot(this.#auction(running)), 'handing')) return;
      if (running !== undefined)
        runtime.deliver(this.#auction(running), { type: 'cancel', reason: `the contact is ${contact.state} here` });
      // Back in the queue later (a reservation denied, an offer missed): it is auctioned afresh.
      this.#auctioned.delete(change.key);
      return;
    }
    if (running !== undefined && change.before !== undefined && change.before.skillset !== contact.skillset) {
      // The customer switched queue: bids for the old skillset no longer fit. Start over for the new one.
      runtime.deliver(this.#auction(running), { type: 'cancel', reason: `the contact switched to ${contact.skillset}` });
      this.#running.delete(contact.id);
      this.#auctioned.delete(contact.id);
    } else if (running !== undefined || this.#auctioned.has(contact.id)) return;
    if (queues !== undefined && !queues.includes(contact.skillset)) return;
    // Only the copy this life hosts, as it last published it: after a restart the replicas still
    // hold the last life's snapshot (its old rev, so its old auction id, which bidders already
    // answered), and the contact recovered from it publishes itself anew a moment later.
    const hosted = runtime.snapshot(`${runtime.centre}/contact/${contact.id}`) as { context: { rev: number } } | undefined;
    if (hosted?.context.rev !== contact.rev || !contactIn(hosted, 'queued')) return;
    this.#start(contact);
  }

  /**
   * Nobody won and the contact still waits here (nobody bid, or no bid was good enough): the
   * network may look different in `retryMs` — agents free up, the local wait grows — so ask again.
   */
  #retryLater(contactId: string): void {
    const { runtime, policy } = this.options;
    if (policy.retryMs === null) return;
    const timer = runtime.clock.setTimer(policy.retryMs, () => {
      this.#retries.delete(timer);
      const auctioned = this.#auctioned.get(contactId);
      const hosted = runtime.snapshot(`${runtime.centre}/contact/${contactId}`);
      if (auctioned === undefined || this.#running.has(contactId) || !contactIn(hosted, 'queued')) return;
      this.#start(auctioned.contact, auctioned.attempts);
    });
    this.#retries.add(timer);
  }

  #start(contact: ContactSnapshot, attempts = 0): void {
    const { runtime, policy, localWaitMs } = this.options;
    // Unique per auction, within the id limit however long the contact's id is.
    const auctionId = derivedId(contact.id, `${contact.rev}${attempts === 0 ? '' : `.${attempts}`}`);
    this.#auctioned.set(contact.id, { contact, attempts: attempts + 1 });
    this.#running.set(contact.id, auctionId);
    runtime.host('auction', auctionId, this.#machine, {
      input: {
        auctionId,
        owner: runtime.centre,
        desk: this.address,
        contact: {
          id: contact.id,
          media: contact.media,
          skillset: contact.skillset,
          requirements: contact.requirements,
          priority: contact.priority,
          seniority: contact.seniority,
          ...(contact.language === undefined ? {} : { language: contact.language }),
          ...(contact.value === undefined ? {} : { value: contact.value }),
        },
        policy,
        localExpectedWaitMs: localWaitMs(contact),
        at: runtime.clock.now(),
      },
    });
  }

  #auction = (auctionId: string): string => `${this.options.runtime.centre}/auction/${auctionId}`;

  /** A bid in any form: to its auction while it is open; released at once when it is over. */
  #bid(event: Incoming): void {
    const { runtime } = this.options;
    let bid: AuctionBidBody;
    if (event.type === 'auction.bid') bid = event.body as unknown as AuctionBidBody;
    else if (event.type === 'auction.entityBid') {
      const { entity, bid: inner } = event.body as unknown as { entity: AuctionEntityBody; bid: AuctionBidBody };
      if (entity.auctionId !== inner.auctionId || entity.owner !== runtime.centre) return;
      bid = inner;
    } else return;
    if (!consistent(bid, event.from)) return;
    if (bid.bidder === runtime.centre) return;
    const address = this.#auction(bid.auctionId);
    if (runtime.snapshot(address) === undefined) {
      // A late copy of the bid that won (a retransmission, a bidder asking again): its lease is
      // the contact's assignment now, and releasing it would take the award back. Leave it be.
      if (this.#winners.get(bid.auctionId) === `${bid.bidder}/${bid.bidId}`) return;
      runtime.send(this.address, bid.replyTo, {
        type: 'auction.release',
        body: { auctionId: bid.auctionId, bidId: bid.bidId, reason: 'the auction is over' },
      });
      return;
    }
    runtime.deliver(address, { type: 'auction.bid', from: bid.replyTo, body: bid });
  }
}
