import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '@contactmesh/core';
import { createMqttTransport, type EmbeddedBroker, type MqttTransport, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionRequest } from '../src/mqtt/open-client.js';
import { Received, untilAny } from './support/external-broker.js';

// The same calls against the embedded broker (aedes, MQTT 3.1.1 only): the transport falls back to
// 3.1.1, where MQTT 5's extras cannot be said, and does what docs/transports.md says instead.

let broker: EmbeddedBroker;
const opened: MqttTransport[] = [];
const sockets = new Map<string, Socket>();
beforeAll(async () => {
  broker = await startEmbeddedBroker();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await broker.close();
});

const connected = async (participantId: string, options: Parameters<MqttTransport['connect']>[0] = {}) => {
  const t = createMqttTransport({ participantId, url: broker.url, onSocket: (s) => sockets.set(participantId, s) });
  opened.push(t);
  await t.connect(options);
  return t;
};

const invalidOption = (path: string) =>
  expect.objectContaining({ code: ErrorCode.INVALID_OPTION, details: expect.objectContaining({ path }) });

describe('mqtt transport on a 3.1.1 broker', () => {
  it('says that it honours none of the MQTT 5 extras', async () => {
    const london = await connected('london');
    expect(london.protocolVersion).toBe(4);
    expect(london.guarantees).toMatchObject({ messageExpiry: false, willDelay: false, sharedSubscriptions: false });
  });

  it('takes expirySeconds, which 3.1.1 cannot carry: the retained value outlives it, until cleared', async () => {
    const london = await connected('london');
    await london.publish('cm/fallback/presence', 'online', { retain: true, qos: 1, expirySeconds: 1 });
    // The one wait in this file: that an expiry did not happen shows only once it is past.
    await sleep(1_200);
    const later = await connected('paris');
    const seen = new Received(later, 'cm/fallback/presence');
    await seen.until('the retained value', () => seen.texts.length > 0);
    expect(seen.messages.map((m) => [m.retained, new TextDecoder().decode(m.payload)])).toEqual([[true, 'online']]);
    await london.publish('cm/fallback/presence', '', { retain: true, qos: 1 });
  });

  it('publishes a will with delaySeconds at once, as 3.1.1 has no will delay', async () => {
    const watcher = await connected('watcher');
    const seen = new Received(watcher, 'cm/fallback/will');
    await watcher.whenSubscribed();
    const london = await connected('london', { will: { topic: 'cm/fallback/will', payload: 'gone', qos: 1, delaySeconds: 60 } });
    const crashedAt = Date.now();
    sockets.get('london')?.destroy();
    await firstValueFrom(london.state$.pipe(filter((s) => s !== 'connected')));
    await london.close();
    await seen.until('the will', () => seen.texts.includes('gone'));
    expect(Date.now() - crashedAt).toBeLessThan(5_000);
  });

  it('subscribes a shared subscription as its plain filter (aedes has none): every member gets every message', async () => {
    const members = [await connected('gateway-a'), await connected('gateway-b')];
    const inboxes = members.map((m) => new Received(m, '$share/gateways/cm/fallback/commands/#'));
    await Promise.all(members.map((m) => m.whenSubscribed()));
    const centre = await connected('london');
    for (const id of ['c1', 'c2', 'c3']) await centre.publish(`cm/fallback/commands/${id}`, id, { qos: 1 });
    await untilAny(inboxes, 'every message at every member', () => inboxes.every((inbox) => inbox.texts.length >= 3));
    expect(inboxes.map((inbox) => inbox.texts)).toEqual([
      ['c1', 'c2', 'c3'],
      ['c1', 'c2', 'c3'],
    ]);
    expect(inboxes[0]?.messages[0]?.topic).toBe('cm/fallback/commands/c1');
  });

  it('keeps the plain subscription a shared one stands for when the shared one ends, and gives each one copy', async () => {
    const member = await connected('gateway-a');
    const shared = member.subscribe('$share/g/cm/fallback/x').subscribe();
    const plain = new Received(member, 'cm/fallback/x');
    await member.whenSubscribed();
    const centre = await connected('london');
    await centre.publish('cm/fallback/x', 'both', { qos: 1 });
    await plain.until('the first', () => plain.texts.includes('both'));
    shared.unsubscribe();
    await member.whenSubscribed();
    await centre.publish('cm/fallback/x', 'plain only', { qos: 1 });
    await plain.until('the second', () => plain.texts.includes('plain only'));
    expect(plain.texts).toEqual(['both', 'plain only']);
  });
});

describe('mqtt transport options of publish, subscribe and connect', () => {
  it.each([
    ['an expiry of 0', { expirySeconds: 0 }, 'expirySeconds'],
    ['a fractional expiry', { expirySeconds: 2.5 }, 'expirySeconds'],
    ['an expiry over MQTT’s four-byte limit', { expirySeconds: 2 ** 32 }, 'expirySeconds'],
    ['an unknown option', { retained: true }, 'options.retained'],
  ])('refuses a publish with %s with CM_ERR_INVALID_OPTION', async (_, options, path) => {
    const london = await connected('london');
    await expect(london.publish('cm/x', 'v', options as never)).rejects.toEqual(invalidOption(path));
  });

  it('errors a subscription with an unknown option with CM_ERR_INVALID_OPTION', async () => {
    const london = await connected('london');
    const error = await new Promise((resolve) =>
      (london.subscribe('cm/x', { qos: 1, share: 'g' } as never) as Observable<unknown>).subscribe({ error: resolve }),
    );
    expect(error).toEqual(invalidOption('options.share'));
  });

  it.each([
    ['a negative will delay', { will: { topic: 'cm/w', payload: 'x', delaySeconds: -1 } }, 'will.delaySeconds'],
    ['an unknown will option', { will: { topic: 'cm/w', payload: 'x', delay: 5 } }, 'will.delay'],
    ['an unknown connect option', { wil: { topic: 'cm/w', payload: 'x' } }, 'options.wil'],
  ])('refuses to connect with %s with CM_ERR_INVALID_OPTION, before connecting', async (_, options, path) => {
    const london = createMqttTransport({ participantId: 'london', url: broker.url });
    await expect(london.connect(options as never)).rejects.toEqual(invalidOption(path));
    expect(london.state).toBe('idle');
  });

  it('asks a session that outlives the connection by the will delay, resumed on reconnection (MQTT 5)', () => {
    const clean = { persistent: false, sessionExpirySeconds: 3600 };
    const persistent = { persistent: true, sessionExpirySeconds: 60 };
    expect(sessionRequest(clean, 5, 0)).toEqual({ clean: true, expirySeconds: 0 });
    expect(sessionRequest(clean, 5, 2)).toEqual({ clean: false, expirySeconds: 2 });
    expect(sessionRequest(persistent, 5, 2)).toEqual({ clean: false, expirySeconds: 60 });
    expect(sessionRequest(persistent, 5, 600)).toEqual({ clean: false, expirySeconds: 600 });
    expect(sessionRequest(clean, 4, 2)).toEqual({ clean: true, expirySeconds: 0 });
    expect(sessionRequest(persistent, 4, 2)).toEqual({ clean: false, expirySeconds: 0 });
  });
});
