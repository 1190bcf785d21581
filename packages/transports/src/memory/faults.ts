import { checkInteger, checkKeys, checkParticipantId, checkProbability, invalidOption } from '../shared/option-checks.js';

/**
 * Faults applied to every delivery on a link (publisher → subscriber). Draws come from the hub's
 * seeded random source, so a seed and a virtual clock reproduce a run exactly.
 */
export interface LinkFaults {
  /** Fixed delay of every delivery, in whole ms. Default 0. */
  readonly delayMs?: number;
  /**
   * Extra random delay in [0, jitterMs] whole ms per delivery. Jitter never reorders a link: a
   * message is never scheduled before one sent earlier on the same link. Default 0.
   */
  readonly jitterMs?: number;
  /**
   * Probability that a delivery is lost. A QoS 0 message is gone for good; a QoS 1 message is
   * retransmitted and arrives `retransmitMs` later (at-least-once), still in link order — the
   * retransmission itself is not dropped again. Default 0.
   */
  readonly drop?: number;
  /** Probability that a second copy is delivered right after the first. Default 0. */
  readonly duplicate?: number;
  /**
   * Probability that a delivery gets an extra random delay in [1, reorderMs] ms that ignores link
   * order, so later messages may overtake it. The only fault that breaks per-publisher order. Default 0.
   */
  readonly reorder?: number;
}

/** Faults for one directed link; fields not given fall back to the plan's defaults. */
export interface LinkFaultRule extends LinkFaults {
  /** The publishing participant. */
  readonly from: string;
  /** The subscribing participant. */
  readonly to: string;
}

/**
 * The faults of a hub: `default` for every link, and overrides per directed link in `links`
 * (fields a rule leaves out fall back to `default`; later rules for the same link win, field by field).
 *
 * @example
 * ```ts
 * const plan: FaultPlan = { default: { delayMs: 5, jitterMs: 20 }, links: [{ from: 'london', to: 'paris', drop: 0.3 }] };
 * ```
 */
export interface FaultPlan {
  readonly default?: LinkFaults;
  readonly links?: readonly LinkFaultRule[];
}

/** The faults in force on one link, every field present. */
export type ResolvedLinkFaults = { readonly [K in keyof LinkFaults]-?: number };

/** Finds the faults in force on a directed link. */
export type LinkFaultsResolver = (from: string, to: string) => ResolvedLinkFaults;

const faultKeys = ['delayMs', 'jitterMs', 'drop', 'duplicate', 'reorder'] as const;
const noFaults: ResolvedLinkFaults = { delayMs: 0, jitterMs: 0, drop: 0, duplicate: 0, reorder: 0 };

/** Validates a fault plan (throwing `CM_ERR_INVALID_OPTION`) and compiles it into a lookup. */
export function compileFaultPlan(plan: FaultPlan, path = 'faults'): LinkFaultsResolver {
  const top = checkKeys(path, plan, ['default', 'links']);
  const defaults = merge(noFaults, checkKeys(`${path}.default`, top.default ?? {}, faultKeys), `${path}.default`);
  const rules = top.links ?? [];
  if (!Array.isArray(rules)) throw invalidOption(`${path}.links`, rules, 'an array of { from, to, ...faults }');
  const byLink = new Map<string, ResolvedLinkFaults>();
  rules.forEach((rule: unknown, i) => {
    const at = `${path}.links[${i}]`;
    const fields = checkKeys(at, rule, [...faultKeys, 'from', 'to']);
    const key = linkKey(checkParticipantId(`${at}.from`, fields.from), checkParticipantId(`${at}.to`, fields.to));
    byLink.set(key, merge(byLink.get(key) ?? defaults, fields, at));
  });
  return (from, to) => byLink.get(linkKey(from, to)) ?? defaults;
}

function merge(base: ResolvedLinkFaults, fields: Record<string, unknown>, path: string): ResolvedLinkFaults {
  const pick = (key: (typeof faultKeys)[number], check: (p: string, v: unknown) => number): number =>
    fields[key] === undefined ? base[key] : check(`${path}.${key}`, fields[key]);
  return {
    delayMs: pick('delayMs', checkInteger),
    jitterMs: pick('jitterMs', checkInteger),
    drop: pick('drop', checkProbability),
    duplicate: pick('duplicate', checkProbability),
    reorder: pick('reorder', checkProbability),
  };
}

// JSON keeps the two ids apart whatever characters they contain.
const linkKey = (from: string, to: string): string => JSON.stringify([from, to]);
