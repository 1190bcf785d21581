import * as t from 'io-ts';
import { type Observable, Subject } from 'rxjs';
import { isBidMessage } from '../auction/bid-messages.js';
import { checkArgument } from '../centre/arguments.js';
import type { Clock } from '../clock/clock.js';
import { ContactmeshError, ErrorCode } from '../errors/index.js';
import type { Limits } from '../limits.js';
import { type BidMachine, type BidOutcome, createBidMachine } from '../machines/bid/index.js';
import { type BidderMachine, bidderMachine } from '../machines/bidder/index.js';
import { bidIn } from '../machines/state-names.js';
import { boundedArray, boundedRecord, closedType, finite } from '../protocol/codecs.js';
import type { IdSource } from '../protocol/message-ids.js';
import type { AuctionEntityBody } from '../protocol/messages/auction.js';
import { CentreId, Language, Media, MessageId, ObjectId, Proficiency, SkillName } from '../protocol/primitives.js';
import { createRuntime } from '../runtime/create-runtime.js';
import type { Delivered, HostedKind } from '../runtime/runtime.js';
import { createMessageSigning } from '../signing/message-signing.js';
import { hidingPrivateKeys, type SigningOptions, SigningOptionsArgument } from '../signing/signing-options.js';
import type { Transport } from '../transport/transport.js';

const AcceptChoice = closedType('accept choice', {}, { cost: finite(0, 1_000_000_000) });
const AgentBidderOptionsArgument = hidingPrivateKeys(
  closedType(
    'agent bidder options',
    {
      node: CentreId,
      network: CentreId,
      transport: t.UnknownRecord,
      home: CentreId,
      agent: closedType(
        'agent',
        { id: ObjectId, skills: boundedRecord(SkillName, Proficiency, 64) },
        { languages: boundedArray(Language, 16), media: boundedArray(Media, 6) },
      ),
    },
    { decide: t.Function, clock: t.UnknownRecord, ids: t.Function, signing: SigningOptionsArgument, limits: t.UnknownRecord },
  ),
);

/** What the agent (or their rule) answers for an entity: bid or not, and at what cost. */
export type BidDecision = boolean | { readonly cost: number };

/** An entity this agent could serve, waiting for their decision. */
export interface PendingEntity {
  readonly auctionId: string;
  readonly entity: AuctionEntityBody;
}

/** What happens to this agent's bids. */
export type AgentBidderEvent =
  | { readonly type: 'entity'; readonly auctionId: string; readonly entity: AuctionEntityBody }
  | { readonly type: 'bid.placed' | 'bid.won'; readonly auctionId: string; readonly bidId?: string }
  | { readonly type: 'bid.refused' | 'bid.lost' | 'bid.expired'; readonly auctionId: string; readonly reason: string };

export interface AgentBidderOptions {
  /** This computer's node id in the network (a-z, 0-9, -), e.g. `london-ada`. */
  readonly node: string;
  readonly network: string;
  readonly transport: Transport;
  /** The agent's home centre, which holds the lease and takes the contact if the bid wins. */
  readonly home: string;
  readonly agent: {
    readonly id: string;
    /** Skill → proficiency 1–10, as the home centre knows them. */
    readonly skills: Readonly<Record<string, number>>;
    readonly languages?: readonly string[];
    /** Media this agent takes; default all. */
    readonly media?: readonly Media[];
  };
  /**
   * Decide by rule: called for every entity the agent could serve. Without it, entities wait in
   * `pending()` until the agent calls `accept` or `decline` by hand (until the deadline).
   */
  readonly decide?: (entity: AuctionEntityBody) => BidDecision | Promise<BidDecision>;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** `maxPendingDecisions` (100) auctions wait for the agent's decision, the oldest dropped first; `maxOpenBids` (1,000) are remembered until their deadlines, more passed over; and the runtime's limits (docs/limits.md). */
  readonly limits?: Partial<Limits>;
  /** Ed25519 signatures (docs/security.md, "Signatures"), keyed by `node`; pin its home centre and the centres whose auctions it reads. */
  readonly signing?: SigningOptions;
}

