import type { Bid, BidTerms } from '../../src/auction/index.js';

/** A bid with sensible default terms: 60 s to service, proficiency 5, cost 10. */
export const bid = (id: string, terms: Partial<BidTerms> = {}, centre = 'paris'): Bid => ({
  id,
  centre,
  terms: { cost: 10, proficiency: 5, timeToServiceMs: 60_000, ...terms },
});
