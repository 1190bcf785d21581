import type { Observable, Subscription } from 'rxjs';
import { Subject } from 'rxjs';
import type { ScoringCommandRegistry } from '../auction/scoring-commands.js';
import type { AuctionOutcome, AuctionPolicy } from '../machines/auction/context.js';
import { type AuctionMachine, createAuctionMachine } from '../machines/auction/machine.js';
import type { AuctionBidBody, AuctionedContact } from '../protocol/messages/auction.js';
import type { Delivered, Runtime } from '../runtime/runtime.js';

/** What an auction desk needs from its centre. */
export interface AuctionDeskOptions {
  readonly runtime: Runtime;
  readonly policy: AuctionPolicy;
  readonly registry: ScoringCommandRegistry;
  /** The centre's auctioneer (machines/auctioneer), which decides when auctions open, end early and run again. */
  readonly auctioneer: string;
  /** The contact's expected wait here, in ms, for the reserve: `Infinity` when nobody here can serve it. */
  readonly localWaitMs: (contact: AuctionedContact) => number;
}

/**
 * The owner's auction desk (DESIGN.md §5, claims 1, 34–37, 39): it hosts each auction its
 * centre's auctioneer opens, takes bids in every form — sent to it (claims 7, 27) or written into
 * the shared space next to the entity (claims 8, 24, 25, 28) — and hands each to its auction, or to
 * the auctioneer when that auction is no longer here. It tells the auctioneer of every auction's
 * end. Every decision (when to auction, cancel, try again, release a late bid) is a machine's.
 */
export class AuctionDesk {
  readonly address: string;
  readonly #machine: AuctionMachine;
  readonly #closed = new Subject<AuctionOutcome>();
  readonly #subscriptions: Subscription[] = [];
  /** Every auction's end, with its explanation. */
  readonly closed$: Observable<AuctionOutcome> = this.#closed.asObservable();

  constructor(private readonly options: AuctionDeskOptions) {
    const { runtime } = options;
    this.#machine = createAuctionMachine(options.registry);
    this.address = runtime.endpoint('auctions', 'main', (message) => this.#receive(message));
    runtime.listen(`auction/${runtime.centre}/+/bids/+`, this.address);
    this.#subscriptions.push(
      runtime.events$.subscribe((event) => {
        if (event.type !== 'actor.done' || !event.address.startsWith(`${runtime.centre}/auction/`)) return;
        const outcome = event.output as AuctionOutcome;
        runtime.deliver(options.auctioneer, { type: 'auction.closed', outcome });
        this.#closed.next(outcome);
      }),
    );
  }

  stop(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
    this.#closed.complete();
  }

  /** Auctions open now. */
  get running(): number {
    const prefix = `${this.options.runtime.centre}/auction/`;
    return this.options.runtime.addresses().filter((address) => address.startsWith(prefix)).length;
  }

  #receive(message: Delivered): void {
    if (message.type === 'auction.open') this.#open(message);
    else if (message.type === 'auction.bid') this.#bid(message.from, message.body);
    else if (message.type === 'auction.entityBid') {
      const { entity, bid } = message.body;
      // The modified entity must be this centre's, for the auction the bid names.
      if (entity.auctionId === bid.auctionId && entity.owner === this.options.runtime.centre) this.#bid(message.from, bid);
    }
  }

  /** The auctioneer opens an auction: host it with the centre's policy and the contact's wait here now. */
  #open(message: Extract<Delivered, { type: 'auction.open' }>): void {
    const { runtime, policy, localWaitMs, auctioneer } = this.options;
    if (message.from !== auctioneer) return;
    const { auctionId, contact } = message.body;
    if (runtime.snapshot(this.#auction(auctionId)) !== undefined) return;
    runtime.host('auction', auctionId, this.#machine, {
      input: {
        auctionId,
        owner: runtime.centre,
        desk: this.address,
        contact,
        policy,
        localExpectedWaitMs: localWaitMs(contact),
        at: message.at,
      },
    });
  }

  #auction = (auctionId: string): string => `${this.options.runtime.centre}/auction/${auctionId}`;

  /** A bid in any form, with its sender: to its auction while it is open, else to the auctioneer. */
  #bid(from: string, bid: AuctionBidBody): void {
    const { runtime, auctioneer } = this.options;
    const address = this.#auction(bid.auctionId);
    const to = runtime.snapshot(address) === undefined ? auctioneer : address;
    runtime.deliver(to, { type: 'auction.bid', from, body: bid });
  }
}
