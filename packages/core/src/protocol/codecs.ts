import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * Narrows a codec with a predicate while keeping the plain TypeScript type (no brands), and
 * names the rule so a decoding error can say what was expected.
 */
export function refine<C extends t.Any>(
  codec: C,
  predicate: (value: t.TypeOf<C>) => boolean,
  name: string,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> {
  return new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    name,
    (u): u is t.TypeOf<C> => codec.is(u) && predicate(u),
    (u, c) => {
      const decoded = codec.validate(u, c);
      if (!isRight(decoded)) return decoded;
      return predicate(decoded.right) ? t.success(decoded.right) : t.failure(u, c, `expected ${name}`);
    },
    codec.encode,
  );
}

/** A string of `min`..`max` UTF-16 code units matching `pattern`. */
export const pattern = (regex: RegExp, name: string) => refine(t.string, (s) => regex.test(s), name);

/** A string of at most `max` characters. */
export const boundedString = (max: number, min = 0) =>
  refine(t.string, (s) => s.length >= min && s.length <= max, `a string of ${min} to ${max} characters`);

/** An integer in [min, max]. */
export const int = (min: number, max: number) =>
  refine(t.number, (n) => Number.isSafeInteger(n) && n >= min && n <= max, `an integer from ${min} to ${max}`);

/** A finite number in [min, max]. */
export const finite = (min: number, max: number) =>
  refine(t.number, (n) => Number.isFinite(n) && n >= min && n <= max, `a number from ${min} to ${max}`);

/** An array of at most `max` items. */
export const boundedArray = <C extends t.Mixed>(item: C, max: number) =>
  refine(t.array(item), (a) => a.length <= max, `an array of at most ${max} items`);

/**
 * A record with at most `max` keys matching `key`. Decoding drops the keys `key` refuses, with
 * their values, as `t.record` does; `is` holds only when there are none, so that a value `is`
 * accepts decodes to itself (`t.record`'s own `is` passes over such keys).
 */
export const boundedRecord = <K extends t.Mixed, V extends t.Mixed>(key: K, value: V, max: number) => {
  const record = refine(t.record(key, value), (r) => Object.keys(r).length <= max, `an object with at most ${max} keys`);
  return new t.Type<t.TypeOf<typeof record>, t.OutputOf<typeof record>, unknown>(
    record.name,
    (u): u is t.TypeOf<typeof record> => record.is(u) && Object.keys(u as object).every((k) => key.is(k)),
    record.validate,
    record.encode,
  );
};

/** One of the given string literals. */
export const oneOf = <const L extends readonly [string, string, ...string[]]>(values: L) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in L[number]]: null }, values.join(' | '));

/**
 * An object with `required` and `optional` fields and no others: an unknown field (often a typo
 * in a config file) is an error that names it, where `t.type` would let it pass unseen.
 *
 * @example
 * ```ts
 * const Answer = closedType('Answer', { missChance: finite(0, 1) }, { delaySeconds: finite(0, 60) });
 * Answer.decode({ missChance: 0.1, delay: 3 }); // Left: unknown field "delay" (known: missChance, delaySeconds)
 * ```
 */
export function closedType<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) {
  const known = [...Object.keys(required), ...Object.keys(optional)];
  const must = t.type(required);
  const may = t.partial(optional);
  type Value = t.TypeOf<typeof must> & t.TypeOf<typeof may>;
  return new t.Type<Value, t.OutputOf<typeof must> & t.OutputOf<typeof may>, unknown>(
    name,
    (u): u is Value => must.is(u) && may.is(u) && Object.keys(u as object).every((k) => known.includes(k)),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, `expected an object (${name})`);
      // An unknown field first (a typo is the likeliest mistake), then what the known fields got wrong.
      const unknownKey = Object.keys(u).find((k) => !known.includes(k));
      const unknown: t.Errors =
        unknownKey === undefined
          ? []
          : [{ value: u, context: c, message: `unknown field ${JSON.stringify(unknownKey)} (known: ${known.join(', ') || 'none'})` }];
      // Both halves see the same context, so an error's path is the field's, with no member index.
      const a = must.validate(u, c);
      const b = may.validate(u, c);
      if (unknown.length === 0 && isRight(a) && isRight(b)) return t.success({ ...a.right, ...b.right } as Value);
      return t.failures([...unknown, ...(isRight(a) ? [] : a.left), ...(isRight(b) ? [] : b.left)]);
    },
    (value) => ({ ...must.encode(value), ...may.encode(value) }),
  );
}