/** A single agent's own bidding node (claim 18). */
export interface AgentBidder {
  readonly events$: Observable<AgentBidderEvent>;
  /** Entities waiting for the agent's decision, oldest first. */
  pending(): readonly PendingEntity[];
  /** Bid for the contact (optionally quoting a cost); the home centre reserves this agent and bids. */
  accept(auctionId: string, options?: { readonly cost?: number }): void;
  /** Let it go. */
  decline(auctionId: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A bidding node for one agent's own computer — a browser or a desktop (claim 18): it reads every
 * contact information entity in the network, keeps those the agent has the skills, language and
 * media for, and lets the agent (by hand, or by a `decide` rule) choose to bid. The bid itself is
 * placed by the agent's home centre, which reserves the agent under a lease, so an agent who bids
 * is never offered two contacts at once, and a won contact reaches the agent by the usual offer.
 *
 * @example
 * ```ts
 * const bidder = createAgentBidder({ node: 'london-ada', network: 'acme', transport, home: 'london',
 *   agent: { id: 'ada', skills: { billing: 7 } } });
 * bidder.events$.subscribe((e) => { if (e.type === 'entity') ui.ask(e.entity).then((yes) => yes ? bidder.accept(e.auctionId) : bidder.decline(e.auctionId)); });
 * await bidder.start();
 * ```
 */
export function createAgentBidder(options: AgentBidderOptions): AgentBidder {
  checkArgument(AgentBidderOptionsArgument, options, 'createAgentBidder(options)', ErrorCode.INVALID_OPTION);
  const { node, home, agent, decide } = options;
  if (node === home) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `The agent's node id must differ from its home centre (${home}); use e.g. ${home}-${agent.id}.`,
      {
        path: 'node',
        value: node,
      },
    );
  }
  const hosts: Record<string, HostedKind> = {};
  const runtime = createRuntime({
    centre: node,
    hosts,
    network: options.network,
    transport: options.transport,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.signing === undefined ? {} : { signing: createMessageSigning(node, options.signing) }),
  });
  const events = new Subject<AgentBidderEvent>();
  let stopped = false;
  const desk = runtime.endpoint('bidder', 'main', (message) => receive(message));
  const bidAddress = (auctionId: string) => `${node}/bid/${auctionId}`;
  // The bidder machine decides what comes for an auction with no bid actor here: it starts the bid
  // actors (listed in the runtime's `hosts`), keeps them within `maxOpenBids` and lets the oldest
  // undecided entity go beyond `maxPendingDecisions`.
  const bidder = runtime.host('bidder', 'desk', bidderMachine, {
    input: {
      side: 'agent',
      centre: node,
      desk,
      maxOpenBids: runtime.limits.maxOpenBids,
      home,
      agent,
      byHand: decide === undefined,
      maxPendingDecisions: runtime.limits.maxPendingDecisions,
    },
  });

  /** The bid actors running, oldest first, as the bidder machine knows them. */
  const live = (): string[] =>
    (runtime.snapshot<BidderMachine>(bidder)?.context.live ?? [])
      .map(bidAddress)
      .filter((address) => runtime.snapshot(address) !== undefined);
  /** The entities waiting for the agent's decision, oldest first. */
  const waiting = (): PendingEntity[] =>
    decide !== undefined
      ? []
      : live().flatMap((address) => {
          const snapshot = runtime.snapshot<BidMachine>(address);
          if (snapshot === undefined || !bidIn(snapshot, 'considering')) return [];
          return [{ auctionId: snapshot.context.entity.auctionId, entity: snapshot.context.entity }];
        });

  /** A bid actor the bidder machine started: the agent hears of its entity if it waits for a decision. */
  const started = (auctionId: string) => {
    const snapshot = runtime.snapshot<BidMachine>(bidAddress(auctionId));
    if (snapshot === undefined || !bidIn(snapshot, 'considering')) return;
    const { entity } = snapshot.context;
    events.next({ type: 'entity', auctionId, entity });
    if (decide === undefined) return;
    Promise.resolve()
      .then(() => decide(entity))
      .then(
        (decision) =>
          runtime.deliver(
            bidAddress(auctionId),
            decision === false ? { type: 'bid.decline' } : { type: 'bid.accept', ...(decision === true ? {} : { cost: decision.cost }) },
          ),
        (error: unknown) =>
          events.next({
            type: 'bid.refused',
            auctionId,
            reason: `the decide rule failed: ${error instanceof Error ? error.message : String(error)}`,
          }),
      );
  };
  hosts.bid = { logic: createBidMachine(), hosted: (auctionId) => started(auctionId) };

  // A desk: what comes for an auction goes to its bid actor (the bid machine, on the agent's side)
  // or, with none here, to the bidder machine; what the home centre says of a bid also to the agent.
  const receive = (message: Delivered) => {
    // What a bid actor takes from its desk; anything else is not for bidding.
    if (!isBidMessage(message)) return;
    const address = bidAddress(message.body.auctionId);
    if (message.type === 'auction.bidStatus') {
      const { body } = message;
      if (body.agent !== agent.id) return;
      const { auctionId } = body;
      const reason = body.reason ?? '';
      const { bidId } = body;
      if (body.status === 'placed' || body.status === 'won') {
        events.next({ type: body.status === 'placed' ? 'bid.placed' : 'bid.won', auctionId, ...(bidId === undefined ? {} : { bidId }) });
      } else {
        events.next({ type: body.status === 'refused' ? 'bid.refused' : 'bid.lost', auctionId, reason });
      }
    }
    if (runtime.snapshot(address) !== undefined) runtime.deliver(address, { ...message });
    else if (message.type === 'auction.entity')
      runtime.deliver(bidder, { ...message, facts: { waiting: waiting().map((pending) => pending.auctionId) } });
    else runtime.deliver(bidder, { ...message });
  };

  const done = runtime.events$.subscribe((event) => {
    if ((event.type !== 'actor.done' && event.type !== 'actor.failed') || !event.address.startsWith(`${node}/bid/`)) return;
    runtime.deliver(bidder, { type: 'bid.ended', auctionId: event.address.slice(`${node}/bid/`.length) });
    if (event.type !== 'actor.done' || decide !== undefined) return;
    const outcome = event.output as BidOutcome;
    if (outcome.result === 'expired' && outcome.undecided)
      events.next({ type: 'bid.expired', auctionId: outcome.auctionId, reason: outcome.reason ?? '' });
  });

  const considering = (auctionId: string): boolean => decide === undefined && bidIn(runtime.snapshot(bidAddress(auctionId)), 'considering');

  return {
    events$: events.asObservable(),
    pending: waiting,
    accept(auctionId, choice = {}) {
      if (stopped) throw new ContactmeshError(ErrorCode.STOPPED, 'accept() was called after the bidder stopped.');
      checkArgument(MessageId, auctionId, 'accept: auction id');
      checkArgument(AcceptChoice, choice, 'accept: choice');
      if (!considering(auctionId)) {
        throw new ContactmeshError(
          ErrorCode.INVALID_STATE,
          `No entity ${auctionId} waits for a decision (it was decided, its deadline passed, or newer ones pushed it out).`,
          {
            value: auctionId,
          },
        );
      }
      runtime.deliver(bidAddress(auctionId), { type: 'bid.accept', ...(choice.cost === undefined ? {} : { cost: choice.cost }) });
    },
    decline: (auctionId) => {
      if (stopped) throw new ContactmeshError(ErrorCode.STOPPED, 'decline() was called after the bidder stopped.');
      checkArgument(MessageId, auctionId, 'decline: auction id');
      if (considering(auctionId)) runtime.deliver(bidAddress(auctionId), { type: 'bid.decline' });
    },
    async start() {
      if (stopped) throw new ContactmeshError(ErrorCode.STOPPED, 'start() was called after the bidder stopped; create a new one.');
      await runtime.start();
      runtime.listen('auction/+/+', desk);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      done.unsubscribe();
      events.complete();
      await runtime.stop();
    },
  };
}
