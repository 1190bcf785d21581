import type { Choice, NetworkModelOptions } from '@contactmesh/core/check';
import {
  boundedArray,
  boundedRecord,
  CentreId,
  CustomerCommand,
  closedType,
  int,
  Media,
  ObjectId,
  oneOf,
  Proficiency,
  SkillName,
} from '@contactmesh/core/protocol';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { fieldProblems, readJsonFile, ScenarioError } from '../simulate/parse-scenario.js';

// The JSON file `contactmesh check` reads; docs/model-checking.md lists every field.

/** Largest check file read. */
export const maxCheckBytes = 65_536;

const CheckAgent = closedType('CheckAgent', { id: ObjectId, skills: boundedRecord(SkillName, Proficiency, 16) }, {});

const CheckCentre = closedType(
  'CheckCentre',
  {},
  { mode: oneOf(['local', 'network', 'overflow']), agents: boundedArray(CheckAgent, 8), auctions: t.boolean, bids: t.boolean },
);

const CheckAuction = closedType(
  'CheckAuction',
  {},
  {
    deadlineMs: int(1, 300_000),
    awardMs: int(1, 300_000),
    retryMs: t.union([int(1, 3_600_000), t.null]),
    localWaitMs: int(0, 86_400_000),
  },
);

const CheckArrival = closedType(
  'CheckArrival',
  { centre: CentreId, id: ObjectId, skillset: SkillName },
  { media: Media, commands: boundedArray(CustomerCommand, 4) },
);

/** A network to check: small, as every interleaving of it is explored. */
export const CheckFile = closedType(
  'CheckFile',
  { centres: boundedRecord(CentreId, CheckCentre, 6), arrivals: boundedArray(CheckArrival, 8) },
  {
    ordering: oneOf(['fifo', 'unordered']),
    faults: closedType('Faults', {}, { drops: int(0, 8), duplicates: int(0, 8), crashes: int(0, 4), partitions: int(0, 4) }),
    answers: oneOf(['accept', 'any']),
    calls: oneOf(['stay', 'end']),
    hangUps: t.boolean,
    repeatCommands: t.boolean,
    horizonMs: int(0, 3_600_000),
    auction: CheckAuction,
  },
);

/**
 * Checks a parsed check file: every bad field, then every rule between fields (an arrival at a
 * centre that is not in `centres`, a contact id used twice). Throws a `ScenarioError` naming each.
 *
 * @example
 * ```ts
 * parseCheckFile({ centres: { london: {} }, arrivals: [{ centre: 'paris', id: 'c1', skillset: 'billing' }] }, 'net.json');
 * // ScenarioError: net.json: invalid scenario (1 problem): arrivals.0.centre: no centre "paris" …
 * ```
 */
export function parseCheckFile(value: unknown, source: string): NetworkModelOptions {
  const decoded = CheckFile.decode(value);
  if (isLeft(decoded)) throw new ScenarioError(source, fieldProblems(decoded.left));
  const file = decoded.right;
  const problems: string[] = [];
  const ids = Object.keys(file.centres);
  if (ids.length === 0) problems.push('centres: give at least one centre');
  const seen = new Set<string>();
  for (const [i, arrival] of file.arrivals.entries()) {
    if (!ids.includes(arrival.centre))
      problems.push(`arrivals.${i}.centre: no centre ${JSON.stringify(arrival.centre)} in centres (known: ${ids.join(', ') || 'none'})`);
    if (seen.has(arrival.id)) problems.push(`arrivals.${i}.id: contact ${JSON.stringify(arrival.id)} arrives twice`);
    seen.add(arrival.id);
  }
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return file;
}

const index = int(0, 1_000_000);
const ReplayChoice = t.union([
  closedType('DeliverChoice', { kind: oneOf(['deliver', 'drop', 'duplicate', 'timer']), index }, {}),
  closedType('OutsideChoice', { kind: t.literal('outside') }, {}),
  closedType('ReactChoice', { kind: t.literal('react'), index, alternative: index }, {}),
  closedType('LifeChoice', { kind: oneOf(['crash', 'restart', 'partition', 'heal']), centre: CentreId }, {}),
]);

/** A counterexample file (`contactmesh check --out`): its steps as data; the rest (story, property) is for people. */
const ReplayFile = t.type({ choices: boundedArray(ReplayChoice, 100_000) });

/** Largest counterexample file read. */
export const maxReplayBytes = 16 * 1_048_576;

/**
 * Reads a counterexample file written by `contactmesh check --out`: at most {@link maxReplayBytes},
 * JSON, its `choices` checked.
 *
 * @example
 * ```ts
 * const { choices } = await loadReplayFile('counterexample.json');
 * ```
 */
export async function loadReplayFile(path: string): Promise<{ readonly choices: readonly Choice[] }> {
  const decoded = ReplayFile.decode(await readJsonFile(path, maxReplayBytes));
  if (isLeft(decoded)) throw new ScenarioError(path, fieldProblems(decoded.left));
  return { choices: decoded.right.choices as readonly Choice[] };
}

/**
 * Reads a check file: at most {@link maxCheckBytes}, JSON, then {@link parseCheckFile}.
 *
 * @example
 * ```ts
 * const options = await loadCheckFile('network.json');
 * ```
 */
export async function loadCheckFile(path: string): Promise<NetworkModelOptions> {
  return parseCheckFile(await readJsonFile(path, maxCheckBytes), path);
}
