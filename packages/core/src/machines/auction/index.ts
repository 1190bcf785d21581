export { entityTopic } from './actions.js';
export type { AuctionContext, AuctionOptions, AuctionInput, AuctionOutcome, AuctionPolicy, HeldBid } from './context.js';
export { defaultAuctionPolicy } from './context.js';
export type { AuctionEvent } from './events.js';
export type { AuctionMachine } from './machine.js';
export { createAuctionMachine } from './machine.js';
