import { createServer, connect as dial, type Socket } from 'node:net';

// MQTT 5 says that a broker which lets a second connection take a client id sends the first one a
// DISCONNECT with reason code 0x8E ("session taken over") before it closes it. Mosquitto does so
// from 2.0.15 on (eclipse/mosquitto#2607); Debian 12's 2.0.11, which CI runs, just closes the
// socket. This TCP relay sits between clients and such a broker and adds what a newer broker says:
// when the broker closes a connection after another one through the relay has sent a CONNECT with
// the same client id, the relay writes that DISCONNECT (`E0 01 8E`) to the client before passing
// the close on — unless the broker's last bytes were just that. Everything else goes through
// untouched.

/** A relay in front of a broker on 127.0.0.1. */
export interface TakeoverAnnouncer {
  readonly port: number;
  readonly url: string;
  /** How many DISCONNECTs with reason code 0x8E the relay has written. */
  readonly announced: number;
  close(): Promise<void>;
}

const sessionTakenOver = Buffer.from([0xe0, 0x01, 0x8e]);

/** One client's connection through the relay. */
interface Pair {
  readonly client: Socket;
  readonly broker: Socket;
  clientId: string | undefined;
  version: number | undefined;
  takenOver: boolean;
  /** The last bytes the broker sent: whether it said "taken over" itself. */
  tail: Buffer;
}

/** The protocol version and client id of a complete CONNECT packet at the start of `bytes`; undefined while incomplete. */
function readConnect(bytes: Buffer): { readonly version: number; readonly clientId: string } | undefined {
  if (bytes.length < 2 || bytes[0] !== 0x10) return undefined;
  let [length, i] = varint(bytes, 1) ?? [];
  if (length === undefined || i === undefined || bytes.length < i + length) return undefined;
  i += 2 + bytes.readUInt16BE(i); // protocol name
  const version = bytes[i] ?? 0;
  i += 1 + 1 + 2; // version, flags, keepalive
  if (version === 5) {
    const [properties, after] = varint(bytes, i) ?? [0, i];
    i = after + properties;
  }
  const idLength = bytes.readUInt16BE(i);
  return { version, clientId: bytes.toString('utf8', i + 2, i + 2 + idLength) };
}

function varint(bytes: Buffer, start: number): [number, number] | undefined {
  let value = 0;
  for (let i = start, shift = 0; i < bytes.length && shift < 28; i++, shift += 7) {
    const byte = bytes[i] ?? 0;
    value += (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  return undefined;
}

/**
 * Starts the relay on a free loopback port, in front of the broker at `127.0.0.1:{targetPort}`.
 *
 * @example
 * ```ts
 * const relay = await startTakeoverAnnouncer(broker.port);
 * const first = createMqttTransport({ participantId: 'london', url: relay.url });
 * ```
 */
export async function startTakeoverAnnouncer(targetPort: number): Promise<TakeoverAnnouncer> {
  const pairs = new Set<Pair>();
  let announced = 0;
  const server = createServer((client) => {
    client.setNoDelay(true);
    const broker = dial(targetPort, '127.0.0.1');
    broker.setNoDelay(true);
    const pair: Pair = { client, broker, clientId: undefined, version: undefined, takenOver: false, tail: Buffer.alloc(0) };
    pairs.add(pair);
    let head = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (pair.clientId === undefined) {
        head = Buffer.concat([head, chunk]);
        const connect = readConnect(head);
        if (connect !== undefined) {
          pair.clientId = connect.clientId;
          pair.version = connect.version;
          for (const other of pairs) if (other !== pair && other.clientId === connect.clientId) other.takenOver = true;
        }
      }
      broker.write(chunk);
    });
    broker.on('data', (chunk: Buffer) => {
      pair.tail = Buffer.concat([pair.tail, chunk]).subarray(-sessionTakenOver.length);
      client.write(chunk);
    });
    broker.on('end', () => {
      if (pair.takenOver && pair.version === 5 && !pair.tail.equals(sessionTakenOver)) {
        announced += 1;
        client.write(sessionTakenOver);
      }
      client.end();
    });
    client.on('end', () => broker.end());
    // A close goes on as a FIN, after what was written before it; an error resets both sides.
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      broker.destroy();
    };
    client.on('close', drop).on('error', drop);
    broker.on('close', () => {
      pairs.delete(pair);
      client.end();
    });
    broker.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    get announced() {
      return announced;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pair of pairs) {
        pair.client.destroy();
        pair.broker.destroy();
      }
      await closed;
    },
  };
}
