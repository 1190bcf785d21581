import type { Socket } from 'node:net';
import { ErrorCode } from '@contactmesh/core';
import { createMqttTransport, type EmbeddedBroker, type MqttTransportOptions, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const code = (c: string, message?: RegExp) =>
  expect.objectContaining({
    name: 'ContactmeshError',
    code: c,
    ...(message === undefined ? {} : { message: expect.stringMatching(message) }),
  });

let broker: EmbeddedBroker;
beforeAll(async () => {
  broker = await startEmbeddedBroker();
});
afterAll(async () => {
  await broker.close();
});

describe('createMqttTransport options', () => {
  const base = { participantId: 'london', url: 'mqtt://127.0.0.1:1883' };
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a url that is not mqtt:// or mqtts://', { url: 'http://127.0.0.1:1883' }, /Option url must be a broker url/],
    ['a url that does not parse', { url: 'not a url' }, /Option url must be a broker url/],
    ['an empty participant id', { participantId: '' }, /Option participantId must be a non-empty participant id/],
    ['an unknown option', { keepAlive: 30 }, /Option options\.keepAlive must be one of/],
    ['TLS material with a plain mqtt:// url', { tls: { ca: 'pem' } }, /Option tls must be used with an mqtts:\/\/ url only/],
    ['an unknown TLS option', { url: 'mqtts://broker.example', tls: { cafile: 'x' } }, /Option tls\.cafile/],
    ['protocol version 3', { protocolVersion: 3 }, /Option protocolVersion must be 5 .* or 4/],
    ['a negative keepalive', { keepaliveSeconds: -1 }, /Option keepaliveSeconds must be an integer of at least 0/],
    ['an unknown session kind', { session: 'sticky' }, /Option session must be 'clean' or 'persistent'/],
    ['a reconnect wait of 0', { reconnectMs: 0 }, /Option reconnectMs must be an integer of at least 1/],
    [
      'a back-off ceiling below the first wait',
      { reconnectMs: 500, maxReconnectMs: 100 },
      /Option maxReconnectMs must be an integer of at least 500/,
    ],
    ['a negative queue bound', { maxQueuedPublishes: -1 }, /Option maxQueuedPublishes must be an integer of at least 0/],
    ['a negative close timeout', { closeTimeoutMs: -1 }, /Option closeTimeoutMs must be an integer of at least 0/],
  ])('refuses %s with CM_ERR_INVALID_OPTION naming it', (_, override, message) => {
    const options = { ...base, ...override } as unknown as MqttTransportOptions;
    expect(() => createMqttTransport(options)).toThrow(code(ErrorCode.INVALID_OPTION, message));
  });

  it('derives the MQTT client id from the participant id and the prefix', async () => {
    const london = createMqttTransport({ participantId: 'london', url: broker.url, clientIdPrefix: 'run-7-' });
    await london.connect();
    const again = createMqttTransport({ participantId: 'london', url: broker.url, clientIdPrefix: 'run-8-' });
    await again.connect();
    // Different prefixes are different clients: neither takes the other over.
    expect([london.state, again.state]).toEqual(['connected', 'connected']);
    await Promise.all([london.close(), again.close()]);
  });
});

