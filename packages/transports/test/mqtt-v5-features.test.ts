import type { Socket } from 'node:net';
import type { WillMessage } from '@contactmesh/core';
import { createMqttTransport, type MqttTransport } from '@contactmesh/transports/mqtt';
import mqtt, { type IPublishPacket } from 'mqtt';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, expect, it } from 'vitest';
import { describeOnExternalBroker, Received, runId, untilAny } from './support/external-broker.js';

// MQTT 5's extras on a real broker (Mosquitto in CI). Waits are on events — a message, a state —
// bounded by `Received.until`; the only polling is for a retained value to be gone, which no
// event announces.

let tests = 0;
const opened: MqttTransport[] = [];
const rawClients: mqtt.MqttClient[] = [];
const retainedTopics = new Set<string>();

afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await Promise.all(rawClients.splice(0).map((c) => c.endAsync(true)));
});

describeOnExternalBroker('mqtt transport: MQTT 5 features', (url) => {
  let prefix = '';
  const sockets = new Map<string, Socket>();
  const transport = (participantId: string, reconnectMs = 1_000) => {
    const t = createMqttTransport({
      participantId,
      url,
      clientIdPrefix: `cm-${runId}-t${tests}-`,
      reconnectMs,
      onSocket: (socket) => sockets.set(participantId, socket),
    });
    opened.push(t);
    return t;
  };
  const connected = async (participantId: string, will?: WillMessage) => {
    const t = transport(participantId, 50);
    await t.connect(will === undefined ? {} : { will });
    return t;
  };
  /** Vanishes without a DISCONNECT: the broker keeps (and, after its delay, publishes) the will. */
  const crash = async (t: MqttTransport) => {
    sockets.get(t.id)?.destroy();
    await firstValueFrom(t.state$.pipe(filter((s) => s !== 'connected')));
    await t.close();
  };

  afterEach(async () => {
    const cleaner = await connected('cleaner');
    await Promise.all([...retainedTopics].map((topic) => cleaner.publish(topic, '', { retain: true, qos: 1 })));
    retainedTopics.clear();
  });

  const next = () => {
    tests += 1;
    prefix = `cm-test/${runId}/t${tests}`;
    return prefix;
  };

  it('speaks MQTT 5 and says so in its guarantees', async () => {
    next();
    const london = await connected('london');
    expect(london.protocolVersion).toBe(5);
    expect(london.guarantees).toMatchObject({ messageExpiry: true, willDelay: true, sharedSubscriptions: true });
  });

  it('sends expirySeconds as the message expiry interval: a raw MQTT 5 subscriber sees it on the PUBLISH', async () => {
    const topic = `${next()}/auction/london/c1`;
    const raw = await mqtt.connectAsync(url, { clientId: `raw-${runId}-${tests}`, protocolVersion: 5 });
    rawClients.push(raw);
    const packets: IPublishPacket[] = [];
    const two = new Promise<void>((resolve) =>
      raw.on('message', (_topic, _payload, packet) => {
        if (packets.push(packet) === 2) resolve();
      }),
    );
    await raw.subscribeAsync(topic, { qos: 1 });
    const london = await connected('london');
    retainedTopics.add(topic);
    await london.publish(topic, 'entity', { retain: true, qos: 1, expirySeconds: 30 });
    await london.publish(topic, 'no expiry', { qos: 1 });
    await two;
    const interval = packets[0]?.properties?.messageExpiryInterval;
    // The broker forwards what is left of it: 30, or 29 when a second boundary passed meanwhile.
    expect(interval).toBeGreaterThanOrEqual(29);
    expect(interval).toBeLessThanOrEqual(30);
    expect(packets[1]?.properties?.messageExpiryInterval).toBeUndefined();
  });

  it('gives a retained value published with expirySeconds: 1 to new subscribers until it expires, then to none', async () => {
    const topic = `${next()}/presence/london`;
    const london = await connected('london');
    retainedTopics.add(topic);
    await london.publish(topic, 'online', { retain: true, qos: 1, expirySeconds: 1 });
    expect(await retainedFor(london, topic)).toEqual(['online']);
    const since = Date.now();
    let seen = ['online'];
    // The broker counts expiry in whole seconds: gone within 1 to 2 s; give it 5.
    while (seen.length > 0 && Date.now() - since < 5_000) seen = await retainedFor(london, topic);
    expect(seen).toEqual([]);
  }, 20_000);

  it('publishes a delayed will after its delay, and not the will of a connection that came back within it', async () => {
    const presence = `${next()}/presence/+`;
    const watcher = await connected('watcher');
    const seen = new Received(watcher, presence);
    await watcher.whenSubscribed();
    const london = await connected('london', { topic: `${prefix}/presence/london`, payload: 'london gone', qos: 1, delaySeconds: 2 });
    const inbox = new Received(london, `${prefix}/inbox/london`);
    await london.whenSubscribed();
    // A lost socket: the transport reconnects within 50 ms, resuming the session that holds the
    // will — and the subscription, and what was sent to it meanwhile.
    const away = firstValueFrom(london.state$.pipe(filter((s) => s === 'reconnecting')));
    sockets.get('london')?.destroy();
    await away;
    await watcher.publish(`${prefix}/inbox/london`, 'while away', { qos: 1 });
    await firstValueFrom(london.state$.pipe(filter((s) => s === 'connected')));
    await inbox.until('the message sent while away', () => inbox.texts.includes('while away'));
    // Then a participant crashes for good with the same delay. Its will is due later than
    // London's first one would have been, so by the time it arrives, London's would have too.
    const paris = await connected('paris', { topic: `${prefix}/presence/paris`, payload: 'paris gone', qos: 1, delaySeconds: 2 });
    const crashedAt = Date.now();
    await crash(paris);
    await seen.until('the will of paris', () => seen.texts.includes('paris gone'));
    const waited = Date.now() - crashedAt;
    // Mosquitto checks will delays once a second: the will comes between 1 and 3 s after.
    expect(waited).toBeGreaterThanOrEqual(1_000);
    expect(waited).toBeLessThan(4_000);
    expect(seen.texts).toEqual(['paris gone']);
    expect(london.state).toBe('connected');
  }, 20_000);

  it('publishes no will of an earlier life when a new transport of the participant connects within the delay', async () => {
    const topic = `${next()}/presence/london`;
    const watcher = await connected('watcher');
    const seen = new Received(watcher, topic);
    await watcher.whenSubscribed();
    const first = await connected('london', { topic, payload: 'first life gone', qos: 1, delaySeconds: 2 });
    first.subscribe(`${prefix}/old`).subscribe();
    await first.whenSubscribed();
    await crash(first);
    // The restart: it takes the session over (which cancels the will), ends it and starts afresh —
    // so the first life's subscription, under the same subscription identifier as the second
    // life's, does not feed the second life's subscriber.
    const second = await connected('london', { topic, payload: 'second life gone', qos: 1, delaySeconds: 2 });
    const inbox = new Received(second, `${prefix}/inbox`);
    await second.whenSubscribed();
    await watcher.publish(`${prefix}/old`, 'for the first life', { qos: 1 });
    await watcher.publish(`${prefix}/inbox`, 'hello', { qos: 1 });
    await inbox.until('a message to the restarted participant', () => inbox.texts.length > 0);
    await crash(second);
    await seen.until('a will', () => seen.texts.length > 0);
    expect(seen.texts).toEqual(['second life gone']);
    expect(inbox.texts).toEqual(['hello']);
  }, 20_000);

  it('splits a shared subscription between two members: each gets some, together all, none twice', async () => {
    const work = `${next()}/commands`;
    const shared = `$share/gateways-${runId}-${tests}/${work}/#`;
    const members = [await connected('gateway-a'), await connected('gateway-b')];
    const inboxes = members.map((m) => new Received(m, shared));
    await Promise.all(members.map((m) => m.whenSubscribed()));
    const centre = await connected('london');
    const sent = Array.from({ length: 20 }, (_, i) => `c${i}`);
    for (const id of sent) await centre.publish(`${work}/${id}`, id, { qos: 1 });
    const all = () => inboxes.flatMap((inbox) => inbox.texts);
    await untilAny(inboxes, 'all 20 across the group', () => all().length >= 20);
    // Per-publisher order: once a member has a marker sent after the work, it has all its share.
    for (let i = 0; inboxes.some((inbox) => !inbox.texts.some((t) => t.startsWith('marker'))) && i < 50; i++) {
      await centre.publish(`${work}/marker`, `marker-${i}`, { qos: 1 });
      await untilAny(inboxes, `marker ${i}`, () => all().includes(`marker-${i}`));
    }
    const shares = inboxes.map((inbox) => inbox.texts.filter((t) => !t.startsWith('marker')));
    expect(shares.every((share) => share.length > 0)).toBe(true);
    expect(shares.flat().sort()).toEqual([...sent].sort());
    expect(inboxes.flatMap((inbox) => inbox.messages).every((m) => m.topic.startsWith(`${work}/`))).toBe(true);
  }, 20_000);

  it('tells a shared and a plain subscription of one participant apart by subscription identifiers', async () => {
    const topic = `${next()}/commands/x`;
    const member = await connected('gateway-a');
    const alone = new Received(member, `$share/solo-${runId}-${tests}/${topic}`);
    const plain = new Received(member, topic);
    await member.whenSubscribed();
    const centre = await connected('london');
    for (const word of ['one', 'two', 'three']) await centre.publish(topic, word, { qos: 1 });
    await plain.until('three on the plain subscription', () => plain.texts.length >= 3);
    await alone.until('three on the shared one', () => alone.texts.length >= 3);
    await centre.publish(topic, 'marker', { qos: 1 });
    await plain.until('the marker', () => plain.texts.includes('marker'));
    await alone.until('the marker', () => alone.texts.includes('marker'));
    expect([alone.texts, plain.texts]).toEqual([
      ['one', 'two', 'three', 'marker'],
      ['one', 'two', 'three', 'marker'],
    ]);
  });
});

let markers = 0;

/** The retained values a new subscription to `topic` gets: what arrives before a marker published after subscribing. */
async function retainedFor(transport: MqttTransport, topic: string): Promise<string[]> {
  const texts: string[] = [];
  const marker = `marker-${++markers}`;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  const subscription = transport.subscribe(topic).subscribe((m) => {
    const text = new TextDecoder().decode(m.payload);
    if (text === marker) resolve();
    else if (m.retained) texts.push(text);
  });
  await transport.whenSubscribed();
  await transport.publish(topic, marker, { qos: 1 });
  await done;
  subscription.unsubscribe();
  return texts;
}
