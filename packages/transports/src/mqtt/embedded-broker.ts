import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureContextOptions } from 'node:tls';
import { Aedes } from 'aedes';
import { checkInteger, checkKeys, invalidOption } from '../shared/option-checks.js';

/** Options of {@link startEmbeddedBroker}. */
export interface EmbeddedBrokerOptions {
  /** Interface to listen on. Default `127.0.0.1`: the embedded broker is for this machine only. */
  readonly host?: string;
  /** TCP port; 0 (default) takes a free one. */
  readonly port?: number;
  /** Serve MQTT over TLS (`mqtts://`) with this certificate and key (PEM); default plain TCP. */
  readonly tls?: { readonly cert: SecureContextOptions['cert']; readonly key: SecureContextOptions['key'] };
}

/** A running embedded broker. */
export interface EmbeddedBroker {
  /** `mqtt://host:port` (`mqtts://` with `tls`), ready for `createMqttTransport({ url })`. */
  readonly url: string;
  readonly port: number;
  /** Drops every connection (no wills: the broker goes with them) and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an in-process MQTT 3.1.1 broker (aedes) for the demo and the tests, with TCP_NODELAY on
 * every connection it accepts. For production use a real broker (Mosquitto, EMQX, HiveMQ, VerneMQ).
 *
 * @example
 * ```ts
 * const broker = await startEmbeddedBroker();
 * const london = createMqttTransport({ participantId: 'london', url: broker.url });
 * await london.connect();
 * // …
 * await london.close();
 * await broker.close();
 * ```
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  checkKeys('options', options, ['host', 'port', 'tls']);
  if (options.tls !== undefined) checkKeys('tls', options.tls, ['cert', 'key']);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) throw invalidOption('host', host, 'a host name or address');
  const requested = checkInteger('port', options.port ?? 0);
  if (requested > 65_535) throw invalidOption('port', requested, 'a TCP port between 0 and 65535');
  const aedes = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  };
  const server: Server = options.tls === undefined ? createServer(accept) : createTlsServer({ ...options.tls }, accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requested, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : requested;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.tls === undefined ? 'mqtt' : 'mqtts'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        await stopped;
      })();
      return closing;
    },
  };
}
