import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect as connectTcp } from 'node:net';
import { MqttClient } from 'mqtt';
import WebSocket, { WebSocketServer } from 'ws';
import type { Transport } from '../packages/core/src/index.js';
import { createMemoryHub } from '../packages/transports/src/memory/index.js';
import { createMqttTransport, type MqttTransport, startEmbeddedBroker } from '../packages/transports/src/mqtt/index.js';
import { createRelay, createWebSocketTransport, type WebSocketTransport } from '../packages/transports/src/websocket/index.js';

// The networks the benchmarks run on: for each transport, ours (contactmesh's Transport, relay or
// broker) and the bare library doing the same work, side by side in this process. Every TCP socket
// has TCP_NODELAY: ws sets it itself, mqtt.js does not, so the bare MQTT client sets it on the
// socket it opens (as our transport and the embedded broker do).

export type TransportKind = 'memory' | 'websocket' | 'mqtt';

/** One participant of the bare library: exact topics only, nothing checked, nothing decoded. */
export interface BareClient {
  /** Resolves once the subscription is in place (the broker's acknowledgement, for networked ones). */
  subscribe(topic: string, handler: (payload: Uint8Array) => void): Promise<void>;
  /** QoS 1 resolves on the relay's or broker's acknowledgement. */
  publish(topic: string, payload: Uint8Array, options: { readonly qos: 0 | 1; readonly retain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Ours and the bare library on one transport. */
export interface Networks {
  readonly kind: TransportKind;
  /** What carries ours, for reports. */
  readonly ours: string;
  /** What carries the bare variant, for reports. */
  readonly bare: string;
  /** A new (unconnected) transport of ours for participant `id`. */
  transport(id: string): Transport;
  /** Resolves once every transport made so far has its subscriptions acknowledged. */
  settled(): Promise<void>;
  /** A connected bare client. */
  bareClient(id: string): Promise<BareClient>;
  close(): Promise<void>;
}

/** Starts ours and the bare variant of `kind`. */
export async function openNetworks(kind: TransportKind): Promise<Networks> {
  if (kind === 'memory') return memoryNetworks();
  if (kind === 'websocket') return webSocketNetworks();
  return mqttNetworks();
}

function memoryNetworks(): Networks {
  const hub = createMemoryHub();
  return {
    kind: 'memory',
    ours: 'memory hub',
    bare: 'the same hub, bare transports',
    transport: (id) => hub.transport(id),
    settled: () => Promise.resolve(),
    async bareClient(id) {
      const transport = hub.transport(`raw-${id}`);
      await transport.connect();
      return {
        subscribe(topic, handler) {
          transport.subscribe(topic).subscribe((message) => handler(message.payload));
          return Promise.resolve();
        },
        publish: (topic, payload, options) => transport.publish(topic, payload, options),
        close: () => transport.close(),
      };
    },
    close: () => Promise.resolve(),
  };
}

async function webSocketNetworks(): Promise<Networks> {
  const relay = await createRelay({ port: 0, host: '127.0.0.1' });
  const bareRelay = await startBareRelay();
  const made: WebSocketTransport[] = [];
  return {
    kind: 'websocket',
    ours: 'createWebSocketTransport → createRelay',
    bare: 'raw ws clients → minimal raw ws relay',
    transport(id) {
      const transport = createWebSocketTransport({ url: relay.url ?? '', id });
      made.push(transport);
      return transport;
    },
    settled: async () => void (await Promise.all(made.map((t) => t.subscribed()))),
    bareClient: () => bareWebSocketClient(bareRelay.url),
    async close() {
      await relay.close();
      await bareRelay.close();
    },
  };
}

async function mqttNetworks(): Promise<Networks> {
  const broker = await startEmbeddedBroker();
  const made: MqttTransport[] = [];
  return {
    kind: 'mqtt',
    ours: 'createMqttTransport → embedded aedes',
    bare: 'raw mqtt.js (TCP_NODELAY) → the same aedes',
    transport(id) {
      const transport = createMqttTransport({ participantId: id, url: broker.url });
      made.push(transport);
      return transport;
    },
    settled: async () => void (await Promise.all(made.map((t) => t.whenSubscribed()))),
    bareClient: (id) => bareMqttClient(broker.port, id),
    close: () => broker.close(),
  };
}

// ── The bare WebSocket variant ───────────────────────────────────────────────────────────────────
// A minimal relay on raw `ws`, speaking the same frame layout as ours (a JSON header, then LF and
// the payload bytes), so the same bytes go over the same sockets: `sub` → `suback`, `pub` → `msg`
// to each subscriber of the exact topic or of the topic with `+` as its last level (an inbox
// `…/from/+`), then `puback` for QoS 1. No hello, no validation, no other wildcards, no wills, no
// heartbeat: only what carrying the message needs.

const LF = 0x0a;

interface Header {
  readonly type: string;
  readonly sid?: number;
  readonly mid?: number;
  readonly topic?: string;
  readonly filter?: string;
  readonly qos?: 0 | 1;
  readonly retain?: boolean;
}

const frame = (header: object, payload?: Uint8Array): string | Buffer =>
  payload === undefined ? JSON.stringify(header) : Buffer.concat([Buffer.from(JSON.stringify(header)), Buffer.of(LF), payload]);

const parse = (data: Buffer): { header: Header; payload: Buffer } => {
  const end = data.indexOf(LF);
  const header = JSON.parse(data.toString('utf8', 0, end < 0 ? data.length : end)) as Header;
  return { header, payload: end < 0 ? Buffer.alloc(0) : data.subarray(end + 1) };
};

async function startBareRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const subscribers = new Map<string, Map<WebSocket, number>>();
  const retained = new Map<string, Buffer>();
  wss.on('connection', (ws, request) => {
    request.socket.setNoDelay(true);
    const topics = new Set<string>();
    ws.on('message', (data: Buffer) => {
      const { header, payload } = parse(data);
      if (header.type === 'sub' && header.filter !== undefined && header.sid !== undefined) {
        const peers = subscribers.get(header.filter) ?? new Map<WebSocket, number>();
        subscribers.set(header.filter, peers);
        peers.set(ws, header.sid);
        topics.add(header.filter);
        ws.send(frame({ type: 'suback', sid: header.sid }));
      } else if (header.type === 'pub' && header.topic !== undefined) {
        const { topic, qos = 0 } = header;
        if (header.retain === true) retained.set(topic, Buffer.from(payload));
        // Exact filters, and a `+` in the last level (an inbox `…/from/+`): all the floor subscribes with.
        const anyLast = `${topic.slice(0, topic.lastIndexOf('/'))}/+`;
        for (const filter of [topic, anyLast])
          for (const [peer, sid] of subscribers.get(filter) ?? [])
            peer.send(frame({ type: 'msg', sid, topic, qos, retained: false }, payload));
        if (qos === 1) ws.send(frame({ type: 'puback', mid: header.mid }));
      }
    });
    ws.on('close', () => {
      for (const topic of topics) subscribers.get(topic)?.delete(ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => server.close(() => resolve()));
      }),
  };
}

async function bareWebSocketClient(url: string): Promise<BareClient> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('upgrade', (response) => response.socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const handlers = new Map<number, (payload: Uint8Array) => void>();
  const subacks = new Map<number, () => void>();
  const pubacks = new Map<number, () => void>();
  let sid = 0;
  let mid = 0;
  ws.on('message', (data: Buffer) => {
    const { header, payload } = parse(data);
    if (header.type === 'msg' && header.sid !== undefined) handlers.get(header.sid)?.(payload);
    else if (header.type === 'puback' && header.mid !== undefined) take(pubacks, header.mid)?.();
    else if (header.type === 'suback' && header.sid !== undefined) take(subacks, header.sid)?.();
  });
  return {
    subscribe(topic, handler) {
      const id = ++sid;
      handlers.set(id, handler);
      return new Promise<void>((resolve) => {
        subacks.set(id, resolve);
        ws.send(frame({ type: 'sub', sid: id, filter: topic, qos: 1 }));
      });
    },
    publish(topic, payload, { qos, retain = false }) {
      const id = ++mid;
      ws.send(frame({ type: 'pub', mid: id, topic, qos, retain }, payload));
      return qos === 1 ? new Promise<void>((resolve) => pubacks.set(id, resolve)) : Promise.resolve();
    },
    close: () =>
      new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1000);
      }),
  };
}

