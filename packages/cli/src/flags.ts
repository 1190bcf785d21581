import { InvalidArgumentError } from 'commander';

/**
 * Parses a whole number from `min` to `max` for `flag`.
 *
 * @example
 * ```ts
 * wholeNumberFlag('--max-connections', 1, 1_000_000)('500'); // 500
 * ```
 */
export const wholeNumberFlag =
  (flag: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
    return n;
  };