describe('mqtt transport connection', () => {
  it('falls back from MQTT 5 to 3.1.1 when the broker refuses 5, and speaks 3.1.1 only when asked', async () => {
    const auto = createMqttTransport({ participantId: 'auto', url: broker.url });
    const v4 = createMqttTransport({ participantId: 'v4', url: broker.url, protocolVersion: 4 });
    await Promise.all([auto.connect(), v4.connect()]);
    expect([auto.protocolVersion, v4.protocolVersion]).toEqual([4, 4]);
    await Promise.all([auto.close(), v4.close()]);
  });

  it('rejects connect with CM_ERR_TRANSPORT_CLOSED naming the url when no broker answers, and ends closed', async () => {
    const gone = await startEmbeddedBroker();
    await gone.close();
    const london = createMqttTransport({ participantId: 'london', url: gone.url });
    await expect(london.connect()).rejects.toEqual(code(ErrorCode.TRANSPORT_CLOSED, new RegExp(`could not connect to ${gone.url}`)));
    expect(london.state).toBe('closed');
  });

  it('refuses to publish before connect, saying to connect first', async () => {
    const london = createMqttTransport({ participantId: 'london', url: broker.url });
    await expect(london.publish('cm/x', 'early')).rejects.toEqual(code(ErrorCode.TRANSPORT_CLOSED, /await connect\(\) first/));
  });

  it('refuses a will on a bad topic with CM_ERR_INVALID_TOPIC before connecting', async () => {
    const london = createMqttTransport({ participantId: 'london', url: broker.url });
    await expect(london.connect({ will: { topic: 'cm/+/presence', payload: 'gone' } })).rejects.toEqual(code(ErrorCode.INVALID_TOPIC));
    expect(london.state).toBe('idle');
  });

  it('goes idle → connecting → connected → reconnecting → connected → closed across a lost socket', async () => {
    const sockets: Socket[] = [];
    const london = createMqttTransport({ participantId: 'london', url: broker.url, reconnectMs: 1, onSocket: (s) => sockets.push(s) });
    const states: string[] = [];
    london.state$.subscribe((s) => states.push(s));
    await london.connect();
    const back = new Promise<void>((resolve) => {
      const sub = london.state$.subscribe((s) => {
        if (s === 'connected' && states.includes('reconnecting')) {
          resolve();
          queueMicrotask(() => sub.unsubscribe());
        }
      });
    });
    sockets.at(-1)?.destroy();
    await back;
    await london.close();
    expect(states).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected', 'closed']);
  });

  // Nagle's algorithm holding a PUBACK until the peer's delayed ACK costs ~40 ms per exchange;
  // with TCP_NODELAY on both ends a local request/reply takes about a millisecond.
  it('lets QoS 1 publications made before close() finish, and refuses those made after', async () => {
    const london = createMqttTransport({ participantId: 'london-last', url: broker.url });
    const watcher = createMqttTransport({ participantId: 'watcher', url: broker.url });
    await london.connect();
    await watcher.connect();
    // A centre's last words: published, then closed at once without waiting.
    const last = london.publish('cm/close/presence/london', 'offline', { qos: 1, retain: true });
    const closing = london.close();
    await expect(london.publish('cm/close/x', 'too late', { qos: 1 })).rejects.toThrow(code(ErrorCode.TRANSPORT_CLOSED));
    await closing;
    await expect(last).resolves.toBeUndefined();
    const retained = await new Promise<string>((resolve) =>
      watcher.subscribe('cm/close/presence/london').subscribe((m) => resolve(new TextDecoder().decode(m.payload))),
    );
    expect(retained).toBe('offline');
    await watcher.publish('cm/close/presence/london', '', { qos: 1, retain: true });
    await watcher.close();
  });

  it('sets TCP_NODELAY: a QoS 1 request/reply through the embedded broker takes well under the 40 ms of a delayed ACK', async () => {
    const ping = createMqttTransport({ participantId: 'ping', url: broker.url });
    const pong = createMqttTransport({ participantId: 'pong', url: broker.url });
    await Promise.all([ping.connect(), pong.connect()]);
    pong.subscribe('cm/rtt/ping').subscribe((m) => void pong.publish('cm/rtt/pong', m.payload, { qos: 1 }));
    let replied: (() => void) | undefined;
    ping.subscribe('cm/rtt/pong').subscribe(() => replied?.());
    await Promise.all([ping.whenSubscribed(), pong.whenSubscribed()]);
    const round = async () => {
      const reply = new Promise<void>((resolve) => {
        replied = resolve;
      });
      await ping.publish('cm/rtt/ping', 'x', { qos: 1 });
      await reply;
    };
    await round();
    const rounds = 20;
    const start = performance.now();
    for (let i = 0; i < rounds; i++) await round();
    const mean = (performance.now() - start) / rounds;
    await Promise.all([ping.close(), pong.close()]);
    expect(mean).toBeLessThan(20);
  });
});

describe('startEmbeddedBroker', () => {
  it('listens on a free loopback port and says where', () => {
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    expect(broker.port).toBeGreaterThan(0);
  });

  it('refuses a port out of range with CM_ERR_INVALID_OPTION', async () => {
    await expect(startEmbeddedBroker({ port: 70_000 })).rejects.toEqual(code(ErrorCode.INVALID_OPTION, /Option port/));
  });

  it('closes idempotently', async () => {
    const extra = await startEmbeddedBroker();
    await extra.close();
    await expect(extra.close()).resolves.toBeUndefined();
  });
});
