import type { EventObject } from 'xstate';
import { BoundedMap } from '../bounded-map.js';
import type { TimerHandle } from '../clock/clock.js';
import type { AgentContext } from '../machines/agent/context.js';
import { centreOf } from '../protocol/address.js';
import { derivedId } from '../protocol/derived-id.js';
import type { AuctionBidBody, AuctionEntityBody, AuctionedContact } from '../protocol/messages/auction.js';
import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import type { ReplicaStore } from '../replica/replica-store.js';
import { hasRoomFor, proficiencyIn, speaks } from '../routing/eligible.js';
import type { Runtime } from '../runtime/runtime.js';
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
  /** Ids of bids. */
  readonly ids: () => string;
}

interface OpenBid {
  readonly entity: AuctionEntityBody;
  readonly tried: string[];
  /** An agent's own computer asked for this bid (claim 18): it hears how it goes. */
  readonly requestedBy?: { readonly node: string; readonly agent: string; readonly cost?: number };
  /** The award was confirmed: from now on only the auction itself may take it back. */
  confirmed?: boolean;
  requestId?: string;
  bid?: AuctionBidBody;
  leaseId?: string;
}

/** An entity whose deadline is further off than any auction's can be is passed over. */
const maxDeadlineMs = 300_000;

type Incoming = EventObject & { readonly from?: string; readonly body?: Record<string, unknown>; readonly topic?: string };

/**
 * A centre's bidder (claims 19–25, 38, 42): reads every other centre's contact information
 * entity, decides whether this centre can serve the contact, reserves its best free agent (a
 * lease) or promises a time from its queue, and bids in the form the entity asks for. It confirms
 * an award while its lease still holds and releases the lease when its bid loses.
 */
export class Bidder {
  readonly address: string;
  readonly #open = new Map<string, OpenBid>();
  /** Entities seen and still open, for agents' own bid requests (the last `maxOpenBids`). */
  readonly #entities: BoundedMap<string, AuctionEntityBody>;
  readonly #timers = new Set<TimerHandle>();

  constructor(private readonly options: BidderOptions) {
    const { runtime } = options;
    this.#entities = new BoundedMap(runtime.limits.maxOpenBids);
    this.address = runtime.endpoint('bidder', 'main', (event) => this.#receive(event as Incoming));
    runtime.listen('auction/+/+', this.address);
  }

  /** Stops bidding: pending timers are cleared (leases still held expire by themselves). */
  stop(): void {
    for (const timer of this.#timers) this.options.runtime.clock.clearTimer(timer);
    this.#timers.clear();
    this.#open.clear();
    this.#entities.clear();
  }

  #later(delayMs: number, fn: () => void): void {
    const timer = this.options.runtime.clock.setTimer(delayMs, () => {
      this.#timers.delete(timer);
      fn();
    });
    this.#timers.add(timer);
  }

  /** Auctions this centre has a bid or a reservation in. */
  get open(): number {
    return this.#open.size;
  }

  #receive(event: Incoming): void {
    const body = event.body ?? {};
    if (event.type === 'auction.entity') this.#consider(body as unknown as AuctionEntityBody);
    else if (event.type === 'reserve.granted' || event.type === 'reserve.denied')
      this.#reserved(event.type, body as { requestId: string; agent: string; leaseId?: string; fence?: number; expiresAt?: number });
    else if (event.type === 'auction.award')
      this.#awarded(event.from ?? '', body as { auctionId: string; bidId: string; contact: string; fence?: number });
    else if (event.type === 'auction.release')
      this.#release(event.from ?? '', String(body.auctionId), String(body.bidId), String(body.reason ?? 'the bid lost'));
    else if (event.type === 'auction.bidRequest')
      this.#requested(event.from ?? '', body as { auctionId: string; agent: string; cost?: number });
  }

