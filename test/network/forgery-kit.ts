import type { ParticipantRole } from '@contactmesh/core/protocol';
import type { Facts } from './forgery-world.js';

// The parts forged messages are made of (forgeries.ts): where a forgery goes, what a forger picks,
// and the bodies of the world's auction.

/** One forged message: where it is published (relative to `cm/acme/`), and the envelope. */
export interface Forgery {
  readonly topic: string;
  readonly type: string;
  readonly from: string;
  readonly to?: string;
  readonly body: unknown;
  readonly stopped: 'door' | 'receiver';
}

/** The random choices of one forgery. */
export interface Pick {
  /** Which of the type's forgeries. */
  readonly variant: number;
  /** Whose name to take, where a forgery takes one. */
  readonly victim: 'a' | 'b';
  /** Sign the envelope as one of the victim's actors (its topic, for a broadcast). */
  readonly impersonate: boolean;
  /** How far a forged rev, fence or incarnation is from the real one (never 0). */
  readonly delta: number;
}

export type Maker = (p: string, role: ParticipantRole, facts: Facts, pick: Pick) => Forgery;

export const other = (victim: 'a' | 'b') => (victim === 'a' ? 'b' : 'a');
/** The home of an agent of the world, and its contact of each centre. */
export const homeOf = (agent: string) => (agent === 'a1' ? 'a' : 'b');
export const contactOf = (centre: string) => (centre === 'a' ? 'x1' : 'y1');
export const agents = ['a1', 'b1', 'b2'] as const;

/** A message to actor `to` of centre `centre` through its inbox, from actor `{p}/{kind}/{id}`. */
export const inbox = (
  p: string,
  to: string,
  type: string,
  from: string,
  body: unknown,
  stopped: Forgery['stopped'] = 'receiver',
): Forgery => ({
  topic: `inbox/${to.slice(0, to.indexOf('/'))}/from/${p}`,
  type,
  from: `${p}/${from}`,
  to,
  body,
  stopped,
});

/** A broadcast on `topic` from `{p}/{from}`. */
export const broadcast = (
  p: string,
  topic: string,
  type: string,
  from: string,
  body: unknown,
  stopped: Forgery['stopped'] = 'door',
): Forgery => ({
  topic,
  type,
  from: `${p}/${from}`,
  body,
  stopped,
});

export const variant = <T>(pick: Pick, options: readonly T[]): T => options[pick.variant % options.length] as T;

export const auctionEntity = (owner: string, facts: Facts, now: number) => {
  const contact = facts.snapshots.x1 as {
    id: string;
    media: string;
    skillset: string;
    requirements: unknown[];
    priority: number;
    seniority: number;
  };
  return {
    auctionId: facts.auctionId,
    owner,
    replyTo: `${owner}/auctions/main`,
    contact: {
      id: 'x1',
      media: contact.media,
      skillset: 'billing',
      requirements: [{ skill: 'billing', minProficiency: 1 }],
      priority: 0,
      seniority: 0,
    },
    params: ['cost'],
    rule: { kind: 'command', command: 'least-cost' },
    strategy: { kind: 'collect' },
    bidForm: 'direct',
    deadline: now + 2_000,
    leaseMs: 10_000,
  };
};

export const bid = (bidder: string, facts: Facts) => ({
  auctionId: facts.auctionId,
  bidId: 'forged-bid',
  bidder,
  replyTo: `${bidder}/bidder/main`,
  terms: { cost: 0, proficiency: 10, timeToServiceMs: 0 },
  promise: 'queue',
});

/**
 * The forgery as sent: when it takes the victim's name, the envelope names one of the victim's
 * actors (on the forger's own topic) — stopped at the door as an impersonation.
 */
export function forged(maker: Maker, forger: string, role: ParticipantRole, facts: Facts, pick: Pick): Forgery {
  const forgery = maker(forger, role, facts, pick);
  if (pick.impersonate) return { ...forgery, from: `${pick.victim}${forgery.from.slice(forger.length)}`, stopped: 'door' };
  return role === 'centre' ? forgery : { ...forgery, stopped: 'door' };
}
