import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import { boundedArray, boundedString, closedType, finite, int, oneOf, refine } from '../protocol/codecs.js';
import { CentreId, Language, Media, MessageId, ObjectId, Proficiency, SkillName, Text } from '../protocol/primitives.js';
import { invalidMessage } from '../protocol/validation-error.js';
import { agentPolicies, contactPolicies } from '../routing/policies.js';
import { hidingPrivateKeys, SigningOptionsArgument } from '../signing/signing-options.js';

// The checks every public call of a centre makes at the door (docs/embedding.md, "What is
// checked"): the same io-ts codecs as the wire, closed (an unknown field is named, not ignored),
// so nothing half-valid is ever created.

/** A record whose every key must pass `key` (decoding names a bad key instead of dropping it). */
function strictRecord<K extends t.Type<string, string, unknown>, V extends t.Mixed>(name: string, key: K, value: V, max: number) {
  const record = t.record(t.string, value);
  return new t.Type<Record<string, t.TypeOf<V>>, Record<string, t.OutputOf<V>>, unknown>(
    name,
    (u): u is Record<string, t.TypeOf<V>> => record.is(u) && Object.keys(u).length <= max && Object.keys(u).every((k) => key.is(k)),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, `expected ${name}`);
      const keys = Object.keys(u);
      if (keys.length > max) return t.failure(u, c, `expected ${name} of at most ${max} keys`);
      const bad = keys.find((k) => !key.is(k));
      if (bad !== undefined) return t.failure(u, c, `key ${preview(bad, 40)} is not ${key.name}`);
      return record.validate(u, c);
    },
    record.encode,
  );
}

const ms = int(0, 86_400_000);
const positiveMs = int(1, 86_400_000);

const Skills = strictRecord('skills (skill name → proficiency 1–10)', SkillName, Proficiency, 64);
const Capacity = closedType(
  'capacity',
  {},
  { voice: int(0, 100), chat: int(0, 100), email: int(0, 100), video: int(0, 100), sms: int(0, 100), webform: int(0, 100) },
);
const Requirement = closedType('requirement', { skill: SkillName, minProficiency: Proficiency }, {});

/** `contacts.arrive(spec)`. */
export const ContactSpecArgument = closedType(
  'contact',
  { media: Media, skillset: SkillName },
  { requirements: boundedArray(Requirement, 16), priority: int(0, 100), language: Language, value: finite(0, 1e12), id: ObjectId },
);

/** `agents.login(id, profile)`. */
export const AgentProfileArgument = closedType(
  'agent profile',
  { displayName: boundedString(256, 1), skills: Skills },
  { capacity: Capacity, languages: boundedArray(Language, 16) },
);

/** `agents.update(id, change)`. */
export const AgentChangeArgument = closedType('agent change', {}, { skills: Skills, capacity: Capacity });

/** A routing mode (`createCentre({ mode })`, `setMode`, `setQueueMode`). */
export const RouterModeArgument = t.union(
  [
    closedType('local mode', { kind: t.literal('local') }, {}),
    closedType('network mode', { kind: t.literal('network') }, {}),
    closedType('overflow mode', { kind: t.literal('overflow') }, { afterWaitMs: ms, expectedWaitMs: ms, whenNoLocalAgent: t.boolean }),
  ],
  'a mode: { kind: "local" }, { kind: "network" } or { kind: "overflow", afterWaitMs?, expectedWaitMs?, whenNoLocalAgent? }',
);

/** Modes of single queues, by skillset. */
export const QueueModesArgument = strictRecord('queue modes (skillset → mode)', SkillName, RouterModeArgument, 256);

const Relaxation = boundedArray(closedType('relaxation step', { afterMs: ms, minProficiency: Proficiency }, {}), 16);

/** `policies.router`. */
const routerPolicyFields = {
  agentPolicy: oneOf(Object.keys(agentPolicies) as [string, string, ...string[]]),
  contactPolicy: oneOf(Object.keys(contactPolicies) as [string, string, ...string[]]),
  relaxation: t.union([Relaxation, strictRecord('relaxation by skillset', SkillName, Relaxation, 256)]),
  recheckMs: positiveMs,
  recheckBatch: int(1, 100_000),
  mode: RouterModeArgument,
  queueModes: QueueModesArgument,
  pendingMs: positiveMs,
  nearTie: t.union([closedType('near tie', { withinMs: ms, among: int(2, 64) }, {}), t.null]),
  maxTries: int(1, 1_000),
};
export const RouterPolicyArgument = closedType('router policy', {}, routerPolicyFields);

/** `policies.agent`. */
const agentPolicyFields = {
  offerTimeoutMs: positiveMs,
  wrapUpMs: ms,
  ringFail: closedType('ring fail', { maxMissed: int(1, 1_000), backoffMs: ms, maxBackoffMs: ms }, {}),
  maxLeaseMs: positiveMs,
};
export const AgentPolicyArgument = closedType('agent policy', {}, agentPolicyFields);

