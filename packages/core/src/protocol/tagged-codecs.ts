import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * A union tagged by `kind` that decodes with the one member its `kind` names. A plain `t.union`
 * reports the first member's errors ("expected kind "weighted"") for a rule that is meant to be
 * lexicographic; this reports the bad field of the member the sender meant.
 *
 * @example
 * ```ts
 * const Shape = byKind({ dot: t.type({ kind: t.literal('dot') }), line: t.type({ kind: t.literal('line'), length: t.number }) }, 'a shape');
 * Shape.decode({ kind: 'line' }); // fails at `length`, not at `kind`
 * ```
 */
export function byKind<const M extends Readonly<Record<string, t.Mixed>>>(
  members: M,
  name: string,
): t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown> {
  const kinds = Object.keys(members);
  const memberOf = (u: unknown): t.Mixed | undefined => {
    if (typeof u !== 'object' || u === null || !('kind' in u) || typeof u.kind !== 'string') return undefined;
    return Object.hasOwn(members, u.kind) ? members[u.kind] : undefined;
  };
  return new t.Type(
    name,
    (u): u is t.TypeOf<M[keyof M]> => memberOf(u)?.is(u) === true,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, `expected ${name}`);
      const member = memberOf(u);
      if (member !== undefined) return member.validate(u, c);
      const kind = 'kind' in u ? u.kind : undefined;
      return t.failure(
        kind,
        t.appendContext(c, 'kind', t.string, kind),
        `expected kind to be one of ${kinds.map((k) => JSON.stringify(k)).join(', ')}`,
      );
    },
    (a) => memberOf(a)?.encode(a) ?? a,
  );
}

/**
 * An object with `required` and `optional` fields and no others. Unknown fields are refused at
 * their own path, so a typo such as `treshold` or `{ costs: -1 }` fails loudly instead of a rule
 * silently scoring without it.
 *
 * @example
 * ```ts
 * const Params = closed({ targetMs: t.number }, {}, 'service-level params');
 * Params.decode({ targetMs: 5, target: 5 }); // fails at `target`: not a field of service-level params
 * ```
 */
export function closed<R extends t.Props, O extends t.Props>(
  required: R,
  optional: O,
  name: string,
): t.Type<t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>, t.OutputOf<t.TypeC<R>> & t.OutputOf<t.PartialC<O>>, unknown> {
  // Two codecs over the same context rather than a t.intersection, whose member index would show up in error paths.
  const fields = t.type(required);
  const options = t.partial(optional);
  const known = [...Object.keys(required), ...Object.keys(optional)];
  const unknownKey = (value: object) => Object.keys(value).find((key) => !known.includes(key));
  const expected = known.length === 0 ? 'no fields' : `only ${known.join(', ')}`;
  return new t.Type(
    name,
    (u): u is t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>> => fields.is(u) && options.is(u) && unknownKey(u) === undefined,
    (u, c) => {
      const a = fields.validate(u, c);
      if (isLeft(a)) return a;
      const b = options.validate(u, c);
      if (isLeft(b)) return b;
      const key = unknownKey(a.right);
      if (key === undefined) return t.success({ ...a.right, ...b.right });
      const value: unknown = Object.getOwnPropertyDescriptor(a.right, key)?.value;
      return t.failure(
        value,
        t.appendContext(c, key, t.never, value),
        `expected no field ${JSON.stringify(key)} in ${name} (it has ${expected})`,
      );
    },
    (a) => ({ ...fields.encode(a), ...options.encode(a) }),
  );
}

/**
 * A record of at most `max` entries whose every key passes `key`. Unlike `t.record`, which
 * silently drops keys its key codec refuses, a bad key fails at its own path — a penalty for a
 * mistyped centre must not vanish without a word.
 *
 * @example
 * ```ts
 * strictRecord(CentreId, t.number, 256, 'penalties').decode({ Paris: -1 }); // fails at `Paris`
 * ```
 */
export function strictRecord<V extends t.Mixed>(
  key: t.Type<string, string, unknown>,
  value: V,
  max: number,
  name: string,
): t.Type<Record<string, t.TypeOf<V>>, Record<string, t.OutputOf<V>>, unknown> {
  const record = t.record(t.string, value);
  return new t.Type(
    name,
    (u): u is Record<string, t.TypeOf<V>> => record.is(u) && Object.keys(u).length <= max && Object.keys(u).every((k) => key.is(k)),
    (u, c) => {
      if (!t.UnknownRecord.is(u) || Array.isArray(u)) return t.failure(u, c, `expected ${name}: an object`);
      const keys = Object.keys(u);
      if (keys.length > max) return t.failure(u, c, `expected ${name} with at most ${max} entries`);
      const bad = keys.find((k) => !key.is(k));
      if (bad !== undefined) return t.failure(bad, t.appendContext(c, bad, key, bad), `expected ${key.name} as a key of ${name}`);
      return record.validate(u, c);
    },
    record.encode,
  );
}
