export type { AgentBidder, AgentBidderEvent, AgentBidderOptions, BidDecision, PendingEntity } from './create-agent-bidder.js';
export { createAgentBidder } from './create-agent-bidder.js';
