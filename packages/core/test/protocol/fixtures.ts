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

export const json = (value: unknown) => JSON.stringify(value);
