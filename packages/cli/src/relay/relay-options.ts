import { InvalidArgumentError } from 'commander';

/** What `contactmesh relay` was asked to do. */
export interface RelayCommandOptions {
  readonly port: number;
  readonly host: string;
  /** Browser origins allowed to connect; none given: any. */
  readonly allowOrigin?: readonly string[];
  /** The name of an environment variable holding the token every participant must present. */
  readonly tokenEnv?: string;
  /** A JSON file binding tokens to participants' identities and roles (`tokens-file.ts`). */
  readonly tokensFile?: string;
  /** Largest payload in bytes. */
  readonly maxPayload?: number;
  /** Publications a second each participant may make; 0 turns the limit off. */
  readonly maxRate?: number;
  /** Most WebSocket connections at once. */
  readonly maxConnections?: number;
  /** Seconds a TCP connection has to complete its WebSocket upgrade. */
  readonly handshakeSeconds?: number;
}

export const defaultRelayPort = 8_787;

/**
 * Parses `--port`: a whole number from 0 (any free port) to 65535.
 *
 * @example
 * ```ts
 * parsePort('8787'); // 8787
 * ```
 */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535)
    throw new InvalidArgumentError(
      `The port must be a whole number from 0 to 65535 (0: any free port), e.g. --port 8787; got ${JSON.stringify(value)}.`,
    );
  return port;
}

/**
 * Parses `--max-payload`: bytes, from 1 KiB to 16 MiB.
 *
 * @example
 * ```ts
 * parseMaxPayload('65536'); // 65536
 * ```
 */
export function parseMaxPayload(value: string): number {
  const bytes = Number(value);
  if (!/^\d+$/.test(value.trim()) || bytes < 1_024 || bytes > 16 * 1_024 * 1_024)
    throw new InvalidArgumentError(
      `The largest payload must be a whole number of bytes from 1024 to 16777216, e.g. --max-payload 65536; got ${JSON.stringify(value)}.`,
    );
  return bytes;
}

/**
 * Collects `--allow-origin`, which may be given more than once: each an origin such as
 * `https://status.example.com`.
 *
 * @example
 * ```ts
 * collectOrigin('https://a.example', []); // ['https://a.example']
 * ```
 */
export function collectOrigin(value: string, previous: readonly string[] = []): readonly string[] {
  let origin: URL;
  try {
    origin = new URL(value);
  } catch {
    throw new InvalidArgumentError(
      `An allowed origin must be a URL origin such as https://status.example.com; got ${JSON.stringify(value)}.`,
    );
  }
  if (origin.origin !== value)
    throw new InvalidArgumentError(`An allowed origin is scheme, host and port only, e.g. ${origin.origin}; got ${JSON.stringify(value)}.`);
  return [...previous, value];
}

/**
 * Parses `--token-env`: the name of an environment variable (the token itself never goes on the
 * command line, where other users of the machine could read it).
 *
 * @example
 * ```ts
 * parseTokenEnv('RELAY_TOKEN'); // 'RELAY_TOKEN'
 * ```
 */
export function parseTokenEnv(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value))
    throw new InvalidArgumentError(
      `--token-env names an environment variable (letters, digits, _), e.g. --token-env RELAY_TOKEN; got ${JSON.stringify(value)}.`,
    );
  return value;
}

/**
 * Parses `--max-rate`: publications a second per participant, 0 (no limit) to 1,000,000.
 *
 * @example
 * ```ts
 * parseMaxRate('200'); // 200
 * ```
 */
export function parseMaxRate(value: string): number {
  const rate = Number(value);
  if (!/^\d+$/.test(value.trim()) || rate > 1_000_000)
    throw new InvalidArgumentError(
      `The rate must be a whole number of publications a second from 0 (no limit) to 1000000, e.g. --max-rate 200; got ${JSON.stringify(value)}.`,
    );
  return rate;
}
