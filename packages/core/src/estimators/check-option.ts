import { ContactmeshError, ErrorCode, preview } from '../errors/index.js';

/**
 * Returns `value` when `valid(value)` holds, and otherwise throws `CM_ERR_INVALID_OPTION` naming the
 * option, the value and what is allowed. Options are programmer input: a bad one is a mistake to
 * report at once, not data to tolerate.
 *
 * @example
 * ```ts
 * const alpha = checkOption('alpha', options.alpha, (a) => a > 0 && a <= 1, 'a number in (0, 1]');
 * ```
 */
export function checkOption(name: string, value: number, valid: (value: number) => boolean, allowed: string): number {
  if (Number.isFinite(value) && valid(value)) return value;
  throw new ContactmeshError(ErrorCode.INVALID_OPTION, `Option ${name} is ${preview(value)}; use ${allowed}.`, { path: name, value });
}
