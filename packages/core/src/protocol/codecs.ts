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

/** A record with at most `max` keys matching `key`. */
export const boundedRecord = <K extends t.Mixed, V extends t.Mixed>(key: K, value: V, max: number) =>
  refine(t.record(key, value), (r) => Object.keys(r).length <= max, `an object with at most ${max} keys`);

/** One of the given string literals. */
export const oneOf = <const L extends readonly [string, string, ...string[]]>(values: L) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in L[number]]: null }, values.join(' | '));
