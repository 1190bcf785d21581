import { createMqttTransport, type EmbeddedBroker, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.js';

// MQTT over TLS (mqtts://) against the embedded broker serving TLS with a certificate of a
// throwaway CA: the chain is verified for real, by host name and by address.

describe('mqtt transport over TLS', () => {
  let certificates: TestCertificates;
  let broker: EmbeddedBroker;

  beforeAll(async () => {
    certificates = makeTestCertificates();
    broker = await startEmbeddedBroker({ tls: { cert: certificates.cert, key: certificates.key } });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('serves mqtts:// and carries messages to a client that trusts the CA, by host name and by address', async () => {
    expect(broker.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const byName = createMqttTransport({ participantId: 'london', url: `mqtts://localhost:${broker.port}`, tls: { ca: certificates.ca } });
    const byAddress = createMqttTransport({ participantId: 'paris', url: broker.url, tls: { ca: certificates.ca } });
    await byName.connect();
    await byAddress.connect();
    const received = new Promise<string>((resolve) =>
      byAddress.subscribe('cm/tls/hello').subscribe((m) => resolve(new TextDecoder().decode(m.payload))),
    );
    await byAddress.whenSubscribed();
    await byName.publish('cm/tls/hello', 'over TLS', { qos: 1 });
    expect(await received).toBe('over TLS');
    await byName.close();
    await byAddress.close();
  });

  it('refuses a broker whose certificate it cannot verify, saying why, unless told not to verify', async () => {
    const untrusting = createMqttTransport({ participantId: 'rome', url: broker.url, connectTimeoutMs: 5_000 });
    await expect(untrusting.connect()).rejects.toMatchObject({
      code: 'CM_ERR_TRANSPORT_CLOSED',
      message: expect.stringMatching(/could not connect to mqtts:\/\/127\.0\.0\.1:\d+: .*certificate/),
    });
    expect(untrusting.state).toBe('closed');
    const careless = createMqttTransport({ participantId: 'oslo', url: broker.url, tls: { rejectUnauthorized: false } });
    await careless.connect();
    expect(careless.state).toBe('connected');
    await careless.close();
  });

  it('checks the embedded broker TLS options', async () => {
    await expect(startEmbeddedBroker({ tls: { cert: 'x', key: 'y', ca: 'z' } as never })).rejects.toMatchObject({
      code: 'CM_ERR_INVALID_OPTION',
    });
  });
});
