import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRelay, createWebSocketTransport, type Relay, type WebSocketTransport } from '@contactmesh/transports/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.js';

// The WebSocket transport over TLS (wss://): a relay attached to an https server whose certificate
// a throwaway CA signed. The chain is verified for real: trusted with the CA, refused without.

describe('websocket transport over TLS', () => {
  let certificates: TestCertificates;
  let server: Server;
  let relay: Relay;
  let url = '';
  const opened: WebSocketTransport[] = [];

  beforeAll(async () => {
    certificates = makeTestCertificates();
    server = createServer({ cert: certificates.cert, key: certificates.key });
    relay = await createRelay({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `wss://localhost:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await Promise.all(opened.map((t) => t.close()));
    await relay.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const transport = (id: string, tls?: Parameters<typeof createWebSocketTransport>[0]['tls']) => {
    const t = createWebSocketTransport({ url, id, reconnect: false, connectTimeoutMs: 5_000, ...(tls === undefined ? {} : { tls }) });
    opened.push(t);
    return t;
  };

  it('carries messages between clients that trust the relay’s CA', async () => {
    const london = transport('london', { ca: certificates.ca });
    const paris = transport('paris', { ca: certificates.ca });
    await london.connect();
    await paris.connect();
    const received = new Promise<string>((resolve) =>
      paris.subscribe('cm/tls/hello').subscribe((m) => resolve(new TextDecoder().decode(m.payload))),
    );
    await paris.subscribed();
    await london.publish('cm/tls/hello', 'over wss', { qos: 1 });
    expect(await received).toBe('over wss');
  });

  it('refuses a relay whose certificate it cannot verify', async () => {
    await expect(transport('rome').connect()).rejects.toMatchObject({ code: 'CM_ERR_TRANSPORT_CLOSED' });
  });

  it('checks its TLS options: closed keys, wss:// only, a certificate with its key', () => {
    expect(() => createWebSocketTransport({ url, id: 'oslo', tls: { ca: certificates.ca, pin: 'x' } as never })).toThrow(
      expect.objectContaining({ code: 'CM_ERR_INVALID_OPTION' }),
    );
    expect(() => createWebSocketTransport({ url: 'ws://127.0.0.1:1/', id: 'oslo', tls: { ca: certificates.ca } })).toThrow(/wss:\/\//);
    expect(() => createWebSocketTransport({ url, id: 'oslo', tls: { cert: certificates.cert } })).toThrow(/cert and key together/);
  });
});
