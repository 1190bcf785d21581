import type { AgentSnapshot, ContactSnapshot } from '../../src/protocol/index.js';

/** An idle voice-and-chat agent with billing 5; override what a test is about. */
export const agent = (id: string, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  home: 'london',
  rev: 1,
  state: 'idle',
  displayName: id,
  skills: { billing: 5 },
  capacity: { voice: 1, chat: 3 },
  load: {},
  idleSince: 100,
  updatedAt: 100,
  ...overrides,
});

/** A queued billing voice call asking for billing 3; override what a test is about. */
export const contact = (id: string, overrides: Partial<ContactSnapshot> = {}): ContactSnapshot => ({
  id,
  owner: 'london',
  rev: 1,
  state: 'queued',
  media: 'voice',
  skillset: 'billing',
  requirements: [{ skill: 'billing', minProficiency: 3 }],
  priority: 0,
  arrivedAt: 1_000,
  seniority: 1_000,
  updatedAt: 1_000,
  ...overrides,
});
