import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import { SCORING_COMMAND_NAME } from '../protocol/auction-terms.js';
import { type BidTerms, MAX_TIME_TO_SERVICE_MS } from '../protocol/bid-terms.js';
import { finite, int } from '../protocol/codecs.js';
import { closed } from '../protocol/tagged-codecs.js';
import { invalidMessage } from '../protocol/validation-error.js';
import { err, ok, type Result } from '../result.js';
import { formatFields, formatNumber } from './format.js';

export { SCORING_COMMAND_NAME };

/** What a scoring command may know about a bid besides its terms. */
export interface ScoringContext {
  readonly centre: string;
  readonly bidId: string;
}

/**
 * A named scoring command (claims 14–15: the command pattern). Every node registers the same
 * commands in code it trusts; a rule only names one and carries data for it, so no code ever
 * travels over the wire and nothing is `eval`ed.
 */
export interface ScoringCommand<P> {
  /** Decodes the rule's `params` (a rule without params is decoded as `{}`). */
  readonly params: t.Decoder<unknown, P>;
  /** The score of one bid, higher is better. Must be pure and finite: the same bid scores the same on every node. */
  readonly score: (terms: BidTerms, params: P, context: ScoringContext) => number;
  /** A short text for explanations, e.g. `service-level{targetMs: 30000}`. Default: the name and the params. */
  readonly describe?: (params: P) => string;
}

/** A command with its params decoded: ready to score bids. */
export interface BoundScoringCommand {
  readonly name: string;
  /** How explanations name the command and its params. */
  readonly text: string;
  readonly score: (terms: BidTerms, context: ScoringContext) => number;
}

/** The scoring commands a node trusts, by name. */
export interface ScoringCommandRegistry {
  /** Adds a command. Throws `CM_ERR_INVALID_OPTION` for a bad name or a name already taken: commands are never replaced. */
  register<P>(name: string, command: ScoringCommand<P>): ScoringCommandRegistry;
  has(name: string): boolean;
  names(): readonly string[];
  /**
   * The command `name` bound to `params` (untrusted: from a rule on the wire).
   * `CM_ERR_UNKNOWN_SCORING_COMMAND` for a name this node lacks, `CM_ERR_INVALID_MESSAGE` (path
   * `params.…`, under `at`) for params the command's codec refuses.
   */
  resolve(name: string, params?: unknown, at?: readonly string[]): Result<BoundScoringCommand>;
}

const noParams = closed({}, {}, 'the params of a command that takes none');

/** `fastest`: the sooner the better; score = −timeToServiceMs. No params. */
const fastest: ScoringCommand<unknown> = { params: noParams, score: (terms) => -terms.timeToServiceMs };

/** `cheapest`: the lower the cost the better; score = −cost. No params. */
const cheapest: ScoringCommand<unknown> = { params: noParams, score: (terms) => -terms.cost };

/** `most-skilled`: the more proficient the agent the better; score = proficiency (a queue promise scores 0). No params. */
const mostSkilled: ScoringCommand<unknown> = { params: noParams, score: (terms) => terms.proficiency };

const ValueForMoneyParams = closed(
  {},
  { costWeight: finite(0, 1_000_000), timeWeightPerSecond: finite(0, 1_000_000) },
  'value-for-money params',
);
type ValueForMoneyParams = t.TypeOf<typeof ValueForMoneyParams>;
const valueForMoneyDefaults = (p: ValueForMoneyParams) => ({
  costWeight: p.costWeight ?? 1,
  timeWeightPerSecond: p.timeWeightPerSecond ?? 0,
});

/**
 * `value-for-money`: proficiency per unit of price, where the price counts cost and, optionally,
 * waiting: score = proficiency ÷ (1 + costWeight·cost + timeWeightPerSecond·seconds to service).
 * Params: `costWeight` (≥ 0, default 1), `timeWeightPerSecond` (≥ 0, default 0). The `1 +` keeps a
 * free, instant bid finite; a queue promise (proficiency 0) scores 0.
 */
const valueForMoney: ScoringCommand<ValueForMoneyParams> = {
  params: ValueForMoneyParams,
  score: (terms, params) => {
    const { costWeight, timeWeightPerSecond } = valueForMoneyDefaults(params);
    return terms.proficiency / (1 + costWeight * terms.cost + timeWeightPerSecond * (terms.timeToServiceMs / 1000));
  },
  describe: (params) => `value-for-money${formatFields(valueForMoneyDefaults(params))}`,
};

const ServiceLevelParams = closed({ targetMs: int(0, MAX_TIME_TO_SERVICE_MS) }, {}, 'service-level params');
type ServiceLevelParams = t.TypeOf<typeof ServiceLevelParams>;

