// Routing indexes of one centre's router: an agent for a contact, a contact for an agent.

// Indexes (immutable: every update returns a new value)
export { AgentIndex } from './agent-index.js';
export type { AgentIndexOptions, ChooseAgentOptions } from './agent-index.js';
export { ContactQueue } from './contact-queue.js';
export type { ChooseContactOptions, ContactQueueOptions } from './contact-queue.js';

// Policies as data
export { agentPolicies, contactPolicies, defaultQueuePolicy } from './policies.js';
export type { AgentPolicy, AgentPolicyName, AgentRank, ContactPolicy, ContactPolicyName, ContactRank, QueuePolicy } from './policies.js';
export { agentOrder, contactOrder } from './orders.js';
export type { Compare } from './orders.js';

// The routing rule
export { eligible, hasRoomFor, isAvailable, proficiencyIn, speaks } from './eligible.js';
export { relaxationFor, requiredProficiency } from './relaxation.js';
export type { Relaxation, RelaxationBySkillset, RelaxationStep, Requirement } from './relaxation.js';
export { agentKey } from './agent-key.js';
