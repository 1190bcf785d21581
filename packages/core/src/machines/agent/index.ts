export { agentMachine, agentStateOf } from './machine.js';
export { defaultAgentPolicy, defaultCapacity, toSnapshot } from './context.js';
export type { AgentContext, AgentInput, AgentPolicy, Lease, Offer, Work } from './context.js';
export type { AgentEvent } from './events.js';
export type { DenialReason } from './denial.js';
