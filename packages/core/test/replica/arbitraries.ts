import fc from 'fast-check';
import type { AgentSnapshot, AgentState, ContactSnapshot, ContactState } from '../../src/protocol/index.js';
import type { AgentQuery, ContactQuery, ReplicaInput } from '../../src/replica/index.js';
import { agent, contact } from './fixtures.js';

// A few keys, many versions of each: what matters is order, repeats and ties, not variety.
export const centres = ['london', 'paris', 'madrid'] as const;
export const agentIds = ['a1', 'a2', 'a3'] as const;
export const contactIds = ['c1', 'c2', 'c3'] as const;
export const skills = ['billing', 'sales', 'support'] as const;
const agentStates: readonly AgentState[] = ['loggedOut', 'notReady', 'idle', 'reserved', 'offered', 'busy', 'wrapUp'];
const liveContactStates: readonly ContactState[] = ['arriving', 'queued', 'reserving', 'offered', 'connected', 'wrapUp'];
const terminalStates: readonly ContactState[] = ['ended', 'abandoned', 'expired', 'substituted', 'forwarded'];

/** One version of one object: the message its owner sent at that rev. */
export interface Version {
  readonly kind: 'agent' | 'contact';
  readonly key: string;
  readonly rev: number;
  /** The record a replica should hold if this is the newest version; undefined when it says "gone". */
  readonly live: AgentSnapshot | ContactSnapshot | undefined;
  readonly message: ReplicaInput;
}

const skillsArb = fc.dictionary(fc.constantFrom(...skills), fc.integer({ min: 1, max: 10 }), { maxKeys: 3 });

const agentVersion = (home: string, id: string, rev: number): fc.Arbitrary<Version> =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.record({ state: fc.constantFrom(...agentStates), skills: skillsArb }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    )
    .map((fields) => {
      const key = `${home}/${id}`;
      if (fields === undefined) {
        return { kind: 'agent', key, rev, live: undefined, message: { type: 'tombstone', body: { kind: 'agent', id, owner: home, rev } } };
      }
      const body = agent(id, { home, rev, ...fields });
      return { kind: 'agent', key, rev, live: body, message: { type: 'agent.snapshot', body } };
    });

const contactVersion = (id: string, rev: number): fc.Arbitrary<Version> =>
  fc
    .record({
      owner: fc.constantFrom(...centres),
      state: fc.constantFrom(...liveContactStates, ...terminalStates),
      skillset: fc.constantFrom(...skills),
      tombstone: fc.boolean(),
      movedTo: fc.option(fc.constantFrom(...centres), { nil: undefined }),
    })
    .map(({ owner, state, skillset, tombstone, movedTo }): Version => {
      if (tombstone) {
        const body = { kind: 'contact' as const, id, owner, rev, ...(movedTo === undefined ? {} : { movedTo }) };
        return { kind: 'contact', key: id, rev, live: undefined, message: { type: 'tombstone', body } };
      }
      const body = contact(id, { owner, rev, state, skillset });
      return {
        kind: 'contact',
        key: id,
        rev,
        live: terminalStates.includes(state) ? undefined : body,
        message: { type: 'contact.snapshot', body },
      };
    });

// Distinct revs per key (one writer never sends two different messages at one rev), each maybe
// with an extra tombstone at the same rev: a deletion announced both ways.
const versionsOf = (make: (rev: number) => fc.Arbitrary<Version>, tie: (rev: number) => Version) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 5 })
    .chain((revs) => fc.tuple(...revs.map((rev) => fc.tuple(make(rev), fc.boolean()))))
    .map((pairs) => pairs.flatMap(([version, tied]) => (tied && version.live !== undefined ? [version, tie(version.rev)] : [version])));

const agentTie =
  (home: string, id: string) =>
  (rev: number): Version => ({
    kind: 'agent',
    key: `${home}/${id}`,
    rev,
    live: undefined,
    message: { type: 'tombstone', body: { kind: 'agent', id, owner: home, rev } },
  });
const contactTie =
  (id: string) =>
  (rev: number): Version => ({
    kind: 'contact',
    key: id,
    rev,
    live: undefined,
    message: { type: 'tombstone', body: { kind: 'contact', id, owner: 'london', rev } },
  });

/** Every version of every key. */
export const versionsArb: fc.Arbitrary<Version[]> = fc
  .tuple(
    ...centres.flatMap((home) => agentIds.map((id) => versionsOf((rev) => agentVersion(home, id, rev), agentTie(home, id)))),
    ...contactIds.map((id) => versionsOf((rev) => contactVersion(id, rev), contactTie(id))),
  )
  .map((groups) => groups.flat());

/** Presence news about the centres, to mix in with the versions. */
export const presenceArb: fc.Arbitrary<ReplicaInput[]> = fc.array(
  fc.oneof(
    fc
      .record({
        centre: fc.constantFrom(...centres),
        status: fc.constantFrom('online' as const, 'offline' as const),
        incarnation: fc.nat(3),
      })
      .map((body): ReplicaInput => ({ type: 'presence', body: { ...body, since: 0 } })),
    fc.constantFrom(...centres).map((centre): ReplicaInput => ({ type: 'retained.cleared', topic: `presence/${centre}` })),
  ),
  { maxLength: 6 },
);

/** All messages of `versions` plus `extra`, some repeated, in any order. */
export const deliveryArb = (versions: readonly Version[], extra: readonly ReplicaInput[] = []): fc.Arbitrary<ReplicaInput[]> => {
  const messages = [...versions.map((v) => v.message), ...extra];
  return fc
    .array(fc.nat(Math.max(0, messages.length - 1)), { maxLength: messages.length === 0 ? 0 : 8 })
    .map((repeats) => [...messages, ...repeats.map((i) => messages[i] as ReplicaInput)])
    .chain((all) => fc.shuffledSubarray(all, { minLength: all.length }));
};

const stateQuery = <S extends string>(states: readonly S[]) =>
  fc.option(fc.oneof(fc.constantFrom(...states), fc.subarray([...states])), { nil: undefined });

export const agentQueryArb: fc.Arbitrary<AgentQuery> = fc
  .record(
    {
      centre: fc.constantFrom(...centres, 'nowhere'),
      state: stateQuery(agentStates),
      skill: fc.constantFrom(...skills, 'nobody-has-it'),
      minProficiency: fc.integer({ min: 1, max: 10 }),
      includeOffline: fc.boolean(),
      includeLoggedOut: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((query) => {
    const { state, minProficiency, ...rest } = query;
    return {
      ...rest,
      ...(state === undefined ? {} : { state }),
      ...(minProficiency === undefined || rest.skill === undefined ? {} : { minProficiency }),
    };
  });

export const contactQueryArb: fc.Arbitrary<ContactQuery> = fc
  .record(
    {
      owner: fc.constantFrom(...centres, 'nowhere'),
      state: stateQuery([...liveContactStates, ...terminalStates]),
      skillset: fc.constantFrom(...skills, 'nobody-has-it'),
    },
    { requiredKeys: [] },
  )
  .map(({ state, ...rest }) => ({ ...rest, ...(state === undefined ? {} : { state }) }));
