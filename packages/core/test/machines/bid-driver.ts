import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import { type BidEvent, type BidInput, type BidPolicy, createBidMachine } from '../../src/machines/bid/index.js';
import type { AuctionEntityBody } from '../../src/protocol/messages/auction.js';
import type { AgentSnapshot } from '../../src/protocol/messages/snapshots.js';

/** London's entity for contact c1: deadline at 2 s, leases of 10 s, bids straight to its desk. */
export const entity = (overrides: Partial<AuctionEntityBody> = {}): AuctionEntityBody => ({
  auctionId: 'c1:1',
  owner: 'london',
  replyTo: 'london/auctions/main',
  contact: { id: 'c1', media: 'voice', skillset: 'billing', requirements: [], priority: 0, seniority: 0 },
  params: ['cost', 'proficiency', 'timeToServiceMs'],
  rule: { kind: 'command', command: 'most-skilled' },
  strategy: { kind: 'collect' },
  bidForm: 'direct',
  deadline: 2_000,
  leaseMs: 10_000,
  ...overrides,
});

/** A Paris agent as Paris's replicas show it. */
export const agent = (id: string, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  home: 'paris',
  rev: 3,
  state: 'idle',
  displayName: id,
  skills: { billing: 7 },
  capacity: { voice: 1 },
  load: {},
  idleSince: 0,
  updatedAt: 0,
  ...overrides,
});

/** What Paris knows (its replicas, its queue) and how it bids: the test plays its desk, which hands the facts over. */
export interface ParisWorld extends Omit<BidPolicy, 'accepts'> {
  /** Why Paris does not bid for the entity, if it does not. */
  refusal(entity: AuctionEntityBody): string | undefined;
  idleAgents(): readonly AgentSnapshot[];
  agent(id: string): AgentSnapshot | undefined;
  queueWaitMs(skillset: string): number | undefined;
}

/** Paris: two idle agents (p1 idle longest), automatic bidding, a queue it can promise 30 s from. */
export function parisWorld(overrides: Partial<ParisWorld> = {}): ParisWorld {
  const agents = [agent('p2', { idleSince: 50 }), agent('p1', { idleSince: 10, skills: { billing: 9 } })];
  return {
    refusal: () => undefined,
    idleAgents: () => agents,
    agent: (id) => agents.find((a) => a.id === id),
    speaksFor: ({ node, agent: who }) => node === `paris-${who}`,
    queueWaitMs: () => 30_000,
    cost: () => 2,
    automatic: true,
    maxTries: 3,
    queuePromise: true,
    ...overrides,
  };
}

type Loose = { readonly type: BidEvent['type']; readonly at?: number; readonly [key: string]: unknown };

/** Runs the bid machine as a plain actor (no runtime) and records the effects it emits. */
export function driveBid(options: { world?: ParisWorld; input?: Partial<BidInput>; entity?: Partial<AuctionEntityBody> } = {}) {
  const world = options.world ?? parisWorld();
  const { refusal, idleAgents, agent: agentOf, queueWaitMs, ...rules } = world;
  const policy: BidPolicy = { ...rules, accepts: (e) => refusal(e) === undefined };
  const arriving = entity(options.entity);
  const waitMs = queueWaitMs(arriving.contact.skillset);
  const facts = { idle: idleAgents(), ...(waitMs === undefined ? {} : { queueWaitMs: waitMs }) };
  const input = {
    side: 'centre',
    entity: arriving,
    at: 100,
    centre: 'paris',
    desk: 'paris/bidder/main',
    facts,
    ...options.input,
  } as BidInput;
  const actor = createActor(createBidMachine(policy), { input });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect));
  actor.start();
  let now = input.at;
  let ids = 0;
  /** Delivers an event as the runtime would (stamped with `at`); returns the effects it caused. */
  const send = (event: Loose): Effect[] => {
    const from = emitted.length;
    now = event.at ?? now + 1;
    actor.send({ ...event, at: now } as BidEvent);
    return emitted.slice(from);
  };
  /** A message from `from`, enveloped as the runtime delivers it. */
  const message = (type: BidEvent['type'], from: string, body: Record<string, unknown>, at?: number): Effect[] => {
    // An agent's request comes with what Paris's replicas say of the agent, as its desk hands it over.
    const asked = type === 'auction.bidRequest' ? agentOf(String(body.agent)) : undefined;
    const facts = type === 'auction.bidRequest' ? { facts: asked === undefined ? {} : { agent: asked } } : {};
    return send({ type, v: 1, id: `m${++ids}`, from, ts: now, body, ...facts, ...(at === undefined ? {} : { at }) });
  };
  return {
    actor,
    emitted,
    send,
    message,
    state: () => actor.getSnapshot().value,
    context: () => actor.getSnapshot().context,
    output: () => actor.getSnapshot().output,
  };
}

/** The messages among `effects` (sends and publications), as `[to or topic, type, body]`. */
export const messages = (effects: readonly Effect[]): [string, string, unknown][] =>
  effects.flatMap((e): [string, string, unknown][] =>
    e.type === 'effect.send'
      ? [[e.to, e.message.type, e.message.body]]
      : e.type === 'effect.publish'
        ? [[e.topic, e.message.type, e.message.body]]
        : [],
  );

/** The reservation the bid asked for last. */
export const lastRequest = (effects: readonly Effect[]) => {
  const request = messages(effects)
    .reverse()
    .find(([, type]) => type === 'reserve.request');
  return request?.[2] as { requestId: string; agent: string } | undefined;
};
