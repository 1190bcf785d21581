import { derivedId } from '../../protocol/derived-id.js';
import type { AuctionBidBody, AuctionEntityBody, AuctionedContact } from '../../protocol/messages/auction.js';
import type { AgentSnapshot } from '../../protocol/messages/snapshots.js';
import type { Media } from '../../protocol/primitives.js';

/** An entity whose deadline is further off than any auction's can be is passed over. */
export const maxDeadlineMs = 300_000;

/** How long a reservation may go unanswered before the next agent is tried. */
export const reserveTimeoutMs = 1_000;

/** A single agent, as their own computer knows them (`createAgentBidder({ agent })`). */
export interface AgentProfile {
  readonly id: string;
  /** Skill → proficiency 1–10, as the home centre knows them. */
  readonly skills: Readonly<Record<string, number>>;
  readonly languages?: readonly string[];
  /** Media this agent takes; default all. */
  readonly media?: readonly Media[];
}

/** An agent's own computer that asked its home centre to bid for the agent (claim 18). */
export interface Requester {
  /** The address of the asking node's desk: it hears how the bid goes. */
  readonly node: string;
  readonly agent: string;
  readonly cost?: number;
}

/** The lease an agent's owner granted for this bid: what the award is checked against. */
export interface HeldLease {
  readonly agent: string;
  readonly leaseId: string;
  readonly fence: number;
  readonly expiresAt: number;
}

/**
 * What the asked agent's published snapshots said since it was asked (the agent's private lease is
 * its own; its replica is public): the change that reserved it for this bid, and whether a later
 * one showed it no longer reserved — the lease used or gone.
 */
export interface AgentWatch {
  readonly agent: string;
  /** The agent's `rev` in the replicas when it was asked: older snapshots say nothing of this lease. */
  readonly sinceRev: number;
  readonly reservedRev: number | null;
  readonly ended: boolean;
  /** The agent as last seen (its skills price the bid); absent if the replicas did not show it. */
  readonly snapshot?: AgentSnapshot;
}

/**
 * How a centre bids (its `BiddingPolicy`), handed to `createBidMachine` as the auction machine is
 * handed its scoring registry: constant rules, pure functions of their arguments. What the centre
 * knows that changes (its replicas, its mode, its queue) reaches the machine as facts, in its input
 * and events, never through this.
 */
export interface BidPolicy {
  /** Whether to bid for this entity at all (`BiddingPolicy.accept`). */
  accepts(entity: AuctionEntityBody): boolean;
  /** Whether the node speaks for the agent (`BiddingPolicy.acceptRequest`). */
  speaksFor(request: Requester): boolean;
  /** The cost a bid quotes (`BiddingPolicy.cost`). */
  cost(bid: { readonly contact: AuctionedContact; readonly agent?: AgentSnapshot }): number | undefined;
  /** Bid on the centre's own initiative, or only when an agent's computer asks. */
  readonly automatic: boolean;
  /** How many agents to try for one entity. */
  readonly maxTries: number;
  /** With no agent free, promise a time-to-service from the queue. */
  readonly queuePromise: boolean;
}

/** What a centre's desk knows as the entity reaches it, from its replicas, its mode and its metrics. */
export interface BidFacts {
  /** Why the centre's mode keeps it from taking the contact from the network, if it does. */
  readonly closed?: string;
  /** The centre's idle agents who could serve the contact, as its replicas show them. */
  readonly idle?: readonly AgentSnapshot[];
  /** The expected wait here for one more contact of the entity's skillset, in ms, if anyone here can serve it. */
  readonly queueWaitMs?: number;
}

/** What a centre's desk knows as an agent's own request for a bid reaches it. */
export interface RequestFacts {
  /** The asked agent as the centre's replicas show it; absent: not an agent of this centre. */
  readonly agent?: AgentSnapshot;
  /** Why the centre's mode keeps it from taking the contact from the network now, if it does. */
  readonly closed?: string;
}

/** Where the bid actor runs: at a centre (it reserves and bids), or on an agent's own computer (it asks the home centre). */
export type BidInput = {
  readonly entity: AuctionEntityBody;
  /** When the entity reached this node (the runtime's `at` of its delivery). */
  readonly at: number;
  /** This centre's (or node's) id. */
  readonly centre: string;
  /** The desk that routes to this actor: bids name it as `replyTo`, answers go out in its name. */
  readonly desk: string;
} & (
  | {
      readonly side: 'centre';
      /** The owner the network knows the contact under, if it knows the contact. */
      readonly knownOwner?: string;
      /** The centre's incarnation (default 0): a later life never bids under an earlier life's bid id. */
      readonly incarnation?: number;
      /** How many bid actors the centre started before this one in this life (default 0): its bid id's counter. */
      readonly serial?: number;
      /** What the centre knew as the entity arrived. */
      readonly facts?: BidFacts;
    }
  | {
      readonly side: 'agent';
      readonly home: string;
      readonly agent: AgentProfile;
    }
);

export interface BidContext {
  readonly input: BidInput;
  readonly entity: AuctionEntityBody;
  /** Agents asked so far, in order. */
  readonly tried: readonly string[];
  /** The centre's idle agents who could serve the contact: the facts it started with, kept current by `agent.changed`. */
  readonly idle: readonly AgentSnapshot[];
  /** The reservation waited for now. */
  readonly requestId: string | null;
  readonly asked: string | null;
  readonly requestedBy: Requester | null;
  readonly lease: HeldLease | null;
  readonly watch: AgentWatch | null;
  readonly bid: AuctionBidBody | null;
  /** The agent's own computer decided (accepted or declined). */
  readonly decided: boolean;
  readonly reason: string | null;
  readonly result: BidOutcome['result'] | null;
}

/** What a finished bid actor reports (`actor.done`). */
export interface BidOutcome {
  readonly auctionId: string;
  readonly result: 'confirmed' | 'released' | 'expired' | 'passed';
  readonly reason: string | null;
  /** The agent's computer never decided on it. */
  readonly undecided: boolean;
}

export const initialContext = (input: BidInput): BidContext => ({
  input,
  entity: input.entity,
  tried: [],
  idle: input.side === 'centre' ? (input.facts?.idle ?? []) : [],
  requestId: null,
  asked: null,
  requestedBy: null,
  lease: null,
  watch: null,
  bid: null,
  decided: false,
  reason: null,
  result: null,
});

/**
 * The id of the bid an actor places: derived from what it was started with — the centre, its
 * incarnation, the auction and the actor's serial number in this life — so it is unique per
 * bidder (one bid per actor; a later actor, or a later life, bids under another id) and the same
 * on every run. Within the 128 characters of an id however long the auction id.
 */
export function bidIdOf(input: BidInput): string {
  const life = input.side === 'centre' ? (input.incarnation ?? 0) : 0;
  const serial = input.side === 'centre' ? (input.serial ?? 0) : 0;
  return derivedId(`${input.centre}.${life}.${input.entity.auctionId}`, serial);
}

/** The address of the auction that may award this bid. */
export const auctionAddress = (context: BidContext): string => `${context.entity.owner}/auction/${context.entity.auctionId}`;
