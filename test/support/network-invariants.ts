import type { AgentContext, Centre, ContactContext } from '@contactmesh/core';
import { expect } from 'vitest';

// DESIGN.md §8 invariants 1–3 over any test network (memory or real transports): what every
// scenario suite checks after each step.

/** What the checks need of a test network. */
export interface NetView {
  readonly centres: Readonly<Record<string, Centre>>;
  centre(id: string): Centre;
  /** The centres hosting a live copy of the contact. */
  owners(contact: string): string[];
  /** The centres still running (default: every centre). */
  live?(): string[];
  /** Every contact that arrived, when the network keeps that list: what `checkInvariants` checks by default. */
  readonly arrived?: readonly string[];
  readonly log: { readonly outcomes: readonly { readonly contact: string; readonly outcome: string }[] };
}

export type AgentActor = { readonly value: unknown; readonly context: AgentContext };
export type ContactActor = { readonly value: unknown; readonly context: ContactContext };

/** The agent as its home centre holds it (the one writer). */
export const agentAt = (net: NetView, centre: string, id: string): AgentActor | undefined =>
  net.centre(centre).runtime.snapshot(`${centre}/agent/${id}`) as AgentActor | undefined;

/** The lease the agent's home centre holds on it now (`null` without one): a lease for a bid is not published, so only the owner shows it. */
export const leaseOf = (net: NetView, centre: string, id: string): AgentContext['lease'] | undefined =>
  agentAt(net, centre, id)?.context.lease;

/** The contact's copy at `centre`, if it is there. */
export const contactAt = (net: NetView, centre: string, id: string): ContactActor | undefined =>
  net.centre(centre).runtime.snapshot(`${centre}/contact/${id}`) as ContactActor | undefined;

/** Every agent actor of the running centres, with its address. */
export function agentActors(net: NetView): [string, AgentActor][] {
  return (net.live?.() ?? Object.keys(net.centres)).flatMap((c) =>
    net
      .centre(c)
      .runtime.addresses()
      .filter((a) => a.startsWith(`${c}/agent/`))
      .map((a): [string, AgentActor] => [a, net.centre(c).runtime.snapshot(a) as AgentActor]),
  );
}

/** The state of the contact's live copies, by centre. */
export const whereIs = (net: NetView, contact: string): Record<string, unknown> =>
  Object.fromEntries(net.owners(contact).map((centre) => [centre, contactAt(net, centre, contact)?.value]));

const terminal = new Set(['handled', 'abandoned', 'expired', 'substituted']);

/**
 * 1. no agent holds more voice contacts than one (work, plus a ringing offer for another contact);
 * 2. each contact rings at most one agent, and has exactly one owner (a copy still handing over
 *    is not a second owner: the old owner keeps it until the new one acknowledges) until it ends;
 * 3. an ended contact has exactly one terminal outcome; until then it is somewhere.
 */
export function checkInvariants(net: NetView, contacts: readonly string[] = net.arrived ?? []): void {
  const ringing = new Map<string, number>();
  for (const [address, { context }] of agentActors(net)) {
    const voice = context.work.filter((w) => w.media === 'voice').length;
    expect(voice, `${address} holds ${voice} calls`).toBeLessThanOrEqual(1);
    if (context.offer !== null) {
      expect(voice, `${address} rings while in a call`).toBe(0);
      ringing.set(context.offer.contact, (ringing.get(context.offer.contact) ?? 0) + 1);
    }
  }
  for (const contact of contacts) {
    expect(ringing.get(contact) ?? 0, `${contact} rings more than one agent`).toBeLessThanOrEqual(1);
    const copies = net.owners(contact);
    const owners = copies.filter((c) => contactAt(net, c, contact)?.value !== 'handingOver');
    expect(owners.length, `${contact} has owners ${JSON.stringify(whereIs(net, contact))}`).toBeLessThanOrEqual(1);
    const ends = net.log.outcomes.filter((o) => o.contact === contact && terminal.has(o.outcome));
    expect(ends.length, `${contact} ended ${ends.length} times`).toBeLessThanOrEqual(1);
    if (ends.length === 0) expect(copies.length, `${contact} is nowhere`).toBeGreaterThanOrEqual(1);
  }
}
