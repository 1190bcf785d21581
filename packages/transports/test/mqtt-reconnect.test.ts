import { type ConnectionState, createRandom, ErrorCode, VirtualClock } from '@contactmesh/core';
import {
  createMqttTransport,
  type EmbeddedBroker,
  type MqttTransport,
  type MqttTransportOptions,
  startEmbeddedBroker,
} from '@contactmesh/transports/mqtt';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ReconnectSchedule } from '../src/mqtt/reconnect-schedule.js';
import { Received } from './support/external-broker.js';
import { describeWithMosquitto, type OwnMosquitto, startMosquitto } from './support/mosquitto.js';
import { startTakeoverAnnouncer, type TakeoverAnnouncer } from './support/takeover-announcer.js';

// A broker that goes away and comes back — and goes away again right after — is retried for as long
// as it takes, however soon after a reconnect it drops again: the transport never ends `closed` on
// its own unless the broker says that another connection took its client id over (MQTT 5 reason
// code 142). Real brokers: the embedded aedes (3.1.1, restarted on its port) and a Mosquitto of the
// test's own (MQTT 5, killed and started again). The back-off is short here (20 ms doubling to
// 200 ms), so restarts take a moment, not seconds.

const opened: MqttTransport[] = [];
let aedes: EmbeddedBroker | undefined;
let mosquitto: OwnMosquitto | undefined;
let announcer: TakeoverAnnouncer | undefined;

afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await announcer?.close();
  await aedes?.close();
  await mosquitto?.dispose();
  announcer = undefined;
  aedes = undefined;
  mosquitto = undefined;
});

const transport = (options: MqttTransportOptions): MqttTransport => {
  const t = createMqttTransport({ reconnectMs: 20, maxReconnectMs: 200, ...options });
  opened.push(t);
  return t;
};

/** Resolves once `t` is in `state`; rejects, saying why, when it ends `closed` instead. */
async function reach(t: MqttTransport, state: ConnectionState): Promise<void> {
  const reached = t.state === 'closed' ? 'closed' : await firstValueFrom(t.state$.pipe(filter((s) => s === state || s === 'closed')));
  if (reached !== state) throw new Error(`${t.id} ended closed (closeError: ${t.closeError?.message ?? 'none'}) instead of ${state}.`);
}

/** Every state `t` goes through from now on. */
const statesOf = (t: MqttTransport): ConnectionState[] => {
  const states: ConnectionState[] = [];
  t.state$.subscribe((s) => states.push(s));
  return states;
};

/**
 * Publications flow both ways between `t` (whose subscription to `{topic}/in` is `inbox`) and a
 * fresh watcher on `url`: `t`'s publication reaches the watcher, and a retained value `t`.
 */
async function publicationsFlow(t: MqttTransport, inbox: Received, url: string, topic: string): Promise<void> {
  const watcher = transport({ participantId: `watcher-${t.id}`, url });
  await watcher.connect();
  const seen = new Received(watcher, `${topic}/out`);
  await watcher.whenSubscribed();
  await t.publish(`${topic}/out`, `from ${t.id}`, { qos: 1 });
  await seen.until(`${t.id}'s publication`, () => seen.texts.includes(`from ${t.id}`));
  // Retained, so it reaches `t` whenever its resubscription lands.
  await watcher.publish(`${topic}/in`, `to ${t.id}`, { qos: 1, retain: true });
  await inbox.until(`the watcher's publication to ${t.id}`, () => inbox.texts.includes(`to ${t.id}`));
  await watcher.publish(`${topic}/in`, '', { qos: 1, retain: true });
}

