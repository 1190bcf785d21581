import type { Subscription } from 'rxjs';
import { isBidMessage } from '../auction/bid-messages.js';
import { candidates } from '../machines/bid/actions.js';
import { type BidFacts, type BidMachine, type BidPolicy, createBidMachine } from '../machines/bid/index.js';
import { type BidderMachine, bidAddress, bidderMachine } from '../machines/bidder/index.js';
import type { AuctionEntityBody, AuctionedContact } from '../protocol/messages/auction.js';
import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import type { ReplicaStore } from '../replica/replica-store.js';
import type { Delivered, HostedKind, Runtime } from '../runtime/runtime.js';
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
  /** The runtime's `hosts` (`createRuntime({ hosts })`): the bidder lists the `bid` kind its machine starts. */
  readonly hosts: Record<string, HostedKind>;
}

/** A centre's bidding policy as its bid actors apply it: the rules, with their defaults. */
export function centreBidPolicy(centre: string, policy: BiddingPolicy): BidPolicy {
  const speaksFor = policy.acceptRequest ?? ((r: { node: string; agent: string }) => speaksForByName(centre)(r.node, r.agent));
  return {
    accepts: (entity) => policy.accept?.(entity) !== false,
    speaksFor,
    cost: (bid) => policy.cost?.(bid),
    automatic: policy.automatic !== false,
    maxTries: policy.maxTries ?? 3,
    queuePromise: policy.queuePromise !== false,
  };
}

/**
 * A centre's bidding desk (claims 18–25, 38, 42), `{centre}/bidder/main`: it reads every other
 * centre's contact information entity and passes what comes for an auction to the auction's bid
 * actor (`{centre}/bid/{auctionId}`, the bid machine) — the owner's award and release, an agent's
 * own request — with its sender, and the changes of this centre's agents to every live bid actor.
 * What comes for an auction with no bid actor goes to the bidder machine (`{centre}/bidder/desk`),
 * which decides: it starts bid actors, keeps them within `maxOpenBids` and refuses the rest. The
 * desk tells it when a bid actor ends. Bids name the desk as `replyTo`. It decides nothing.
 */
export class Bidder {
  readonly address: string;
  readonly #machine: string;
  readonly #subscriptions: Subscription[];

  constructor(private readonly options: BidderOptions) {
    const { runtime } = options;
    const { centre } = runtime;
    // The bidder machine starts the bid actors (`effect.host`): their kind is listed in the runtime's `hosts`.
    options.hosts.bid = { logic: createBidMachine(centreBidPolicy(centre, options.policy)) };
    this.address = runtime.endpoint('bidder', 'main', (message) => this.#receive(message));
    this.#machine = `${centre}/bidder/desk`;
    runtime.listen('auction/+/+', this.address);
    const bids = `${centre}/bid/`;
    this.#subscriptions = [
      options.replicas.changes$.subscribe((change) => {
        if (change.kind !== 'agent' || change.after?.home !== centre) return;
        for (const address of this.#live()) runtime.deliver(address, { type: 'agent.changed', snapshot: change.after });
      }),
      runtime.events$.subscribe((event) => {
        if ((event.type === 'actor.done' || event.type === 'actor.failed') && event.address.startsWith(bids))
          runtime.deliver(this.#bidder(), { type: 'bid.ended', auctionId: event.address.slice(bids.length) });
      }),
    ];
  }

  /** Stops bidding: the bid actors end (leases still held expire by themselves). */
  stop(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    const live = this.#live();
    if (this.options.runtime.snapshot(this.#machine) !== undefined) this.options.runtime.remove(this.#machine);
    for (const address of live) this.options.runtime.remove(address);
  }

  /** The bidder machine, started with the first entity: a centre nobody auctions to runs none. */
  #bidder(): string {
    const { runtime, incarnation } = this.options;
    if (runtime.snapshot(this.#machine) !== undefined) return this.#machine;
    const { centre, limits } = runtime;
    return runtime.host('bidder', 'desk', bidderMachine, {
      input: { side: 'centre', centre, desk: this.address, maxOpenBids: limits.maxOpenBids, incarnation },
    });
  }

  /** The bid actors running, as the bidder machine knows them. */
  #live(): string[] {
    const { runtime } = this.options;
    const snapshot = runtime.snapshot<BidderMachine>(this.#machine);
    return (snapshot?.context.live ?? [])
      .map((auctionId) => bidAddress(runtime.centre, auctionId))
      .filter((address) => runtime.snapshot(address) !== undefined);
  }

  #receive(message: Delivered): void {
    // What a bid actor takes from its desk; anything else is not for bidding.
    if (!isBidMessage(message)) return;
    const { runtime, replicas } = this.options;
    const { centre } = runtime;
    const address = bidAddress(centre, message.body.auctionId);
    const bid = runtime.snapshot<BidMachine>(address);
    const live = bid !== undefined;
    if (message.type === 'auction.bidRequest') {
      const agent = replicas.agent(centre, message.body.agent);
      const facts = { ...(agent === undefined ? {} : { agent }), ...this.#closed(bid?.context.entity.contact.skillset) };
      runtime.deliver(live ? address : this.#bidder(), { ...message, facts });
    } else if (live) runtime.deliver(address, { ...message });
    else if (message.type === 'auction.entity') runtime.deliver(this.#bidder(), { ...message, facts: this.#facts(message.body) });
    else runtime.deliver(this.#bidder(), { ...message });
  }

  /** What this centre knows as an entity arrives: who the network says owns the contact, who is free, its mode and queue. */
  #facts(entity: AuctionEntityBody): BidFacts & { knownOwner?: string } {
    const { runtime, replicas, queueWaitMs } = this.options;
    const { contact } = entity;
    const knownOwner = replicas.contact(contact.id)?.owner;
    const waitMs = queueWaitMs(contact.skillset);
    // A lease for one of this centre's bids is not published: its replicas still show the agent
    // idle, so the agents its running bids hold or have asked for are left out here.
    const held = new Set(
      this.#live().flatMap((address) => {
        const bid = runtime.snapshot<BidMachine>(address)?.context;
        return [bid?.lease?.agent, bid?.asked].filter((agent): agent is string => agent !== undefined && agent !== null);
      }),
    );
    return {
      idle: candidates(
        replicas.agents({ centre: runtime.centre, state: 'idle' }).filter((agent) => !held.has(agent.id)),
        contact,
        [],
      ),
      ...this.#closed(contact.skillset),
      ...(waitMs === undefined ? {} : { queueWaitMs: waitMs }),
      ...(knownOwner === undefined ? {} : { knownOwner }),
    };
  }

  /** Why this centre's mode keeps it from taking contacts of `skillset` from the network now, if it does. */
  #closed(skillset: string | undefined): { closed?: string } {
    if (skillset === undefined || this.options.takesFromNetwork(skillset)) return {};
    return { closed: `${this.options.runtime.centre} takes no ${skillset} contacts from the network` };
  }
}
