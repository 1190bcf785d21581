import { ContactmeshError, ErrorCode, preview } from '@contactmesh/core';

/** A programmer's option is out of range or of the wrong type; thrown at configuration time. */
export function invalidOption(path: string, value: unknown, expected: string): ContactmeshError {
  return new ContactmeshError(ErrorCode.INVALID_OPTION, `Option ${path} must be ${expected}, got ${preview(value)}.`, { path, value });
}

/** Checks a probability in [0, 1]. */
export function checkProbability(path: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw invalidOption(path, value, 'a probability between 0 and 1');
  return value;
}

/** Checks a whole number of milliseconds (or another count) of at least `min`. */
export function checkInteger(path: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidOption(path, value, `an integer of at least ${min}`);
  }
  return value;
}

/** Checks a participant id: a non-empty string. */
export function checkParticipantId(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidOption(path, value, 'a non-empty participant id');
  return value;
}

/** Checks that `value` is a plain object whose keys are all in `known`, so a typo is not silently ignored. */
export function checkKeys(path: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  const error = unknownKey(path, value, known);
  if (error !== undefined) throw error;
  return value as Record<string, unknown>;
}

/** {@link checkKeys} for options given at run time, whose error rejects a promise instead of being thrown. */
export function unknownKey(path: string, value: unknown, known: readonly string[]): ContactmeshError | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalidOption(path, value, 'an object');
  const key = Object.keys(value).find((k) => !known.includes(k));
  return key === undefined ? undefined : invalidOption(`${path}.${key}`, key, `one of ${known.join(', ')}`);
}
