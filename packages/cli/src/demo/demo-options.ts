import { InvalidArgumentError } from 'commander';

/** What `contactmesh demo` was asked to do. */
export interface DemoOptions {
  /** Seed of every random draw; the same seed gives the same run. */
  readonly seed: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** Simulated seconds to run before stopping; absent = until interrupted. */
  readonly duration?: number;
  /** Print the final metrics as JSON (progress then goes to stderr). */
  readonly json?: boolean;
}

export const defaultSeed = 1;
export const defaultSpeed = 30;
const maxSpeed = 1_000_000;

/**
 * Parses `--seed`: a whole number from 0 to 4294967295.
 *
 * @example
 * ```ts
 * parseSeed('42'); // 42
 * ```
 */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !(seed <= 0xffffffff))
    throw new InvalidArgumentError(`The seed must be a whole number from 0 to 4294967295, e.g. --seed 42; got ${JSON.stringify(value)}.`);
  return seed;
}

/**
 * Parses `--speed`: how many simulated seconds pass per real second, above 0 and at most 1,000,000.
 *
 * @example
 * ```ts
 * parseSpeed('60'); // 60: a simulated minute per real second
 * ```
 */
export function parseSpeed(value: string): number {
  const speed = Number(value);
  if (value.trim() === '' || !(speed > 0 && speed <= maxSpeed))
    throw new InvalidArgumentError(
      `The speed must be a number above 0 and at most ${maxSpeed} (simulated seconds per real second), e.g. --speed 60; got ${JSON.stringify(value)}.`,
    );
  return speed;
}

/**
 * Parses `--duration`: simulated seconds to run, above 0.
 *
 * @example
 * ```ts
 * parseDuration('3600'); // one simulated hour
 * ```
 */
export function parseDuration(value: string): number {
  const duration = Number(value);
  if (value.trim() === '' || !(duration > 0 && Number.isFinite(duration)))
    throw new InvalidArgumentError(
      `The duration must be a number of simulated seconds above 0, e.g. --duration 600; got ${JSON.stringify(value)}.`,
    );
  return duration;
}
