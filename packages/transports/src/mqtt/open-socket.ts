import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ResolvedMqttOptions } from './mqtt-options.js';

/**
 * Opens the TCP (or TLS) connection to the broker with TCP_NODELAY set. mqtt.js leaves Nagle's
 * algorithm on, and Nagle holding a small PUBACK until the peer's delayed ACK fires turns a QoS 1
 * round trip of a fraction of a millisecond into ~40 ms.
 *
 * @example
 * ```ts
 * const socket = openSocket(resolveMqttOptions({ participantId: 'london', url: 'mqtt://127.0.0.1:1883' }));
 * ```
 */
export function openSocket(options: Pick<ResolvedMqttOptions, 'secure' | 'host' | 'port' | 'tls' | 'onSocket'>): Socket {
  const { host, port, tls } = options;
  // SNI carries a host name, never an address (RFC 6066).
  const servername = isIP(host) === 0 ? { servername: host } : {};
  const socket = options.secure ? connectTls({ host, port, ...servername, ...tls }) : connectTcp({ host, port });
  socket.setNoDelay(true);
  options.onSocket?.(socket);
  return socket;
}
