// Auctions between centres: what bids carry, how a rule scores them, how the owner assesses them.

// Bids
export { Bid, BidTerms, MAX_BID_COST, MAX_TIME_TO_SERVICE_MS, ScoredField, scoredFields } from '../protocol/bid-terms.js';

// Scoring rules and the one order of bids
export { compileRule, Penalties, ScoringRule, scoreBid, Thresholds } from './scoring-rule.js';
export type { BidEvaluation, CompiledRule } from './scoring-rule.js';
export { compareBids, compareEvaluations, difference, tieBreaks } from './bid-order.js';
export type { Difference } from './bid-order.js';

// Scoring commands (the command pattern: named code every node trusts, never shipped)
export { builtInScoringCommands, createScoringCommandRegistry, SCORING_COMMAND_NAME } from './scoring-commands.js';
export type { BoundScoringCommand, ScoringCommand, ScoringCommandRegistry, ScoringContext } from './scoring-commands.js';

// Assessment strategies and explanations
export { AssessmentStrategy, createAssessment } from './assessment.js';
export type { Assessment, AssessmentOptions, OfferResult, Outcome, RejectReason, Rejection } from './assessment.js';
export type { ExplainedBid, Explanation, Standing } from './explanation.js';

// The reserve
export { beatsReserve, Reserve } from './reserve.js';
export type { ReserveVerdict } from './reserve.js';