  #consider(entity: AuctionEntityBody): void {
    const { runtime, policy } = this.options;
    if (entity.owner === runtime.centre || this.#open.has(entity.auctionId)) return;
    // An auction for a contact the network knows as another centre's is not its owner's to hold.
    const known = this.options.replicas.contact(entity.contact.id)?.owner;
    if (known !== undefined && known !== entity.owner) return;
    const now = runtime.clock.now();
    // At most `maxOpenBids` auctions are bid on at once; an entity beyond it is passed over.
    if (now >= entity.deadline || entity.deadline - now > maxDeadlineMs || this.#open.size >= runtime.limits.maxOpenBids) return;
    if (!this.#entities.has(entity.auctionId)) {
      this.#entities.set(entity.auctionId, entity);
      this.#later(entity.deadline - now, () => this.#entities.delete(entity.auctionId));
    }
    if (policy.automatic === false || this.#refusal(entity) !== undefined) return;
    this.#reserveNext(this.#opened(entity));
  }

  /** Why this centre does not bid for the entity, if it does not. */
  #refusal(entity: AuctionEntityBody): string | undefined {
    const { policy, takesFromNetwork } = this.options;
    if (!takesFromNetwork(entity.contact.skillset))
      return `${this.options.runtime.centre} takes no ${entity.contact.skillset} contacts from the network`;
    if (policy.accept?.(entity) === false) return `${this.options.runtime.centre} does not bid for this contact`;
    return undefined;
  }

  #opened(entity: AuctionEntityBody, requestedBy?: OpenBid['requestedBy']): OpenBid {
    const { runtime } = this.options;
    const open: OpenBid = { entity, tried: [], ...(requestedBy === undefined ? {} : { requestedBy }) };
    this.#open.set(entity.auctionId, open);
    // Forget it once nobody can award it any more (the owner releases or awards before then).
    this.#later(entity.deadline - runtime.clock.now() + entity.leaseMs, () => {
      if (this.#open.get(entity.auctionId) === open) this.#open.delete(entity.auctionId);
    });
    return open;
  }

  /** An agent's own computer asks this centre to bid for them (claim 18). */
  #requested(node: string, request: { auctionId: string; agent: string; cost?: number }): void {
    const { runtime, replicas } = this.options;
    const { auctionId, agent } = request;
    const entity = this.#entities.get(auctionId);
    const why =
      entity === undefined || runtime.clock.now() >= entity.deadline
        ? 'the auction is not open here (unknown, or past its deadline)'
        : this.#open.has(auctionId)
          ? `${runtime.centre} already bids in this auction`
          : replicas.agent(runtime.centre, agent) === undefined
            ? `${agent} is not an agent of ${runtime.centre}`
            : !(this.options.policy.acceptRequest ?? ((r) => speaksForByName(runtime.centre)(r.node, r.agent)))({
                  node: centreOf(node),
                  agent,
                  ...(request.cost === undefined ? {} : { cost: request.cost }),
                })
              ? `${runtime.centre} does not bid for ${agent} at the request of ${centreOf(node)}`
              : this.#refusal(entity);
    if (entity === undefined || why !== undefined) {
      this.#tell({ node, agent }, auctionId, 'refused', { reason: why ?? 'refused' });
      return;
    }
    const open = this.#opened(entity, { node, agent, ...(request.cost === undefined ? {} : { cost: request.cost }) });
    this.#reserve(open, agent);
  }

  /** Tell an agent's own computer how its bid goes. */
  #tell(
    to: { node: string; agent: string } | undefined,
    auctionId: string,
    status: 'placed' | 'refused' | 'won' | 'lost',
    extra: { bidId?: string; reason?: string } = {},
  ): void {
    if (to === undefined) return;
    this.options.runtime.send(this.address, to.node, { type: 'auction.bidStatus', body: { auctionId, agent: to.agent, status, ...extra } });
  }

  /** Our free agents who can serve the contact, longest idle first. */
  #candidates(contact: AuctionedContact, tried: readonly string[]): AgentSnapshot[] {
    const { replicas, runtime } = this.options;
    return replicas
      .agents({ centre: runtime.centre, state: 'idle' })
      .filter(
        (agent) =>
          !tried.includes(agent.id) &&
          hasRoomFor(agent, contact.media) &&
          speaks(agent, contact.language) &&
          contact.requirements.every((r) => proficiencyIn(agent, r.skill) >= r.minProficiency),
      )
      .sort((a, b) => (a.idleSince ?? Number.MAX_SAFE_INTEGER) - (b.idleSince ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : 1));
  }

  #reserveNext(open: OpenBid): void {
    const { policy } = this.options;
    const agent = open.tried.length < (policy.maxTries ?? 3) ? this.#candidates(open.entity.contact, open.tried)[0] : undefined;
    if (agent === undefined) {
      this.#promiseQueue(open);
      return;
    }
    this.#reserve(open, agent.id);
  }

  #reserve(open: OpenBid, agent: string): void {
    const { runtime } = this.options;
    const { contact, leaseMs, auctionId } = open.entity;
    open.tried.push(agent);
    open.requestId = derivedId(auctionId, open.tried.length);
    runtime.send(this.address, `${runtime.centre}/agent/${agent}`, {
      type: 'reserve.request',
      body: {
        requestId: open.requestId,
        agent,
        contact: contact.id,
        leaseMs,
        media: contact.media,
        requirements: contact.requirements,
        ...(contact.language === undefined ? {} : { language: contact.language }),
      },
    });
  }

  #reserved(
    type: 'reserve.granted' | 'reserve.denied',
    body: { requestId: string; agent: string; leaseId?: string; fence?: number; expiresAt?: number },
  ): void {
    const open = [...this.#open.values()].find((o) => o.requestId === body.requestId && o.bid === undefined);
    if (open === undefined) {
      // Granted for an auction we no longer bid in: give the lease back at once.
      if (type === 'reserve.granted' && body.leaseId !== undefined && body.fence !== undefined)
        this.#releaseLease(body.agent, body.leaseId, body.fence);
      return;
    }
    if (type === 'reserve.denied' || body.fence === undefined || body.leaseId === undefined) {
      if (open.requestedBy === undefined) this.#reserveNext(open);
      else {
        // The agent asked for this bid themselves: only they will do.
        this.#open.delete(open.entity.auctionId);
        this.#tell(open.requestedBy, open.entity.auctionId, 'refused', {
          reason: `${body.agent} cannot be reserved now (${String((body as { reason?: string }).reason ?? 'busy')})`,
        });
      }
      return;
    }
    // A lease that ends before the deadline (the agent's own cap is shorter) could never be
    // confirmed: give it back rather than bid with it.
    if (body.expiresAt !== undefined && body.expiresAt < open.entity.deadline) {
      this.#releaseLease(body.agent, body.leaseId, body.fence);
      this.#open.delete(open.entity.auctionId);
      this.#tell(open.requestedBy, open.entity.auctionId, 'refused', { reason: 'the agent’s lease would end before the deadline' });
      return;
    }
    const agent = this.options.replicas.agent(this.options.runtime.centre, body.agent);
    open.leaseId = body.leaseId;
    this.#bid(open, {
      promise: 'agent',
      agent: body.agent,
      fence: body.fence,
      proficiency: agent === undefined ? 0 : proficiencyIn(agent, open.entity.contact.skillset),
      timeToServiceMs: 0,
      ...(agent === undefined ? {} : { snapshot: agent }),
    });
  }

  #promiseQueue(open: OpenBid): void {
    const { policy, queueWaitMs } = this.options;
    const waitMs = policy.queuePromise === false ? undefined : queueWaitMs(open.entity.contact.skillset);
    if (waitMs === undefined || !Number.isFinite(waitMs)) {
      this.#open.delete(open.entity.auctionId);
      return;
    }
    this.#bid(open, { promise: 'queue', proficiency: 0, timeToServiceMs: Math.min(Math.max(0, Math.round(waitMs)), 86_400_000) });
  }

  #bid(
    open: OpenBid,
    offer: {
      promise: 'agent' | 'queue';
      agent?: string;
      fence?: number;
      proficiency: number;
      timeToServiceMs: number;
      snapshot?: AgentSnapshot;
    },
  ): void {
    const { runtime, policy, ids } = this.options;
    const { entity } = open;
    const cost =
      open.requestedBy?.cost ??
      policy.cost?.({ contact: entity.contact, ...(offer.snapshot === undefined ? {} : { agent: offer.snapshot }) }) ??
      0;
    const bid: AuctionBidBody = {
      auctionId: entity.auctionId,
      bidId: `${runtime.centre}.${ids()}`,
      bidder: runtime.centre,
      replyTo: this.address,
      terms: {
        cost: Number.isFinite(cost) && cost >= 0 ? cost : 0,
        proficiency: offer.proficiency,
        timeToServiceMs: offer.timeToServiceMs,
      },
      promise: offer.promise,
      ...(offer.agent === undefined ? {} : { agent: offer.agent }),
      ...(offer.fence === undefined ? {} : { fence: offer.fence, expiresAt: runtime.clock.now() + entity.leaseMs }),
    };
    open.bid = bid;
    const space = `auction/${entity.owner}/${entity.contact.id}/bids/${runtime.centre}`;
    if (entity.bidForm === 'direct') runtime.send(this.address, entity.replyTo, { type: 'auction.bid', body: bid });
    else if (entity.bidForm === 'entry') runtime.publish(space, { type: 'auction.bid', body: bid }, { qos: 1 });
    else runtime.publish(space, { type: 'auction.entityBid', body: { entity, bid } }, { qos: 1 });
    this.#tell(open.requestedBy, entity.auctionId, 'placed', { bidId: bid.bidId });
  }

  /** The owner awards our bid: confirm while the lease still holds (the lease becomes the assignment). */
  #awarded(from: string, award: { auctionId: string; bidId: string; contact: string; fence?: number }): void {
    const { runtime } = this.options;
    const open = this.#open.get(award.auctionId);
    // Only the auction itself awards; anyone else naming it is ignored.
    if (open !== undefined && from !== `${open.entity.owner}/auction/${award.auctionId}`) return;
    const bid = open?.bid;
    const reply = (result: 'confirmed' | 'refused', reason?: string) => {
      runtime.send(this.address, from, {
        type: 'auction.confirm',
        body: { auctionId: award.auctionId, bidId: award.bidId, result, ...(reason === undefined ? {} : { reason }) },
      });
      if (open?.bid?.bidId === award.bidId) {
        this.#tell(open.requestedBy, award.auctionId, result === 'confirmed' ? 'won' : 'lost', {
          bidId: award.bidId,
          ...(reason === undefined ? {} : { reason }),
        });
      }
    };
    if (bid === undefined || bid.bidId !== award.bidId) {
      reply('refused', 'no such bid here (it expired or was released)');
      return;
    }
    if (bid.promise === 'queue') {
      reply('confirmed');
      return;
    }
    const agent = runtime.snapshot(`${runtime.centre}/agent/${bid.agent}`) as { context: AgentContext } | undefined;
    const lease = agent?.context.lease;
    if (lease === undefined || lease === null || lease.fence !== bid.fence || lease.contact !== award.contact) {
      this.#open.delete(award.auctionId);
      reply('refused', 'the lease on the agent is gone');
      return;
    }
    if (open !== undefined) open.confirmed = true;
    reply('confirmed');
  }

  #release(from: string, auctionId: string, bidId: string, reason: string): void {
    const open = this.#open.get(auctionId);
    if (open?.bid === undefined || open.bid.bidId !== bidId) return;
    // Only the owner releases a bid — and once its award is confirmed, only the auction itself.
    const owner = open.entity.owner;
    if (open.confirmed === true ? from !== `${owner}/auction/${auctionId}` : !from.startsWith(`${owner}/`)) return;
    this.#open.delete(auctionId);
    this.#tell(open.requestedBy, auctionId, 'lost', { bidId, reason });
    const { agent, fence } = open.bid;
    if (agent !== undefined && fence !== undefined && open.leaseId !== undefined) this.#releaseLease(agent, open.leaseId, fence);
  }

  #releaseLease(agent: string, leaseId: string, fence: number): void {
    const { runtime } = this.options;
    runtime.send(this.address, `${runtime.centre}/agent/${agent}`, { type: 'reserve.release', body: { agent, leaseId, fence } });
  }
}