describe('the reconnect back-off of the mqtt transport', () => {
  /** The next wait, after a close, is drawn from [ceiling / 2, ceiling]. */
  const expectWaitUnder = (schedule: ReconnectSchedule, ceiling: number) => {
    const wait = schedule.closed();
    expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
    expect(wait).toBeLessThanOrEqual(ceiling);
  };

  it('doubles the wait from reconnectMs with each failed attempt, drawn from [c / 2, c], up to maxReconnectMs', () => {
    for (const seed of [1, 2, 3]) {
      const schedule = new ReconnectSchedule({ reconnectMs: 20, maxReconnectMs: 200 }, new VirtualClock(0), createRandom(seed));
      for (const ceiling of [20, 40, 80, 160, 200, 200, 200]) expectWaitUnder(schedule, ceiling);
    }
  });

  it('counts a connection the broker ends before it lasted maxReconnectMs as one more attempt, and starts over after one that lasted', () => {
    const clock = new VirtualClock(0);
    const schedule = new ReconnectSchedule({ reconnectMs: 20, maxReconnectMs: 200 }, clock, createRandom(2));
    expectWaitUnder(schedule, 20);
    expectWaitUnder(schedule, 40);
    // Back, and dropped again after 150 ms: the broker is still unwell.
    schedule.connected();
    clock.advance(150);
    expectWaitUnder(schedule, 80);
    // Back for 200 ms: a fresh start.
    schedule.connected();
    clock.advance(200);
    expectWaitUnder(schedule, 20);
  });

  it('waits at least the back-off between attempts while the broker stays down', { timeout: 20_000 }, async () => {
    aedes = await startEmbeddedBroker();
    // From the loss on: when it happened, then each attempt to reconnect (a socket opened).
    const times: number[] = [];
    let sixAttempts: () => void = () => undefined;
    const attempted = new Promise<void>((resolve) => {
      sixAttempts = resolve;
    });
    const london = transport({
      participantId: 'london',
      url: aedes.url,
      onSocket: () => {
        if (times.length === 0) return;
        times.push(performance.now());
        if (times.length === 7) sixAttempts();
      },
    });
    await london.connect();
    const lost = reach(london, 'reconnecting');
    times.push(performance.now());
    await aedes.close();
    await lost;
    await attempted;
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
    // Each wait is at least half its ceiling: 10, 20, 40, 80, 100, 100 ms (a fixed 20 ms would be 120 ms in all).
    expect(gaps).toHaveLength(6);
    for (const [attempt, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(Math.min(200, 20 * 2 ** attempt) / 2 - 1);
    expect(london.state).toBe('reconnecting');
  });
});

describe('mqtt transport across restarts of the embedded broker (aedes, 3.1.1)', { timeout: 20_000 }, () => {
  it('comes back after the broker is stopped and restarted twice, the second time right after the transport reconnected: connected, never closed, and publications flow', async () => {
    aedes = await startEmbeddedBroker();
    const { port } = aedes;
    const london = transport({ participantId: 'london', url: aedes.url });
    const states = statesOf(london);
    await london.connect();
    const inbox = new Received(london, 'cm/restart/in');
    await london.whenSubscribed();
    for (let restart = 1; restart <= 2; restart += 1) {
      const lost = reach(london, 'reconnecting');
      await aedes.close();
      await lost;
      aedes = await startEmbeddedBroker({ port });
      // The second time round the broker goes again as soon as the transport is back: a close well
      // within 1 s of the reconnect, which the transport used to take for a takeover.
      await reach(london, 'connected');
    }
    expect(states).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected']);
    expect(london.closeError).toBeUndefined();
    await publicationsFlow(london, inbox, aedes.url, 'cm/restart');
  });
});

describeWithMosquitto('mqtt transport across restarts of a Mosquitto of the test (MQTT 5)', () => {
  it('brings three centres back after the broker is killed, started, killed again right after they reconnected, and started again', {
    timeout: 30_000,
  }, async () => {
    mosquitto = await startMosquitto();
    const broker = mosquitto;
    const centres = ['london', 'paris', 'rome'].map((id) => transport({ participantId: id, url: broker.url }));
    const states = centres.map(statesOf);
    await Promise.all(centres.map((c) => c.connect()));
    expect(centres.map((c) => c.protocolVersion)).toEqual([5, 5, 5]);
    const inboxes = centres.map((c) => new Received(c, `cm/kill/${c.id}/in`));
    await Promise.all(centres.map((c) => c.whenSubscribed()));
    for (let kill = 1; kill <= 2; kill += 1) {
      const lost = Promise.all(centres.map((c) => reach(c, 'reconnecting')));
      await broker.kill();
      await lost;
      const back = Promise.all(centres.map((c) => reach(c, 'connected')));
      await broker.start();
      await back;
    }
    for (const s of states)
      expect(s).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected']);
    expect(centres.map((c) => c.closeError)).toEqual([undefined, undefined, undefined]);
    await Promise.all(centres.map((c, i) => publicationsFlow(c, inboxes[i] as Received, broker.url, `cm/kill/${c.id}`)));
  });

  it('ends a connection another one with the same client id took over, when the broker says so (reason code 142): closed, closeError CM_ERR_DUPLICATE_PARTICIPANT, its will fires, and the new one stays', {
    timeout: 20_000,
  }, async () => {
    mosquitto = await startMosquitto();
    // Mosquitto 2.0.11 closes a taken-over connection without the DISCONNECT that 2.0.15 sends: the relay adds it.
    announcer = await startTakeoverAnnouncer(mosquitto.port);
    const presence = 'cm/takeover/presence/london';
    const watcher = transport({ participantId: 'watcher', url: mosquitto.url });
    await watcher.connect();
    const seen = new Received(watcher, presence);
    await watcher.whenSubscribed();

    const first = transport({ participantId: 'london', url: announcer.url });
    await first.connect({ will: { topic: presence, payload: 'gone', qos: 1 } });
    const firstStates = statesOf(first);
    const second = transport({ participantId: 'london', url: announcer.url });
    await second.connect();
    await reach(first, 'closed');
    expect(firstStates).toEqual(['connected', 'closed']);
    expect(first.closeError).toMatchObject({
      name: 'ContactmeshError',
      code: ErrorCode.DUPLICATE_PARTICIPANT,
      message: expect.stringMatching(/MQTT transport "london" was taken over: .* client id "cm-london"/),
    });
    await expect(first.publish(presence, 'still here?', { qos: 1 })).rejects.toMatchObject({
      code: ErrorCode.TRANSPORT_CLOSED,
      message: expect.stringMatching(/another connection took its client id over/),
      cause: first.closeError,
    });
    await seen.until('the will of the first connection', () => seen.texts.includes('gone'));

    await second.publish(presence, 'back', { qos: 1 });
    await seen.until("the new connection's publication", () => seen.texts.includes('back'));
    expect(second.state).toBe('connected');
    expect(seen.texts).toEqual(['gone', 'back']);
  });
});
