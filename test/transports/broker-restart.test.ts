import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Centre, createCentre, realClock, sequentialIds } from '@contactmesh/core';
import { createMqttTransport, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { howToEnable, mosquittoPath, until } from '../support/acl-mosquitto.js';
import { describeMissing } from '../support/missing-component.js';
import {
  checkInvariants,
  contactAt,
  type RealNet,
  realNetworkOf,
  replicaReport,
  replicasEqualOwners,
  restartingMqttTransport,
  staff,
} from './real-network.js';

// A broker restart without persistence (issue: centres as their own processes): it keeps no
// retained presence or replica and fires no will. Every centre reconnects and says again that it
// is online and what its agents are, so a centre that joins after the restart sees the others
// online and can route to their agents.

/** A broker this test can stop and start again on the same port. */
interface RestartableBroker {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Removes what it left on disk, once stopped for good. */
  remove?(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = connect(port, '127.0.0.1', () => {
      probe.destroy();
      resolve(true);
    }).on('error', () => {
      probe.destroy();
      resolve(false);
    });
  });

async function embedded(): Promise<RestartableBroker> {
  const port = await freePort();
  let broker: Awaited<ReturnType<typeof startEmbeddedBroker>> | undefined;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      broker = await startEmbeddedBroker({ port });
    },
    async stop() {
      await broker?.close();
      broker = undefined;
    },
  };
}

