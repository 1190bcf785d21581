import { readFile, stat } from 'node:fs/promises';
import {
  boundedArray,
  boundedRecord,
  boundedString,
  CentreId,
  closedType,
  finite,
  int,
  Language,
  Media,
  ObjectId,
  oneOf,
  Proficiency,
  pattern,
  SkillName,
} from '@contactmesh/core/protocol';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { fieldProblems } from '../simulate/parse-scenario.js';
import { SigningConfig } from './signing-config.js';

/** Largest config file `contactmesh centre` reads. */
export const maxConfigBytes = 1_048_576;

const seconds = finite(0, 86_400);
const ms = int(0, 86_400_000);
const envName = pattern(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'an environment variable name (letters, digits, _)');

/** How many contacts of each media an agent takes at once. */
export const Capacity = closedType(
  'Capacity',
  {},
  { voice: int(0, 1), chat: int(0, 20), email: int(0, 50), video: int(0, 1), sms: int(0, 20), webform: int(0, 50) },
);

const AgentConfig = closedType(
  'AgentConfig',
  { id: ObjectId, skills: boundedRecord(SkillName, Proficiency, 64) },
  {
    displayName: boundedString(128, 1),
    capacity: Capacity,
    languages: boundedArray(Language, 16),
    /** Where the agent starts: `ready` (default), `notReady` or `loggedOut`. */
    state: oneOf(['ready', 'notReady', 'loggedOut']),
  },
);

const TrafficConfig = closedType(
  'TrafficConfig',
  { skillset: SkillName, arrivalsPerHour: finite(0.001, 1_000_000), meanHandleSeconds: seconds },
  { media: Media, meanPatienceSeconds: seconds },
);

const ModeConfig = t.union([
  closedType('LocalMode', { kind: t.literal('local') }, {}),
  closedType('NetworkMode', { kind: t.literal('network') }, {}),
  closedType('OverflowMode', { kind: t.literal('overflow') }, { afterWaitMs: ms, expectedWaitMs: ms, whenNoLocalAgent: t.boolean }),
]);

const PoliciesConfig = closedType(
  'PoliciesConfig',
  {},
  {
    router: closedType(
      'RouterPolicyConfig',
      {},
      { agentPolicy: oneOf(['longestIdle', 'mostProficient', 'leastOccupied', 'roundRobin']), recheckMs: ms, pendingMs: ms },
    ),
    agent: closedType('AgentPolicyConfig', {}, { offerTimeoutMs: ms, wrapUpMs: ms, maxLeaseMs: ms }),
    contact: closedType(
      'ContactPolicyConfig',
      {},
      {
        maxWaitMs: t.union([ms, t.null]),
        leaseMs: ms,
        offerAnswerMs: ms,
        wrapUpMs: ms,
        handoverMs: ms,
        resyncMs: ms,
        skillsets: boundedArray(SkillName, 256),
      },
    ),
    presence: closedType(
      'PresencePolicyConfig',
      {},
      { heartbeatMs: t.union([int(100, 3_600_000), t.null]), silentAfterBeats: int(1, 100), willDelaySeconds: int(0, 86_400) },
    ),
  },
);

