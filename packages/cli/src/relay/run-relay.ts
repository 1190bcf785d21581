import { createRelay } from '@contactmesh/transports/websocket';
import type { Wall } from '../demo/wall.js';
import type { Io } from '../io.js';
import type { RelayCommandOptions } from './relay-options.js';

/**
 * Runs a WebSocket relay until interrupted: centres, gateways and agents' own computers connect to
 * it with `createWebSocketTransport({ url })`. With `tokenEnv`, every upgrade must carry
 * `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * await runRelay({ port: 8787, host: '0.0.0.0', tokenEnv: 'RELAY_TOKEN' }, io, realWall, process.env);
 * ```
 */
export async function runRelay(
  options: RelayCommandOptions,
  io: Io,
  wall: Wall,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const token = options.tokenEnv === undefined ? undefined : env[options.tokenEnv];
  if (options.tokenEnv !== undefined && (token === undefined || token.length < 16)) {
    throw new Error(`The environment variable ${options.tokenEnv} must hold a token of at least 16 characters.`);
  }
  const relay = await createRelay({
    port: options.port,
    host: options.host,
    ...(options.allowOrigin === undefined ? {} : { allowedOrigins: options.allowOrigin }),
    ...(options.maxPayload === undefined ? {} : { limits: { maxPayloadBytes: options.maxPayload } }),
    ...(options.maxRate === undefined ? {} : { rateLimit: options.maxRate === 0 ? false : { messagesPerSecond: options.maxRate } }),
    ...(token === undefined ? {} : { authenticate: (request) => request.headers.authorization === `Bearer ${token}` }),
  });
  io.out(`relay listening on ${relay.url ?? '(unknown)'}${token === undefined ? '' : ' (token required)'}; Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    const off = wall.onInterrupt(() => {
      off();
      resolve();
    });
  });
  const stats = relay.stats();
  await relay.close();
  io.out(`relay stopped: ${JSON.stringify(stats)}`);
}
