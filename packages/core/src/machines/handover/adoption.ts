import type { ContactSnapshot } from '../../protocol/messages/snapshots.js';
import type { ContactInput, ContactPolicy } from '../contact/context.js';

/** What a centre puts into every contact actor it hosts from a replicated snapshot. */
export interface HostingFacts {
  readonly centre: string;
  readonly router: string;
  readonly incarnation: number;
  readonly contactPolicy: Partial<ContactPolicy>;
  /** The centre's auctioneer, when it auctions: its contacts tell it of every change. */
  readonly auctioneer?: string;
}

/** What a handover request asks the new owner to take: the contact, and the lease it comes under, if any. */
export interface Adoption {
  /** No `agent` (and no `fence`): the contact joins this centre's queue, as an auction's queue promise won. */
  readonly contact: ContactSnapshot;
  /** The fence of the lease on `agent`; missing when a restarted owner asks again (the lease is long gone). */
  readonly fence: number | undefined;
  readonly attempts: number;
  readonly commands: Readonly<Record<string, { readonly accepted: boolean; readonly reason?: string }>>;
}

/**
 * The rev a new actor goes on from: past this life's incarnation, and past anything the network
 * remembers of an object with the same id (a previous life, or an ACD that reuses its ids), so
 * every replica takes its snapshots as newer.
 *
 * @example
 * ```ts
 * firstRev(1_000, 1_204); // 1_205
 * ```
 */
export const firstRev = (incarnation: number, ...known: (number | undefined)[]): number =>
  Math.max(incarnation, ...known.map((rev) => (rev ?? -1) + 1));

/**
 * A contact actor's input from a replicated snapshot.
 *
 * @example
 * ```ts
 * const input = { ...contactInputOf(snapshot, facts), rev: firstRev(facts.incarnation, snapshot.rev) };
 * ```
 */
export function contactInputOf(contact: ContactSnapshot, facts: HostingFacts) {
  const { centre, router, contactPolicy, incarnation, auctioneer } = facts;
  return {
    id: contact.id,
    owner: centre,
    router,
    ...(auctioneer === undefined ? {} : { auctioneer }),
    media: contact.media,
    skillset: contact.skillset,
    requirements: contact.requirements,
    priority: contact.priority,
    ...(contact.language === undefined ? {} : { language: contact.language }),
    ...(contact.value === undefined ? {} : { value: contact.value }),
    ...(contact.tokenHash === undefined ? {} : { tokenHash: contact.tokenHash }),
    at: contact.arrivedAt,
    seniority: contact.seniority,
    origin: contact.origin ?? contact.owner,
    policy: contactPolicy,
    incarnation,
  } satisfies Partial<ContactInput>;
}

/**
 * A contact of a centre's previous life, found in the network's replicas, hosted again: back in
 * the queue with its seniority, going on past its last rev. One that was moving to another centre
 * when this one went down asks that centre again (`resume`: only it knows if it took it), going on
 * from its old rev, as the old copy would have — if the move went through, its end must stay older
 * than the new owner's copy. One that was in a call or wrapping up with an agent of this centre
 * waits for the ACD to re-sync it (`held`).
 */
export function recoveredInput(contact: ContactSnapshot, facts: HostingFacts): ContactInput {
  const { centre } = facts;
  const moving = contact.state === 'reserving' && contact.agent !== undefined && !contact.agent.startsWith(`${centre}/`);
  const inCall = contact.state === 'connected' || contact.state === 'wrapUp';
  const held = inCall && contact.agent?.startsWith(`${centre}/agent/`) ? { agent: contact.agent, state: contact.state } : undefined;
  return {
    ...contactInputOf(contact, facts),
    rev: moving ? contact.rev : firstRev(facts.incarnation, contact.rev),
    ...(moving && contact.agent !== undefined ? { resume: { agent: contact.agent, rev: contact.rev } } : {}),
    ...(held === undefined ? {} : { held }),
  } as ContactInput;
}

/**
 * The input of a contact adopted by handover. Under a lease (a fence and an agent) it is offered
 * to that agent under the lease's fence. Asked again by an owner that restarted meanwhile (no
 * fence), or moving to this centre's queue (no agent: an auction's queue promise won): whether or
 * not an earlier life of this centre took it, it lives here from now on, queued.
 */
export function adoptedInput(adoption: Adoption, facts: HostingFacts): ContactInput {
  const { contact } = adoption;
  const input = contactInputOf(contact, facts);
  if (adoption.fence === undefined || contact.agent === undefined) return { ...input, rev: firstRev(facts.incarnation, contact.rev) };
  return {
    ...input,
    adopted: {
      rev: Math.max(facts.incarnation - 1, contact.rev), // past this life's incarnation, and newer than the old owner's
      agent: contact.agent,
      fence: adoption.fence,
      attempts: adoption.attempts,
      commands: adoption.commands,
    },
  };
}
