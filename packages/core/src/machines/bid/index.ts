export type { AgentProfile, BidContext, BidInput, BidFacts, BidOutcome, BidPolicy, Requester, RequestFacts } from './context.js';
export type { BidEvent } from './events.js';
export type { BidMachine } from './machine.js';
export { createBidMachine } from './machine.js';
