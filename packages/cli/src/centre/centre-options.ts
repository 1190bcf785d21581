import { InvalidArgumentError } from 'commander';

/** What `contactmesh centre` was asked to do. */
export interface CentreCommandOptions {
  /** The centre's id: a-z, 0-9 and -, unique in the network. Else the config's `id`: one of the two is required. */
  readonly id?: string;
  /** The broker or relay: `mqtt://`, `mqtts://`, `ws://` or `wss://`. Else the config's `transport.url`: one of the two is required. */
  readonly transport?: string;
  /** The JSON config file: policies, modes, transport settings; with `simulate`, agents and traffic (docs/cli.md). Optional. */
  readonly config?: string;
  /** A simulated ACD answers for the config's agents and makes its traffic; without it, your ACD drives the centre over standard input and output. */
  readonly simulate?: boolean;
  /** The network's id; default the config's `network`, else `demo`. */
  readonly network?: string;
  /** Print every line as JSON (for scripts and tests). */
  readonly json?: boolean;
  /** Leave out log lines below this level (`info`, `warn`, `error`); the protocol's lines are always printed. Default `info`. */
  readonly logLevel?: 'info' | 'warn' | 'error';
  /** Seed of the simulated ACD's and the traffic's draws. */
  readonly seed: number;
  /** This life of the centre; default the current time in ms, so a restart is a new incarnation. */
  readonly incarnation?: number;
  /** Serve Prometheus metrics, `/healthz` and `/readyz` on this port (0: any free one). */
  readonly metricsPort?: number;
  /** The interface the metrics listen on; default 127.0.0.1. */
  readonly metricsHost?: string;
  /** Print the resolved config (flags, file and defaults) as JSON and exit, without connecting. */
  readonly printConfig?: boolean;
}

const idPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Parses `--id` and `--network`: a-z, 0-9 and -, at most 63 characters.
 *
 * @example
 * ```ts
 * parseCentreId('london'); // 'london'
 * ```
 */
export function parseCentreId(value: string): string {
  if (!idPattern.test(value))
    throw new InvalidArgumentError(
      `An id is a-z, 0-9 and - (at most 63 characters, not starting with -), e.g. london; got ${JSON.stringify(value)}.`,
    );
  return value;
}

/**
 * Parses `--transport`: a broker or relay URL.
 *
 * @example
 * ```ts
 * parseTransportUrl('mqtt://127.0.0.1:1883'); // 'mqtt://127.0.0.1:1883'
 * ```
 */
export function parseTransportUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(url.protocol) || url.hostname === '')
    throw new InvalidArgumentError(
      `--transport is an mqtt://, mqtts://, ws:// or wss:// URL, e.g. mqtt://127.0.0.1:1883 or ws://127.0.0.1:8787; got ${JSON.stringify(value)}.`,
    );
  return value;
}

/**
 * Parses `--log-level`.
 *
 * @example
 * ```ts
 * parseLogLevel('warn'); // 'warn'
 * ```
 */
export function parseLogLevel(value: string): 'info' | 'warn' | 'error' {
  if (value === 'info' || value === 'warn' || value === 'error') return value;
  throw new InvalidArgumentError(`--log-level is info, warn or error; got ${JSON.stringify(value)}.`);
}
