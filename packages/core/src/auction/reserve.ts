import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import { Reserve } from '../protocol/auction-terms.js';
import { formatNumber } from './format.js';

export { Reserve };

/** Whether a bid beats the reserve, and a sentence saying why for the explanation. */
export interface ReserveVerdict {
  readonly beats: boolean;
  readonly reason: string;
}

const seconds = (ms: number) => `${formatNumber(ms / 1000)} s`;

function checkWait(name: string, value: number, allowInfinity: boolean): void {
  const valid =
    typeof value === 'number' && value >= 0 && (Number.isFinite(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!valid) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `${name} must be a number of milliseconds, 0 or more${allowInfinity ? ' (Infinity when nobody local can serve)' : ''}; got ${preview(value)}.`,
      { path: name, value },
    );
  }
}

/**
 * Whether a bid promising service in `bidTimeToServiceMs` beats the reserve against the local
 * expected wait. `localExpectedWaitMs` may be `Infinity` (nobody here can serve the contact): any
 * bid beats that. Throws `CM_ERR_INVALID_OPTION` for a negative or NaN time (a bug upstream).
 *
 * @example
 * ```ts
 * beatsReserve({ improveByMs: 20_000, improveByPercent: 50 }, 60_000, 45_000);
 * // { beats: false, reason: 'the bid improves the local expected wait of 60 s by 15 s (25%); the reserve asks for at least 20 s or 50%' }
 * ```
 */
export function beatsReserve(reserve: Reserve, localExpectedWaitMs: number, bidTimeToServiceMs: number): ReserveVerdict {
  checkWait('localExpectedWaitMs', localExpectedWaitMs, true);
  checkWait('bidTimeToServiceMs', bidTimeToServiceMs, false);
  const { improveByMs, improveByPercent } = reserve;
  const asks = [
    improveByMs === undefined ? '' : seconds(improveByMs),
    improveByPercent === undefined ? '' : `${formatNumber(improveByPercent)}%`,
  ]
    .filter((part) => part !== '')
    .join(' or ');
  const wanted = asks === '' ? 'any improvement' : `at least ${asks}`;
  if (localExpectedWaitMs === Number.POSITIVE_INFINITY) {
    return { beats: true, reason: 'nobody local can serve the contact, so any bid beats the reserve' };
  }
  const gain = localExpectedWaitMs - bidTimeToServiceMs;
  if (gain <= 0) {
    return {
      beats: false,
      reason: `the bid (${seconds(bidTimeToServiceMs)}) does not improve the local expected wait of ${seconds(localExpectedWaitMs)}`,
    };
  }
  // gain × 100 ≥ percent × local, rather than a division, so 10% of 60 s is exactly 6 s.
  const byMs = improveByMs !== undefined && gain >= improveByMs;
  const byPercent = improveByPercent !== undefined && gain * 100 >= improveByPercent * localExpectedWaitMs;
  const beats = (improveByMs === undefined && improveByPercent === undefined) || byMs || byPercent;
  const percent = formatNumber(Math.round((gain / localExpectedWaitMs) * 1000) / 10);
  const improves = `the bid improves the local expected wait of ${seconds(localExpectedWaitMs)} by ${seconds(gain)} (${percent}%)`;
  return { beats, reason: `${improves}; the reserve asks for ${wanted}` };
}
