import type { IncomingMessage } from 'node:http';
import { createRelay, type RelayIdentity } from '@contactmesh/transports/websocket';
import type { Wall } from '../demo/wall.js';
import type { Io } from '../io.js';
import type { RelayCommandOptions } from './relay-options.js';
import { loadRelayTokens, TokensFileError } from './tokens-file.js';

/**
 * Runs a WebSocket relay until interrupted: centres, gateways and agents' own computers connect to
 * it with `createWebSocketTransport({ url })`, presenting `Authorization: Bearer <token>`. With
 * `tokenEnv`, that environment variable's token lets a participant in unbound: it may use any id
 * and topic (a trusted network). With `tokensFile`, each token of the file binds its participant to
 * one identity and role, and the relay holds it to the topics that name it (docs/security.md).
 * With neither, anyone may connect.
 *
 * @example
 * ```ts
 * await runRelay({ port: 8787, host: '0.0.0.0', tokensFile: 'relay-tokens.json' }, io, realWall, process.env);
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
  const bound = options.tokensFile === undefined ? undefined : await loadRelayTokens(options.tokensFile);
  if (token !== undefined && bound?.has(token) === true) {
    throw new TokensFileError(
      `${options.tokensFile}: the token in ${options.tokenEnv} is bound to an identity there too; the shared token must be another one.`,
    );
  }
  const authenticate =
    token === undefined && bound === undefined
      ? undefined
      : (request: IncomingMessage): boolean | RelayIdentity => {
          const header = request.headers.authorization;
          if (header === undefined || !header.startsWith('Bearer ')) return false;
          const presented = header.slice('Bearer '.length);
          return bound?.get(presented) ?? presented === token;
        };
  const relay = await createRelay({
    port: options.port,
    host: options.host,
    ...(options.allowOrigin === undefined ? {} : { allowedOrigins: options.allowOrigin }),
    ...(options.maxPayload === undefined ? {} : { limits: { maxPayloadBytes: options.maxPayload } }),
    ...(options.maxRate === undefined ? {} : { rateLimit: options.maxRate === 0 ? false : { messagesPerSecond: options.maxRate } }),
    ...(authenticate === undefined ? {} : { authenticate }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    ...(options.handshakeSeconds === undefined ? {} : { handshakeTimeoutMs: options.handshakeSeconds * 1_000 }),
  });
  const access = [
    ...(token === undefined ? [] : ['token required']),
    ...(bound === undefined ? [] : [`${bound.size} token${bound.size === 1 ? '' : 's'} bound to identities`]),
  ];
  io.out(`relay listening on ${relay.url ?? '(unknown)'}${access.length === 0 ? '' : ` (${access.join('; ')})`}; Ctrl-C stops it`);
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