/**
 * `service-level`: meet the service-level target first, then prefer skill. A bid served within
 * `targetMs` scores its proficiency (0..10); a later one scores −1 − (seconds over the target), so
 * it ranks below every bid within target, and the less late the better. Params: `targetMs` (required).
 */
const serviceLevel: ScoringCommand<ServiceLevelParams> = {
  params: ServiceLevelParams,
  score: (terms, { targetMs }) => (terms.timeToServiceMs <= targetMs ? terms.proficiency : -1 - (terms.timeToServiceMs - targetMs) / 1000),
  describe: ({ targetMs }) => `service-level{targetMs: ${formatNumber(targetMs)}}`,
};

/** The commands every registry made by {@link createScoringCommandRegistry} starts with. */
export const builtInScoringCommands = {
  fastest,
  cheapest,
  'most-skilled': mostSkilled,
  'value-for-money': valueForMoney,
  'service-level': serviceLevel,
} as const;

// Commands are kept already bound to their own param type, so the registry needs no casts.
type Binder = (name: string, params: unknown, at: readonly string[]) => Result<BoundScoringCommand>;

function binderOf<P>(command: ScoringCommand<P>): Binder {
  return (name, params, at) => {
    const decoded = command.params.decode(params ?? {});
    if (isLeft(decoded)) return err(invalidMessage(decoded.left, [...at, 'params']));
    const p = decoded.right;
    const text =
      command.describe?.(p) ?? (typeof p === 'object' && p !== null && Object.keys(p).length > 0 ? `${name}${formatFields(p)}` : name);
    return ok({ name, text, score: (terms, context) => command.score(terms, p, context) });
  };
}

/**
 * A registry of scoring commands, with the built-ins (`fastest`, `cheapest`, `most-skilled`,
 * `value-for-money`, `service-level`) unless `builtIns: false`. Register the same commands on every
 * node, so a rule naming one scores the same everywhere.
 *
 * @example
 * ```ts
 * const registry = createScoringCommandRegistry().register('home-first', {
 *   params: t.type({ home: t.string }),
 *   score: (terms, { home }, { centre }) => (centre === home ? 1_000 : 0) - terms.timeToServiceMs / 1000,
 * });
 * registry.resolve('home-first', { home: 'london' }); // { ok: true, value: { name: 'home-first', … } }
 * ```
 */
export function createScoringCommandRegistry(options: { readonly builtIns?: boolean } = {}): ScoringCommandRegistry {
  const binders = new Map<string, Binder>();
  const registry: ScoringCommandRegistry = {
    register(name, command) {
      if (typeof name !== 'string' || !SCORING_COMMAND_NAME.test(name)) {
        throw new ContactmeshError(
          ErrorCode.INVALID_OPTION,
          `Scoring command name ${preview(name)} is not valid; use a-z, 0-9 and -, starting with a letter, at most 64 characters.`,
          { path: 'name', value: name },
        );
      }
      if (binders.has(name)) {
        throw new ContactmeshError(
          ErrorCode.INVALID_OPTION,
          `A scoring command named ${preview(name)} is already registered; choose another name (commands are never replaced, so a rule scores the same on every node).`,
          { path: 'name', value: name },
        );
      }
      if (typeof command?.score !== 'function' || typeof command.params?.decode !== 'function') {
        throw new ContactmeshError(
          ErrorCode.INVALID_OPTION,
          `Scoring command ${preview(name)} needs a params codec and a score function: register(name, { params: t.type({…}), score: (terms, params) => … }).`,
          { path: 'command' },
        );
      }
      binders.set(name, binderOf(command));
      return registry;
    },
    has: (name) => binders.has(name),
    names: () => [...binders.keys()],
    resolve(name, params, at = []) {
      const binder = binders.get(name);
      if (binder === undefined) {
        const known = [...binders.keys()].join(', ') || 'none';
        return err(
          new ContactmeshError(
            ErrorCode.UNKNOWN_SCORING_COMMAND,
            `Unknown scoring command ${preview(name)}; this node knows ${known}. Register it on every node with registry.register(name, …), or use one of those.`,
            { path: [...at, 'command'].join('.'), value: name },
          ),
        );
      }
      return binder(name, params, at);
    },
  };
  if (options.builtIns !== false) {
    const b = builtInScoringCommands;
    registry
      .register('fastest', b.fastest)
      .register('cheapest', b.cheapest)
      .register('most-skilled', b['most-skilled'])
      .register('value-for-money', b['value-for-money'])
      .register('service-level', b['service-level']);
  }
  return registry;
}