const take = <V>(map: Map<number, V>, key: number): V | undefined => {
  const value = map.get(key);
  map.delete(key);
  return value;
};

// ── The bare MQTT variant ────────────────────────────────────────────────────────────────────────
// mqtt.js as an application would use it, MQTT 3.1.1 (what aedes speaks, and what our transport
// falls back to on it), with TCP_NODELAY set on the socket it connects over.

async function bareMqttClient(port: number, id: string): Promise<BareClient> {
  const client = new MqttClient(
    () => {
      const socket = connectTcp({ host: '127.0.0.1', port });
      socket.setNoDelay(true);
      return socket;
    },
    { clientId: `raw-${id}`, protocolVersion: 4, clean: true, reconnectPeriod: 0, keepalive: 30 },
  );
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  const handlers = new Map<string, (payload: Uint8Array) => void>();
  // Handlers by filter: the exact topic, or `+` as its last level (an inbox `…/from/+`).
  client.on('message', (topic: string, payload: Buffer) =>
    (handlers.get(topic) ?? handlers.get(`${topic.slice(0, topic.lastIndexOf('/'))}/+`))?.(payload),
  );
  return {
    async subscribe(topic, handler) {
      handlers.set(topic, handler);
      await client.subscribeAsync(topic, { qos: 1 });
    },
    async publish(topic, payload, { qos, retain = false }) {
      await client.publishAsync(topic, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), { qos, retain });
    },
    close: () => client.endAsync(),
  };
}