/** `policies.contact`. */
const contactPolicyFields = {
  maxWaitMs: t.union([positiveMs, t.null]),
  leaseMs: positiveMs,
  offerAnswerMs: positiveMs,
  wrapUpMs: ms,
  skillsets: boundedArray(SkillName, 256),
  handoverMs: positiveMs,
  resyncMs: ms,
};
export const ContactPolicyArgument = closedType('contact policy', {}, contactPolicyFields);

/** `policies.presence`. */
const presencePolicyFields = {
  heartbeatMs: t.union([int(100, 3_600_000), t.null]),
  silentAfterBeats: int(1, 100),
  willDelaySeconds: int(0, 86_400),
};
export const PresencePolicyArgument = closedType('presence policy', {}, presencePolicyFields);

const callable = (name: string) => refine(t.unknown, (u) => typeof u === 'function', name);
const optionalMethods = ['stopRinging', 'connect', 'end', 'forward', 'substitute'] as const;

/** The adapter: `offer` is required, the others optional; each a function. */
const AdapterArgument = new t.Type<object, object, unknown>(
  'adapter',
  (u): u is object => typeof u === 'object' && u !== null,
  (u, c) => {
    if (typeof u !== 'object' || u === null) return t.failure(u, c, 'expected an adapter object with an offer method');
    const adapter = u as Record<string, unknown>;
    if (typeof adapter.offer !== 'function')
      return t.failure(adapter.offer, c, 'expected offer to be a function (the adapter must ring agents)');
    const bad = optionalMethods.find((name) => adapter[name] !== undefined && typeof adapter[name] !== 'function');
    if (bad !== undefined) return t.failure(adapter[bad], c, `expected ${bad} to be a function or absent`);
    return t.success(u);
  },
  t.identity,
);

const TransportArgument = refine(
  t.UnknownRecord,
  (u) => ['connect', 'subscribe', 'publish', 'close'].every((method) => typeof u[method] === 'function'),
  'a Transport (connect, subscribe, publish, close)',
);
const ClockArgument = refine(
  t.UnknownRecord,
  (u) => ['now', 'setTimer', 'clearTimer'].every((method) => typeof u[method] === 'function'),
  'a Clock (now, setTimer, clearTimer)',
);

/**
 * `createCentre(options)`: every field of `CentreOptions`, closed. `limits`, `metrics`, `auctions`,
 * `bidding` and `scoringCommands` are objects here and checked in depth by their own parts.
 */
const centreRequired = { id: CentreId, network: CentreId, transport: TransportArgument, adapter: AdapterArgument };
const centreOptional = {
  clock: ClockArgument,
  policies: closedType(
    'policies',
    {},
    { router: RouterPolicyArgument, agent: AgentPolicyArgument, contact: ContactPolicyArgument, presence: PresencePolicyArgument },
  ),
  limits: t.UnknownRecord,
  inspect: callable('a function'),
  ids: callable('a function returning ids'),
  metrics: t.UnknownRecord,
  mode: RouterModeArgument,
  queueModes: QueueModesArgument,
  seed: int(-0x80000000, 0xffffffff),
  incarnation: int(0, Number.MAX_SAFE_INTEGER),
  auctions: t.UnknownRecord,
  bidding: t.union([t.UnknownRecord, t.literal(false)]),
  scoringCommands: t.UnknownRecord,
  checkLocalMessages: t.boolean,
  signing: SigningOptionsArgument,
  peers: boundedArray(CentreId, 1_024),
};
export const CentreOptionsArgument = hidingPrivateKeys(closedType('centre options', centreRequired, centreOptional));

/**
 * The fields `createCentre` checks, by option: what `docs/embedding.md`'s Options table must list
 * (a test holds the two together).
 */
export const centreOptionFields = {
  options: [...Object.keys(centreRequired), ...Object.keys(centreOptional)],
  'policies.router': Object.keys(routerPolicyFields),
  'policies.agent': Object.keys(agentPolicyFields),
  'policies.contact': Object.keys(contactPolicyFields),
  'policies.presence': Object.keys(presencePolicyFields),
} as const;

/** An agent or contact id in a call. */
export const IdArgument = ObjectId;
/** A not-ready reason. */
export const ReasonArgument = Text;
/** A customer command's id. */
export const CommandIdArgument = MessageId;

/**
 * Checks one argument of a public call against its codec and returns the decoded value, or throws
 * a `ContactmeshError` (`code`, default `CM_ERR_INVALID_ARGUMENT`) that names the call, the field,
 * what is allowed and the value found.
 *
 * @example
 * ```ts
 * const spec = checkArgument(ContactSpecArgument, input, 'contacts.arrive(spec)');
 * // throws: Invalid contacts.arrive(spec) at priority: expected an integer from 0 to 100, got 101.
 * ```
 */
export function checkArgument<C extends t.Mixed>(
  codec: C,
  value: unknown,
  what: string,
  code: ErrorCode = ErrorCode.INVALID_ARGUMENT,
): t.TypeOf<C> {
  const decoded = codec.decode(value);
  if (!isLeft(decoded)) return decoded.right;
  const error = invalidMessage(decoded.left, [], what);
  throw new ContactmeshError(code, error.message, error.details);
}
