import * as t from 'io-ts';
import { boundedArray, boundedRecord, finite, int, oneOf } from '../codecs.js';
import {
  Address,
  CentreId,
  Language,
  Media,
  ObjectId,
  Proficiency,
  perMedia,
  Rev,
  SkillName,
  Text,
  Timestamp,
  TokenHash,
} from '../primitives.js';

/** Agent states as replicated (DESIGN.md §3). */
export const AgentState = oneOf(['loggedOut', 'notReady', 'idle', 'reserved', 'offered', 'busy', 'wrapUp']);
export type AgentState = t.TypeOf<typeof AgentState>;

/** Contact states as replicated (DESIGN.md §3). */
export const ContactState = oneOf([
  'arriving',
  'queued',
  'reserving',
  'offered',
  'connected',
  'wrapUp',
  'ended',
  'forwarded',
  'abandoned',
  'substituted',
  'expired',
]);
export type ContactState = t.TypeOf<typeof ContactState>;

/** Contact states after which its owner holds it no more: it ended, or lives on elsewhere (`forwarded`). */
export const goneStates: ReadonlySet<string> = new Set<ContactState>(['ended', 'abandoned', 'expired', 'substituted', 'forwarded']);

/** A skill a contact needs and the lowest proficiency that will do. */
export const Requirement = t.type({ skill: SkillName, minProficiency: Proficiency });

/**
 * `agent.snapshot` — the whole agent object as its home centre (the only writer) sees it after
 * change number `rev`. Published retained on `replica/{home}/agent/{id}`.
 */
export const AgentSnapshot = t.intersection([
  t.type({
    id: ObjectId,
    home: CentreId,
    rev: Rev,
    state: AgentState,
    displayName: Text,
    skills: boundedRecord(SkillName, Proficiency, 64),
    capacity: perMedia(int(0, 100)),
    load: perMedia(int(0, 100)),
    idleSince: t.union([Timestamp, t.null]),
    updatedAt: Timestamp,
  }),
  t.partial({ languages: boundedArray(Language, 16), reason: Text }),
]);
export type AgentSnapshot = t.TypeOf<typeof AgentSnapshot>;

/**
 * `contact.snapshot` — the whole contact as its current owner sees it after change `rev`.
 * `seniority` is what queue order uses; it survives queue switches, substitution and forwarding.
 */
export const ContactSnapshot = t.intersection([
  t.type({
    id: ObjectId,
    owner: CentreId,
    rev: Rev,
    state: ContactState,
    media: Media,
    skillset: SkillName,
    requirements: boundedArray(Requirement, 16),
    priority: int(0, 100),
    arrivedAt: Timestamp,
    seniority: Timestamp,
    updatedAt: Timestamp,
  }),
  t.partial({
    language: Language,
    value: finite(0, 1e12),
    agent: Address,
    origin: CentreId,
    substituteOf: ObjectId,
    substitute: ObjectId,
    tokenHash: TokenHash,
    reason: Text,
  }),
]);
export type ContactSnapshot = t.TypeOf<typeof ContactSnapshot>;

/**
 * `tombstone` — an object is gone from its owner (deleted, or moved to `movedTo` by a handover).
 * A replica applies it only if `rev` is newer than what it holds.
 */
export const TombstoneBody = t.intersection([
  t.type({ kind: oneOf(['agent', 'contact']), id: ObjectId, owner: CentreId, rev: Rev }),
  t.partial({ movedTo: CentreId }),
]);
export type TombstoneBody = t.TypeOf<typeof TombstoneBody>;

/** Most contacts one `replicas.check` asks about: a centre that holds more sends several. */
export const maxCheckedContacts = 1_000;

/**
 * `replicas.check` — a centre back from a lost connection asks another (`{owner}/network/sync`)
 * about the contacts of that owner it still holds replicas of: the owner publishes a `tombstone`,
 * at the contact's last rev, for each that ended or moved on while the asker was away (their last
 * snapshot went out once, and their retained value was cleared, so the asker found no trace).
 */
export const ReplicasCheckBody = t.type({ contacts: boundedArray(ObjectId, maxCheckedContacts) });
export type ReplicasCheckBody = t.TypeOf<typeof ReplicasCheckBody>;
