import type { ErrorCode } from '@contactmesh/core';
import { createRelay, createWebSocketTransport, type Relay, type RelayEvent } from '@contactmesh/transports/websocket';
import { filter, firstValueFrom, ReplaySubject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawRelayClient } from '../../packages/transports/test/support/raw-relay-client.js';
import { type Backend, embeddedMqttTransport, type RealTransport, realNetworkOf, staff, websocketTransport } from './real-network.js';

// issue: Every door checked, report 9 — a message of arrays ~5,000 deep (about 10 KB) made
// decode() throw while it built the error's preview. Sent once to a centre's inbox it ended that
// inbox subscription for good (the centre still showed online); sent to a replica topic it ended
// every centre's replica subscription; sent as one text frame to the relay, even before hello, it
// crashed the relay and dropped every participant. Each reproduction, over real transports.

const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
const invalid: ErrorCode = 'CM_ERR_INVALID_MESSAGE';

// Nothing may escape to the process: that is how the relay went down.
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterEach(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  expect(escaped).toEqual([]);
});

/** A real transport whose backend the test keeps, to add a bare participant that publishes what no centre would. */
function kept(real: RealTransport) {
  let opened: Backend | undefined;
  const transport: RealTransport = {
    name: real.name,
    async open(network) {
      opened = await real.open(network);
      return opened;
    },
  };
  const backend = () => {
    if (opened === undefined) throw new Error('no backend opened yet');
    return opened;
  };
  return { transport, backend };
}

/** Two centres, a bare participant on their broker or relay, and what went wrong at each centre. */
async function networkWithSender(real: RealTransport) {
  const { transport, backend } = kept(real);
  const ids = ['london', 'paris'];
  const net = await realNetworkOf(transport, ids);
  const sender = backend().participant('sender', {});
  const problems: unknown[] = [];
  for (const id of ids) {
    net.centre(id).events$.subscribe((event) => {
      if (event.type === 'subscription.failed' || event.type === 'actor.failed') problems.push({ centre: id, ...event });
    });
  }
  await sender.connect();
  const invalidAt = (id: string) => net.centre(id).runtime.stats().rejected[invalid] ?? 0;
  return { net, sender, problems, invalidAt, stop: async () => Promise.all([sender.close(), net.stop()]) };
}

describe.each([embeddedMqttTransport, websocketTransport].map((t) => [t.name, t] as const))(
  'a message nested 5,000 deep over %s',
  { timeout: 30_000 },
  (_, real) => {
    it("sent to a centre's inbox is refused and counted, and the inbox lives on: contacts are still offered", async () => {
      const { net, sender, problems, invalidAt, stop } = await networkWithSender(real);
      try {
        await sender.publish(`cm/${net.network}/inbox/london/from/paris`, deep, { qos: 1 });
        await sender.publish(`cm/${net.network}/inbox/paris/from/london`, deep, { qos: 1 });
        await net.until(() => invalidAt('london') >= 1 && invalidAt('paris') >= 1, 'both centres refused the deep message');
        expect(problems).toEqual([]);
        // Routing a contact from London to Paris needs both inboxes: the reservation goes to Paris's, its grant comes back to London's.
        staff(net, 'paris', 'p1');
        await net.until(() => net.centre('london').replicas.agent('paris', 'p1')?.state === 'idle', 'London sees p1 idle');
        net.arrive('london', 'c1');
        await net.until(() => net.log.offers.some((o) => o.contact === 'c1' && o.centre === 'paris'), 'c1 is offered to p1 in Paris');
        expect(problems).toEqual([]);
        expect(net.log.failures).toEqual([]);
      } finally {
        await stop();
      }
    });

    it('sent to a replica topic is refused and counted by every centre, and replication goes on everywhere', async () => {
      const { net, sender, problems, invalidAt, stop } = await networkWithSender(real);
      try {
        await sender.publish(`cm/${net.network}/replica/paris/agent/x`, deep, { qos: 1 });
        await net.until(() => invalidAt('london') >= 1 && invalidAt('paris') >= 1, 'every centre refused the deep message');
        expect(problems).toEqual([]);
        staff(net, 'paris', 'p1');
        staff(net, 'london', 'l1');
        await net.until(
          () =>
            net.centre('london').replicas.agent('paris', 'p1')?.state === 'idle' &&
            net.centre('paris').replicas.agent('london', 'l1')?.state === 'idle',
          'each centre sees the agent of the other idle',
        );
        expect(problems).toEqual([]);
      } finally {
        await stop();
      }
    });
  },
);

describe('a text frame nested 5,000 deep sent to the relay', () => {
  it('is refused with a coded answer before and after hello; the relay and every other participant carry on', async () => {
    const relay: Relay = await createRelay({ port: 0 });
    const rejected: RelayEvent[] = [];
    relay.events$.subscribe((event) => {
      if (event.kind === 'rejected') rejected.push(event);
    });
    const url = relay.url ?? '';
    const alice = createWebSocketTransport({ url, id: 'alice', reconnect: false });
    const bob = createWebSocketTransport({ url, id: 'bob', reconnect: false });
    const strangers: RawRelayClient[] = [];
    try {
      await Promise.all([alice.connect(), bob.connect()]);
      const heard = new ReplaySubject<string>();
      bob.subscribe('cm/ok/#').subscribe((m) => heard.next(new TextDecoder().decode(m.payload)));
      await bob.subscribed();
      const hears = (text: string) => firstValueFrom(heard.pipe(filter((t) => t === text)));
      await alice.publish('cm/ok/x', 'before', { qos: 1 });
      await hears('before');

      // Before hello: refused, counted, and the stranger's connection closed (1008).
      const early = await RawRelayClient.open(url);
      strangers.push(early);
      early.send(deep);
      expect((await early.next('error')).header).toMatchObject({ type: 'error', code: invalid });
      expect(await early.closed).toBe(1008);

      // After hello: the same, and the participant can go on using its connection.
      const late = await RawRelayClient.open(url);
      strangers.push(late);
      await late.hello('mallory');
      late.send(deep);
      expect((await late.next('error')).header).toMatchObject({ type: 'error', code: invalid });
      late.frame({ type: 'ping' });
      await late.next('pong');

      expect(rejected).toEqual([
        { kind: 'rejected', id: undefined, code: invalid, closed: true },
        { kind: 'rejected', id: 'mallory', code: invalid, closed: false },
      ]);
      expect([alice.state, bob.state]).toEqual(['connected', 'connected']);
      expect(relay.stats()).toMatchObject({ participants: 3, rejected: 2 });
      await alice.publish('cm/ok/x', 'after', { qos: 1 });
      await hears('after');
    } finally {
      for (const stranger of strangers) stranger.socket.terminate();
      await Promise.all([alice.close(), bob.close()]);
      await relay.close();
    }
  });
});
