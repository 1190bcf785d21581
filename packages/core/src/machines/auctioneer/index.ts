export type { AuctioneerContext, AuctioneerInput } from './context.js';
export type { AuctioneerEvent } from './events.js';
export type { AuctioneerMachine } from './machine.js';
export { auctioneerMachine } from './machine.js';
