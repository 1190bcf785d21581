export { createCentre } from './create-centre.js';
export type { BiddingPolicy } from './bidder.js';
export type { Adapter, AgentProfile, AuctionClosedEvent, Centre, CentreEvent, CentreOptions, CommandReply, ContactSpec } from './centre.js';
export { compileStatus } from './customer-status.js';
export type { CustomerStatus, ExpectedWait, StatusInputs } from './customer-status.js';
export { hashToken, isStatusToken, newStatusToken } from './status-token.js';