const TransportConfig = closedType(
  'TransportConfig',
  {},
  {
    /** The broker or relay, when `--transport` does not say it. */
    url: pattern(/^(mqtts?|wss?):\/\/[^\s/?#]\S{0,2047}$/, 'an mqtt://, mqtts://, ws:// or wss:// URL, e.g. mqtt://127.0.0.1:1883'),
    /** MQTT keepalive in seconds: the broker publishes the centre's will after 1.5× this of silence. */
    keepaliveSeconds: int(0, 65_535),
    /** Put before the centre id to make the MQTT client id. */
    clientIdPrefix: boundedString(32),
    /** Environment variables holding the MQTT user name and password (never in the file). */
    usernameEnv: envName,
    passwordEnv: envName,
    /** Environment variable holding the relay's bearer token (WebSocket). */
    tokenEnv: envName,
    /** PEM file of the certificate authorities to trust for an mqtts:// broker or wss:// relay (instead of the system's). */
    caFile: boundedString(4_096, 1),
    /** PEM files of the centre's own certificate and key, for mutual TLS (both or neither). */
    certFile: boundedString(4_096, 1),
    keyFile: boundedString(4_096, 1),
  },
);

/** The file `contactmesh centre --config` reads (docs/cli.md lists every field). */
export const CentreConfig = closedType(
  'CentreConfig',
  {},
  {
    /** The centre's id, when `--id` does not say it. */
    id: CentreId,
    /** The simulated ACD's roster (`--simulate`). */
    agents: boundedArray(AgentConfig, 5_000),
    network: CentreId,
    answer: closedType(
      'AnswerConfig',
      {},
      { minDelaySeconds: seconds, maxDelaySeconds: seconds, missChance: finite(0, 1), offerTimeoutSeconds: seconds },
    ),
    wrapUpSeconds: seconds,
    /** Talk time of a call another centre forwarded here, or of an `arrive` without `talkSeconds`. Default 180. */
    forwardedTalkSeconds: seconds,
    traffic: boundedArray(TrafficConfig, 256),
    mode: ModeConfig,
    queueModes: boundedRecord(SkillName, ModeConfig, 256),
    policies: PoliciesConfig,
    transport: TransportConfig,
    /** Passed to `createCentre` as they are, which checks them (docs/auctions.md). */
    auctions: t.UnknownRecord,
    bidding: t.union([t.UnknownRecord, t.literal(false)]),
    /** Ed25519 signatures (docs/security.md): the private key's environment variable, peers' public keys. */
    signing: SigningConfig,
  },
);
export type CentreConfig = t.TypeOf<typeof CentreConfig>;
export type AgentConfig = t.TypeOf<typeof AgentConfig>;

/** The most bad fields a config error lists. */
const maxProblems = 20;

/** A config (file, or flags with it) the centre cannot run with: `contactmesh centre` exits 2 with its message. */
export class CentreConfigError extends Error {
  override readonly name = 'CentreConfigError';
}

/**
 * Checks a parsed config, throwing an error that names every bad field (one line each, at most 20).
 *
 * @example
 * ```ts
 * parseCentreConfig({ agents: [{ id: 'a1', skills: { billing: 11 } }] }, 'centre.json');
 * // Error: centre.json: Invalid config at agents.0.skills.billing: expected an integer from 1 to 10, got 11.
 * ```
 */
export function parseCentreConfig(value: unknown, source: string): CentreConfig {
  const decoded = CentreConfig.decode(value);
  if (isLeft(decoded)) {
    // One line per bad field (the same lines as a scenario file's), at most maxProblems of them.
    const all = fieldProblems(decoded.left).map((line) => `at ${line}`);
    const problems = all.length <= maxProblems ? all : [...all.slice(0, maxProblems), `… and ${all.length - maxProblems} more`];
    throw new CentreConfigError(
      problems.length === 1
        ? `${source}: Invalid config ${problems[0]}.`
        : `${source}: Invalid config:\n${problems.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  const config = decoded.right;
  const ids = new Set<string>();
  for (const agent of config.agents ?? []) {
    if (ids.has(agent.id)) throw new CentreConfigError(`${source}: agent id ${JSON.stringify(agent.id)} appears twice in agents.`);
    ids.add(agent.id);
  }
  const answer = config.answer;
  if (answer?.minDelaySeconds !== undefined && answer.maxDelaySeconds !== undefined && answer.maxDelaySeconds < answer.minDelaySeconds) {
    throw new CentreConfigError(
      `${source}: answer.maxDelaySeconds (${answer.maxDelaySeconds}) is below answer.minDelaySeconds (${answer.minDelaySeconds}).`,
    );
  }
  return config;
}

/**
 * Reads and checks a config file: at most {@link maxConfigBytes}, JSON, then {@link CentreConfig}.
 * Every failure is an `Error` whose message names the file and what is wrong.
 *
 * @example
 * ```ts
 * const config = await loadCentreConfig('centre.json');
 * ```
 */
export async function loadCentreConfig(path: string): Promise<CentreConfig> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new CentreConfigError(`Cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  if (size > maxConfigBytes) throw new CentreConfigError(`${path}: the config file is ${size} bytes; at most ${maxConfigBytes} are read.`);
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CentreConfigError(`${path}: not valid JSON (${(error as Error).message}).`);
  }
  return parseCentreConfig(parsed, path);
}
