import type { Subscription } from 'rxjs';
import { type BidMachine, type BidWorld, createBidMachine } from '../machines/bid/index.js';
import type { AuctionEntityBody, AuctionedContact } from '../protocol/messages/auction.js';
import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import type { ReplicaStore } from '../replica/replica-store.js';
import type { Delivered, Runtime } from '../runtime/runtime.js';
import { speaksForByName } from './speaks-for.js';

/** How a centre bids in other centres' auctions (DESIGN.md §5); `createCentre({ bidding })`. */
export interface BiddingPolicy {
  /**
   * Whether to bid for this entity at all (your own rule: value, media, hours…). Default: every
   * entity this centre's mode lets it take.
   */
  readonly accept?: (entity: AuctionEntityBody) => boolean;
  /** The cost a bid quotes (claim 11); default 0. */
  readonly cost?: (bid: { readonly contact: AuctionedContact; readonly agent?: AgentSnapshot }) => number;
  /** With no agent free, promise a time-to-service from this centre's queue (its expected wait). Default true. */
  readonly queuePromise?: boolean;
  /** How many agents to try to reserve for one entity before giving up (or promising the queue). Default 3. */
  readonly maxTries?: number;
  /**
   * Bid on the centre's own initiative (default true). `false`: bid only when an agent's own
   * computer asks for it (`createAgentBidder`, claim 18).
   */
  readonly automatic?: boolean;
  /**
   * Whether to bid for an agent whose own computer asks (`node` is the asking node's id). Default:
   * only the node named `{centre}-{agent}` speaks for an agent; restrict node ids at your broker.
   * The centre also asks it, without a cost, to tell an agent's computer from a gateway
   * (docs/security.md): say yes only to the one node of each agent.
   */
  readonly acceptRequest?: (request: { readonly node: string; readonly agent: string; readonly cost?: number }) => boolean;
}

/** What a bidder needs from its centre. */
export interface BidderOptions {
  readonly runtime: Runtime;
  readonly replicas: ReplicaStore;
  readonly policy: BiddingPolicy;
  /** Whether this centre's mode lets it take contacts of `skillset` from the network. */
  readonly takesFromNetwork: (skillset: string) => boolean;
  /** The expected wait here for one more contact of `skillset`, in ms, if anyone here can serve it. */
  readonly queueWaitMs: (skillset: string) => number | undefined;
  /** The centre's incarnation: its bid ids differ from an earlier life's. */
  readonly incarnation: number;
}

/**
 * The world a centre's bid actors see: its replicas, its mode and its bidding policy, as answers
 * to the bid machine's questions (the rules are the machine's).
 */
export function centreBidWorld(options: BidderOptions): BidWorld {
  const { runtime, replicas, policy, takesFromNetwork } = options;
  const { centre } = runtime;
  const speaksFor = policy.acceptRequest ?? ((r: { node: string; agent: string }) => speaksForByName(centre)(r.node, r.agent));
  return {
    refusal: (entity) => {
      if (!takesFromNetwork(entity.contact.skillset)) return `${centre} takes no ${entity.contact.skillset} contacts from the network`;
      if (policy.accept?.(entity) === false) return `${centre} does not bid for this contact`;
      return undefined;
    },
    idleAgents: () => replicas.agents({ centre, state: 'idle' }),
    agent: (id) => replicas.agent(centre, id),
    speaksFor,
    queueWaitMs: options.queueWaitMs,
    cost: (bid) => policy.cost?.(bid),
    automatic: policy.automatic !== false,
    maxTries: policy.maxTries ?? 3,
    queuePromise: policy.queuePromise !== false,
  };
}

/**
 * A centre's bidding desk (claims 18–25, 38, 42): it reads every other centre's contact
 * information entity and hosts one bid actor per entity (`{centre}/bid/{auctionId}`, the bid
 * machine), to which it routes what comes for that auction — the owner's award and release, an
 * agent's own request — and the changes of this centre's agents. Bids name the desk as `replyTo`.
 * It decides nothing: with no actor for an auction, an award is refused and a request too.
 */
export class Bidder {
  readonly address: string;
  readonly #machine: BidMachine;
  /** Bid actors hosted, pruned of those that ended (at most `maxOpenBids` live ones). */
  readonly #hosted = new Set<string>();
  readonly #subscription: Subscription;
  /** Bid actors started in this life: each one's serial number, in its bid id. */
  #started = 0;

  constructor(private readonly options: BidderOptions) {
    const { runtime } = options;
    this.#machine = createBidMachine(centreBidWorld(options));
    this.address = runtime.endpoint('bidder', 'main', (message) => this.#receive(message));
    runtime.listen('auction/+/+', this.address);
    this.#subscription = options.replicas.changes$.subscribe((change) => {
      if (change.kind !== 'agent' || change.after?.home !== runtime.centre) return;
      for (const address of this.#live()) runtime.deliver(address, { type: 'agent.changed', snapshot: change.after });
    });
  }

  /** Stops bidding: the bid actors end (leases still held expire by themselves). */
  stop(): void {
    this.#subscription.unsubscribe();
    for (const address of this.#hosted) this.options.runtime.remove(address);
    this.#hosted.clear();
  }

  /** The bid actors still running. */
  #live(): string[] {
    for (const address of this.#hosted) if (this.options.runtime.snapshot(address) === undefined) this.#hosted.delete(address);
    return [...this.#hosted];
  }

  #receive(message: Delivered): void {
    // What a bid actor takes from its desk; anything else is not for bidding.
    if (
      message.type !== 'auction.entity' &&
      message.type !== 'auction.award' &&
      message.type !== 'auction.release' &&
      message.type !== 'auction.bidRequest' &&
      message.type !== 'auction.bidStatus'
    )
      return;
    const { runtime } = this.options;
    const { auctionId } = message.body;
    const address = `${runtime.centre}/bid/${auctionId}`;
    if (runtime.snapshot(address) !== undefined) {
      runtime.deliver(address, { ...message });
      return;
    }
    if (message.type === 'auction.entity') {
      // At most `maxOpenBids` auctions are considered at once; an entity beyond it is passed over.
      if (this.#live().length >= runtime.limits.maxOpenBids) return;
      const entity = message.body;
      const knownOwner = this.options.replicas.contact(entity.contact.id)?.owner;
      this.#hosted.add(address);
      runtime.host('bid', auctionId, this.#machine, {
        input: {
          side: 'centre',
          entity,
          at: message.at,
          centre: runtime.centre,
          desk: this.address,
          incarnation: this.options.incarnation,
          serial: this.#started++,
          ...(knownOwner === undefined ? {} : { knownOwner }),
        },
      });
      return;
    }
    const { from } = message;
    if (message.type === 'auction.award') {
      runtime.send(this.address, from, {
        type: 'auction.confirm',
        body: { auctionId, bidId: message.body.bidId, result: 'refused', reason: 'no such bid here (it expired or was released)' },
      });
    } else if (message.type === 'auction.bidRequest') {
      runtime.send(this.address, from, {
        type: 'auction.bidStatus',
        body: {
          auctionId,
          agent: message.body.agent,
          status: 'refused',
          reason: 'the auction is not open here (unknown, or past its deadline)',
        },
      });
    }
  }
}
