import type { AgentProfile, RouterMode } from '@contactmesh/core';
import { expect } from 'vitest';
import { networkOf } from '../network/network-world.js';
import { type AgentActor, agentActors, type ContactActor, checkInvariants } from '../support/network-invariants.js';

export { agentAt, checkInvariants, contactAt, whereIs } from '../support/network-invariants.js';

// Shared by the auction scenario suites: a network where one centre (London) auctions its
// contacts and routes only locally otherwise, helpers to staff it, and the DESIGN.md §8
// invariants the suites check after every step (1, 2, 3) and once quiet (4).

export type Net = Awaited<ReturnType<typeof networkOf>>;
export type NetOptions = NonNullable<Parameters<typeof networkOf>[1]>;

export const local: RouterMode = { kind: 'local' };
export const network: RouterMode = { kind: 'network' };

/**
 * Three to five centres where London auctions its contacts (its router is local, so a contact
 * leaves London only through an auction) and every other centre takes contacts from the network.
 */
export async function auctionNetwork(options: NetOptions = {}, ids: readonly string[] = ['london', 'paris', 'new-york']): Promise<Net> {
  return networkOf(ids, {
    mode: local,
    ...options,
    modes: { paris: network, 'new-york': network, rome: network, oslo: network, ...options.modes },
  });
}

/** Logs an agent in and makes them ready (billing skill 5 unless told otherwise). */
export function staff(net: Net, centre: string, id: string, profile: Partial<AgentProfile> = {}): void {
  net.centre(centre).agents.login(id, { displayName: id, skills: { billing: 5 }, ...profile });
  net.centre(centre).agents.ready(id);
}

/** Auction actors running now, over the whole network. */
export const openAuctions = (net: Net): string[] =>
  Object.keys(net.centres).flatMap((c) =>
    net
      .centre(c)
      .runtime.addresses()
      .filter((a) => a.startsWith(`${c}/auction/`)),
  );

/** Agents holding a lease now (reserved), by address. */
export const leased = (net: Net): string[] =>
  agentActors(net).flatMap(([address, agent]) => (agent.context.lease === null ? [] : [address]));

/**
 * DESIGN.md §8 invariant 4, once quiet: no auction is open anywhere, every auction that was
 * started closed (none failed) exactly once, and no agent is left holding a lease (nor shown
 * reserved in any replica). Quiet means one more second for messages in flight (invariants 1–3 checked on the
 * way): far less than a bidder's lease lasts, so a lease nobody released is still there.
 */
export function checkQuiet(net: Net, contacts: readonly string[] = [], quietMs = 1_000): void {
  run(net, contacts, quietMs);
  expect(openAuctions(net)).toEqual([]);
  // An auction actor that failed would be gone without closing.
  expect(net.log.failures.filter((f) => f.type === 'actor.failed')).toEqual([]);
  const ids = net.log.auctions.map((a) => a.auctionId);
  expect(new Set(ids).size, 'an auction closed twice').toBe(ids.length);
  expect(leased(net)).toEqual([]);
  for (const c of Object.keys(net.centres)) {
    // A centre that crashed and was not restarted holds nothing any more.
    if (net.centre(c).runtime.addresses().length === 0) continue;
    const stuck = net.centre(c).replicas.agents({ state: 'reserved' });
    expect(
      stuck.map((a) => `${a.home}/${a.id}`),
      `${c} sees reserved agents`,
    ).toEqual([]);
  }
}

/** Moves time on in steps of `stepMs`, checking invariants 1–3 after each. */
export function run(net: Net, contacts: readonly string[], totalMs: number, stepMs = 100): void {
  for (let t = 0; t < totalMs; t += stepMs) {
    net.clock.advance(Math.min(stepMs, totalMs - t));
    net.settle();
    checkInvariants(net, contacts);
  }
}

/** The auction actor of `contact` at London, if one is open. */
export const auctionOf = (net: Net, contact: string, owner = 'london') =>
  net.centre(owner).runtime.snapshot(
    net
      .centre(owner)
      .runtime.addresses()
      .find((a) => a.startsWith(`${owner}/auction/${contact}:`)) ?? '',
  ) as { value: string; context: { bids: readonly { id: string; centre: string }[] } } | undefined;

