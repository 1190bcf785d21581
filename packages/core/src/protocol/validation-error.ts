import * as t from 'io-ts';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';

/**
 * Turns io-ts errors into one coded error that names the path of the first bad field, what was
 * expected there and what was found. `what` names the input in the text ("Invalid config at …").
 *
 * @example
 * ```ts
 * const decoded = CentreId.decode('London');
 * if (isLeft(decoded)) throw invalidMessage(decoded.left, ['centre']); // Invalid message at centre: expected a centre id …
 * ```
 */
export function invalidMessage(errors: t.Errors, prefix: readonly string[] = [], what = 'message'): ContactmeshError {
  const first = errors[0];
  if (first === undefined) return new ContactmeshError(ErrorCode.INVALID_MESSAGE, `Invalid ${what}.`);
  const path = [...prefix, ...pathOf(first.context)].join('.') || '(root)';
  const expected = first.message ?? `expected ${first.context[first.context.length - 1]?.type.name ?? 'a valid value'}`;
  const found = first.value === undefined ? 'nothing (the field is missing)' : preview(first.value);
  const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return new ContactmeshError(ErrorCode.INVALID_MESSAGE, `Invalid ${what} at ${path}: ${expected}, got ${found}${more}.`, {
    path,
    value: first.value,
  });
}

/**
 * Every problem in `errors`, one line per field (a union's branches that all failed at one field
 * make one line: the first), at most `max` lines and a count of the rest. For a file a person
 * fixes in one go, where {@link invalidMessage} names the first problem only.
 *
 * @example
 * ```ts
 * invalidProblems(errors, [], 5); // ['at agents.0.skills.billing: expected an integer from 1 to 10, got 11', …]
 * ```
 */
export function invalidProblems(errors: t.Errors, prefix: readonly string[] = [], max = 20): string[] {
  const lines = new Map<string, string>();
  for (const error of errors) {
    const path = [...prefix, ...pathOf(error.context)].join('.') || '(root)';
    if (lines.has(path)) continue;
    const expected = error.message ?? `expected ${error.context[error.context.length - 1]?.type.name ?? 'a valid value'}`;
    const found = error.value === undefined ? 'nothing (the field is missing)' : preview(error.value);
    lines.set(path, `at ${path}: ${expected}, got ${found}`);
  }
  const all = [...lines.values()];
  return all.length <= max ? all : [...all.slice(0, max), `… and ${all.length - max} more`];
}

// Keys under intersections and unions are member indices, not field names: skip them.
function pathOf(context: t.Context): string[] {
  const path: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]?.type;
    const entry = context[i];
    if (entry === undefined || parent instanceof t.IntersectionType || parent instanceof t.UnionType) continue;
    path.push(entry.key);
  }
  return path;
}
