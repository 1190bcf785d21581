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