type Heard = { readonly type: string; readonly from?: string; readonly body?: Record<string, unknown> };

/**
 * A bidder written by hand at `centre` (test code, not product code): it reads every entity and
 * sends the owner's desk a bid with the given terms, promising its centre's queue; it answers
 * awards as told. Everything it hears is kept in `heard`.
 */
export function scriptedBidder(
  net: Net,
  centre: string,
  options: {
    readonly terms: { readonly cost: number; readonly proficiency: number; readonly timeToServiceMs: number };
    readonly answer?: 'confirmed' | 'refused' | 'silent';
    /** Bid only once told to (`bid()`), not on reading the entity. */
    readonly manual?: boolean;
  },
) {
  const runtime = net.centre(centre).runtime;
  const heard: Heard[] = [];
  let bids = 0;
  let address = '';
  const bid = (entity: { auctionId: string; replyTo: string }) => {
    bids += 1;
    const body = { auctionId: entity.auctionId, bidId: `${centre}.s${bids}`, bidder: centre, replyTo: address, terms: options.terms };
    runtime.send(address, entity.replyTo, { type: 'auction.bid', body: { ...body, promise: 'queue' } });
    return body.bidId;
  };
  address = runtime.endpoint('scripted', 'bidder', (event) => {
    const e = event as Heard;
    heard.push(e);
    const body = e.body ?? {};
    if (e.type === 'auction.entity' && body.owner !== centre && options.manual !== true)
      bid(body as { auctionId: string; replyTo: string });
    if (e.type === 'auction.award' && options.answer !== 'silent')
      runtime.send(address, e.from ?? '', {
        type: 'auction.confirm',
        body: { auctionId: body.auctionId, bidId: body.bidId, result: options.answer ?? 'confirmed' },
      });
  });
  runtime.listen('auction/+/+', address);
  return {
    address,
    heard,
    bid,
    /** The bids it was told to release. */
    released: () => heard.filter((e) => e.type === 'auction.release').map((e) => e.body?.bidId),
    awarded: () => heard.filter((e) => e.type === 'auction.award').map((e) => e.body?.bidId),
  };
}

/**
 * Gives `centre`'s queue a history, so its expected wait is known: agent `agent` handles `calls`
 * calls of `handleMs` each, then takes one more and stays in it (the centre's only agent is busy).
 */
export function warmUp(net: Net, centre: string, agent: string, calls = 5, handleMs = 60_000): void {
  const acd = net.centre(centre);
  for (let i = 1; i <= calls + 1; i++) {
    const { id } = acd.contacts.arrive({ id: `${centre}-w${i}`, media: 'voice', skillset: 'billing' });
    net.settle();
    acd.agents.answer(agent, id);
    net.settle();
    if (i > calls) break;
    net.clock.advance(handleMs);
    acd.contacts.end(id);
    acd.contacts.wrapped(id);
    net.settle();
  }
}

/**
 * The ACDs of the network, driven by the test: every agent whose phone rings answers, and every
 * call ends after `talkMs` in conversation. Call `step()` after each move of the clock.
 */
export function acds(net: Net, talkMs = 3_000) {
  const since = new Map<string, number>();
  const step = () => {
    for (const centre of Object.keys(net.centres)) {
      const acd = net.centre(centre);
      for (const address of acd.runtime.addresses()) {
        if (address.startsWith(`${centre}/agent/`)) {
          const agent = acd.runtime.snapshot(address) as AgentActor;
          if (agent.context.offer !== null) acd.agents.answer(agent.context.id, agent.context.offer.contact);
        } else if (address.startsWith(`${centre}/contact/`)) {
          const contact = acd.runtime.snapshot(address) as ContactActor;
          if (contact.value !== 'connected') continue;
          const key = `${centre}/${contact.context.id}`;
          const start = since.get(key) ?? net.clock.now();
          since.set(key, start);
          if (net.clock.now() - start >= talkMs) {
            acd.contacts.end(contact.context.id);
            acd.contacts.wrapped(contact.context.id);
          }
        }
      }
    }
    net.settle();
  };
  return { step };
}
