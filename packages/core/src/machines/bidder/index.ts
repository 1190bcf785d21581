export type { AgentBidderInput, BidderContext, BidderInput, CentreBidderInput } from './context.js';
export { bidAddress } from './context.js';
export type { BidderEvent, EntityFacts } from './events.js';
export type { BidderMachine } from './machine.js';
export { bidderMachine } from './machine.js';