/** A Mosquitto of the test's own on a free loopback port, without persistence: the system one is not touched. */
async function ownMosquitto(binary: string): Promise<RestartableBroker> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'cm-restart-'));
  const config = join(dir, 'mosquitto.conf');
  await writeFile(
    config,
    [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', ''].join('\n'),
  );
  // Mosquitto started as root drops to its own user, which must read the file.
  await chmod(dir, 0o755);
  await chmod(config, 0o644);
  let broker: ChildProcess | undefined;
  let up = false;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      broker = spawn(binary, ['-c', config], { stdio: 'ignore' });
      await until('the broker listening', () => {
        void answers(port).then((yes) => {
          up = yes;
        });
        return up;
      });
    },
    async stop() {
      const exited = new Promise((resolve) => broker?.once('exit', resolve));
      broker?.kill('SIGKILL');
      await exited;
      broker = undefined;
      up = false;
      await until('the port free again', () => {
        void answers(port).then((yes) => {
          up = yes;
        });
        return !up;
      });
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const running: { centres: Centre[]; broker?: RestartableBroker } = { centres: [] };

afterEach(async () => {
  for (const centre of running.centres.splice(0)) await centre.stop();
  await running.broker?.stop();
  await running.broker?.remove?.();
  delete running.broker;
});

function centreOn(broker: RestartableBroker, id: string): Centre {
  const centre = createCentre({
    id,
    network: `restart${process.pid}`,
    transport: createMqttTransport({ participantId: id, url: broker.url, reconnectMs: 100, maxReconnectMs: 200, connectTimeoutMs: 1_000 }),
    clock: realClock,
    ids: sequentialIds(`${id}.1`),
    mode: { kind: 'network' },
    adapter: { offer: () => undefined },
  });
  running.centres.push(centre);
  return centre;
}

/** Resolves once `centre` has lost its broker connection and has it back. */
const reconnected = (centre: Centre) =>
  new Promise<void>((resolve) => {
    let lost = false;
    const watch = centre.events$.subscribe((event) => {
      if (event.type !== 'transport.state') return;
      if (event.state !== 'connected') lost = true;
      else if (lost) {
        watch.unsubscribe();
        resolve();
      }
    });
  });

/** Resolves once every live centre of `net` has lost its broker connection and has it back. */
const allBack = (net: RealNet): Promise<unknown> => Promise.all(net.live().map((id) => reconnected(net.centre(id))));

async function restartScenario(make: () => Promise<RestartableBroker>): Promise<void> {
  const broker = await make();
  running.broker = broker;
  await broker.start();
  const london = centreOn(broker, 'london');
  const paris = centreOn(broker, 'paris');
  for (const [centre, agent] of [
    [london, 'l1'],
    [paris, 'p1'],
  ] as const) {
    await centre.start();
    centre.agents.login(agent, { displayName: agent, skills: { billing: 5 } });
    centre.agents.ready(agent);
  }
  await until('london and paris seeing each other online', () => london.replicas.isOnline('paris') && paris.replicas.isOnline('london'));
  // A caller at London whom nobody can serve (no sales agent), whom Paris replicates; the caller
  // hangs up while the broker is away.
  london.contacts.arrive({ id: 'c1', media: 'voice', skillset: 'sales' });
  await until("paris replicating london's caller", () => paris.replicas.contact('c1') !== undefined);

  // The broker goes and comes back with nothing retained.
  const back = [reconnected(london), reconnected(paris)];
  await broker.stop();
  london.contacts.abandon('c1');
  await broker.start();
  await Promise.all(back);
  // However the end reached the broker (before Paris was subscribed again, or not at all), Paris forgets the caller.
  await until("the caller gone from Paris's replicas", () => paris.replicas.contact('c1') === undefined);

  // A centre that joins now learns of both from what they said again after reconnecting.
  const rome = centreOn(broker, 'rome');
  await rome.start();
  await until('rome seeing london and paris online', () => rome.replicas.isOnline('london') && rome.replicas.isOnline('paris'));
  await until("rome holding both centres' agents, idle", () =>
    ['london/l1', 'paris/p1'].every((key) => {
      const [home = '', id = ''] = key.split('/');
      return rome.replicas.agent(home, id)?.state === 'idle';
    }),
  );
  // And the old peers still see each other online.
  expect(london.replicas.isOnline('paris')).toBe(true);
  expect(paris.replicas.isOnline('london')).toBe(true);
}

/**
 * Three centres in calls and with callers waiting, through two broker restarts without persistence:
 * callers arrive and hang up while the broker is away, a call ends. Checked after every burst of
 * activity: no agent rings for two callers or holds two calls, no caller has two owners or two
 * ends, none is nowhere (DESIGN.md §8, 1–3). Afterwards: every replica at its owner's rev (5), the
 * caller who hung up meanwhile gone from every replica, no router assigning anyone to an ended
 * caller, and the waiting caller served by the agent the ended call freed.
 */
async function trafficAcrossRestarts(make: () => Promise<RestartableBroker>): Promise<void> {
  const broker = await make();
  running.broker = broker;
  await broker.start();
  const net = await realNetworkOf(
    restartingMqttTransport('mqtt (a broker restarted twice)', () => broker.url, 100),
    ['london', 'paris', 'rome'],
    { timeoutMs: 20_000 },
  );
  net.watch(() => checkInvariants(net));
  const strayAssignments: string[] = [];
  for (const id of net.live())
    net.centre(id).events$.subscribe((event) => {
      if (event.type === 'message.undeliverable' && event.messageType === 'route.assign') strayAssignments.push(`${id} → ${event.to}`);
    });
  for (const [centre, agent] of [
    ['london', 'l1'],
    ['paris', 'p1'],
    ['rome', 'r1'],
  ] as const)
    staff(net, centre, agent);
  await net.until(
    () =>
      net
        .live()
        .every((c) =>
          ['london/l1', 'paris/p1', 'rome/r1'].every(
            (key) => net.centre(c).replicas.agent(...(key.split('/') as [string, string]))?.state === 'idle',
          ),
        ),
    'every centre seeing the three agents idle',
  );
  // A call at each centre, answered.
  for (const [centre, contact] of [
    ['london', 'a1'],
    ['paris', 'a2'],
    ['rome', 'a3'],
  ] as const)
    net.arrive(centre, contact);
  await net.until(() => net.log.offers.length === 3, 'the three callers offered');
  for (const offer of net.log.offers) net.centre(offer.centre).agents.answer(offer.agent, offer.contact);
  await net.until(
    () => net.log.offers.every((o) => contactAt(net, o.centre, o.contact)?.value === 'connected'),
    'the three calls connected',
  );

  // The broker goes away. Meanwhile a caller arrives at London (every agent busy: it waits), one
  // arrives at Paris and hangs up, and Paris's call ends.
  let back = allBack(net);
  await broker.stop();
  net.arrive('london', 'waiting');
  net.arrive('paris', 'gone');
  net.centre('paris').contacts.abandon('gone');
  const a2 = net.log.offers.find((o) => o.contact === 'a2');
  net.centre(a2?.centre ?? 'paris').contacts.end('a2');
  await broker.start();
  await back;
  // And again, at once: everyone back at the same moment, checks crossing resubscriptions.
  back = allBack(net);
  await broker.stop();
  await broker.start();
  await back;
  await net.until(
    () => net.live().every((c) => net.live().every((other) => other === c || net.centre(c).replicas.isOnline(other))),
    'every centre seeing the others online again',
  );

  // The agent whose call ended takes the caller who waited at London.
  await net.until(() => net.log.offers.some((o) => o.contact === 'waiting'), 'the waiting caller offered');
  const offered = net.log.offers.find((o) => o.contact === 'waiting');
  expect(offered?.agent).toBe(a2?.agent);
  net.centre(offered?.centre ?? '').agents.answer(offered?.agent ?? '', 'waiting');
  await net.until(
    () => offered !== undefined && contactAt(net, offered.centre, 'waiting')?.value === 'connected',
    'the waiting caller connected',
  );
  await net.until(
    () => net.live().every((c) => net.centre(c).replicas.contact('gone') === undefined),
    'the caller who hung up while the broker was away gone from every replica',
  );
  await net.until(
    () => replicasEqualOwners(net),
    'every replica equal to its owner (invariant 5)',
    () => replicaReport(net),
  );
  expect(net.log.outcomes.filter((o) => o.contact === 'gone').map((o) => o.outcome)).toEqual(['abandoned']);
  expect(strayAssignments).toEqual([]);
  checkInvariants(net);
  await net.stop();
}

describe('a broker restart without persistence (embedded aedes)', { timeout: 60_000 }, () => {
  it('every centre reconnects and says again that it is online and what its agents are: a centre joining later sees them', async () => {
    await restartScenario(embedded);
  });

  it('calls, waiting callers and hang-ups across two restarts: nothing lost or doubled, replicas converge, no stray assignment', async () => {
    await trafficAcrossRestarts(embedded);
  });
});

if (mosquittoPath === undefined) describeMissing('a broker restart without persistence (Mosquitto)', 'no mosquitto binary', howToEnable);
else {
  const binary = mosquittoPath;
  describe('a broker restart without persistence (a Mosquitto of its own)', { timeout: 60_000 }, () => {
    it('every centre reconnects and says again that it is online and what its agents are: a centre joining later sees them', async () => {
      await restartScenario(() => ownMosquitto(binary));
    });

    it('calls, waiting callers and hang-ups across two restarts: nothing lost or doubled, replicas converge, no stray assignment', async () => {
      await trafficAcrossRestarts(() => ownMosquitto(binary));
    });
  });
}
