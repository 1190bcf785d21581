import type { CoreMessage } from '../../src/protocol/index.js';

export const agentSnapshot: CoreMessage = {
  v: 1,
  id: 'london-1',
  type: 'agent.snapshot',
  from: 'london/agent/a1',
  ts: 1_000,
  body: {
    id: 'a1',
    home: 'london',
    rev: 3,
    state: 'idle',
    displayName: 'Ada',
    skills: { billing: 5, sales: 2 },
    capacity: { voice: 1, chat: 3 },
    load: {},
    idleSince: 900,
    updatedAt: 1_000,
    languages: ['en', 'fr-CA'],
  },
};

export const contactSnapshot: CoreMessage = {
  v: 1,
  id: 'paris-9',
  type: 'contact.snapshot',
  from: 'paris/contact/c-17',
  ts: 2_000,
  body: {
    id: 'c-17',
    owner: 'paris',
    rev: 0,
    state: 'queued',
    media: 'voice',
    skillset: 'billing',
    requirements: [{ skill: 'billing', minProficiency: 3 }],
    priority: 5,
    arrivedAt: 1_500,
    seniority: 1_500,
    updatedAt: 2_000,
  },
};

export const commandRequest: CoreMessage = {
  v: 1,
  id: 'gw-1',
  type: 'command.request',
  from: 'gateway/session/s1',
  to: 'paris/contact/c-17',
  ts: 3_000,
  body: { commandId: 'cmd-1', tokenHash: 'a'.repeat(64), command: { kind: 'requestCallback', number: '+44 20 7946 0000' } },
};

/** An auction's contact information entity, as an owner publishes it. */
export const auctionEntity: CoreMessage = {
  v: 1,
  id: 'london-20',
  type: 'auction.entity',
  from: 'london/auction/c-1:7',
  ts: 4_000,
  body: {
    auctionId: 'c-1:7',
    owner: 'london',
    replyTo: 'london/auctions/main',
    contact: {
      id: 'c-1',
      media: 'voice',
      skillset: 'billing',
      requirements: [{ skill: 'billing', minProficiency: 1 }],
      priority: 0,
      seniority: 3_900,
      language: 'en',
    },
    params: ['cost', 'proficiency', 'timeToServiceMs'],
    rule: { kind: 'weighted', weights: { cost: -1, proficiency: 10 }, thresholds: { minProficiency: 2 }, penalties: { paris: -0.5 } },
    strategy: { kind: 'first-acceptable', threshold: 3 },
    bidForm: 'direct',
    deadline: 6_000,
    leaseMs: 19_000,
    reserve: { improveByMs: 20_000 },
  },
};

/** A bid for it, sent straight to the owner's desk. */
export const auctionBid: CoreMessage = {
  v: 1,
  id: 'paris-21',
  type: 'auction.bid',
  from: 'paris/bidder/main',
  to: 'london/auctions/main',
  ts: 4_100,
  body: {
    auctionId: 'c-1:7',
    bidId: 'paris.5',
    bidder: 'paris',
    replyTo: 'paris/bidder/main',
    terms: { cost: 2.5, proficiency: 5, timeToServiceMs: 0 },
    promise: 'agent',
    agent: 'p1',
    fence: 4,
    expiresAt: 23_100,
  },
};

/** A handover of a contact to the centre of the agent it holds a lease on. */
export const handoverRequest: CoreMessage = {
  v: 1,
  id: 'london-22',
  type: 'handover.request',
  from: 'london/contact/c-1',
  to: 'paris/handover/main',
  ts: 4_200,
  body: {
    handoverId: 'c-1:8',
    contact: {
      id: 'c-1',
      owner: 'london',
      rev: 8,
      state: 'reserving',
      media: 'voice',
      skillset: 'billing',
      requirements: [{ skill: 'billing', minProficiency: 3 }],
      priority: 5,
      arrivedAt: 3_500,
      seniority: 3_500,
      updatedAt: 4_200,
      agent: 'paris/agent/p1',
      tokenHash: 'b'.repeat(64),
    },
    agent: 'p1',
    leaseId: 'p1:4',
    fence: 4,
    attempts: 1,
    commands: { 'cmd-1': { accepted: false, reason: 'the contact is being connected' } },
    incarnation: 1_000,
  },
};

export const presence: CoreMessage = {
  v: 1,
  id: 'london-1',
  type: 'presence',
  from: 'london/runtime/main',
  ts: 500,
  body: { centre: 'london', status: 'online', incarnation: 1_000, since: 500, mode: 'network', queues: { billing: 'local' } },
};

export const reserveRequest: CoreMessage = {
  v: 1,
  id: 'london-23',
  type: 'reserve.request',
  from: 'london/contact/c-1',
  to: 'paris/agent/p1',
  ts: 4_300,
  body: {
    requestId: 'c-1:2',
    agent: 'p1',
    contact: 'c-1',
    leaseMs: 5_000,
    media: 'chat',
    requirements: [{ skill: 'billing', minProficiency: 3 }],
  },
};

export const tombstone: CoreMessage = {
  v: 1,
  id: 'london-24',
  type: 'tombstone',
  from: 'london/runtime/main',
  ts: 4_400,
  body: { kind: 'contact', id: 'c-1', owner: 'london', rev: 9, movedTo: 'paris' },
};

export const json = (value: unknown) => JSON.stringify(value);
