import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedBroker, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentreProcess, centreBrokers, clearRetained, type Line, type Snapshot, writeConfig } from './centre-process.js';

// Three `contactmesh centre` processes against one broker (DESIGN.md §7; issue: multi-process):
// traffic is driven over their control channels, one is killed with SIGKILL, and the test checks
// that nothing is lost (invariant 3) and that the survivors stop routing to its agents — then that
// the centre, started again, takes back what it held and is routed to again.
//
// It runs against an embedded aedes broker (MQTT 3.1.1), and against CONTACTMESH_MQTT_URL too
// when that is set (CI: Mosquitto, MQTT 5).

const brokers = centreBrokers('centre processes over an external MQTT broker', 'test/transports/multi-process.test.ts');

const run = `${process.pid}-${randomBytes(3).toString('hex')}`;
const talk = 3_600; // seconds: calls stay up until the test ends them

const billing = (id: string) => ({ id, skills: { billing: 5 } });
const common = {
  answer: { minDelaySeconds: 0.05, maxDelaySeconds: 0.1, missChance: 0, offerTimeoutSeconds: 10 },
  wrapUpSeconds: 0.2,
  forwardedTalkSeconds: talk,
  // The broker publishes a centre's will 1.5 keepalives after it goes silent.
  transport: { keepaliveSeconds: 1, clientIdPrefix: `cm-${run}-` },
  policies: { contact: { leaseMs: 2_000 }, router: { pendingMs: 5_000 } },
};
const configs = (network: string) => ({
  north: { ...common, network, agents: [billing('n1'), billing('n2')] },
  // Only south has a sales agent: a sales contact anywhere can only be served there.
  south: { ...common, network, agents: [billing('s1'), billing('s2'), { id: 's3', skills: { sales: 5 } }] },
  east: { ...common, network, agents: [billing('e1'), billing('e2')] },
});
type Id = keyof ReturnType<typeof configs>;

/** Every process's snapshot, taken one after another. */
const snapshots = async (procs: readonly CentreProcess[]) => Promise.all(procs.map((p) => p.snapshot()));

/** Re-takes snapshots until `check` holds (after each round, waits for the next line any process prints, or 250 ms). */
async function until<T>(procs: readonly CentreProcess[], what: string, check: (snaps: Snapshot[]) => T | undefined): Promise<T> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const snaps = await snapshots(procs);
    const found = check(snaps);
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `No ${what} within 40 s. Last snapshots:\n${JSON.stringify(snaps, null, 1)}\n${procs.map((p) => p.transcript()).join('\n')}`,
      );
    }
    const counts = procs.map((p) => p.lines.length);
    await Promise.race([
      new Promise((resolve) => setTimeout(resolve, 250)),
      Promise.any(procs.map((p, i) => p.until('a new line', () => (p.lines.length > (counts[i] ?? 0) ? true : undefined)))),
    ]).catch(() => undefined);
  }
}

/**
 * Contact id → the centres hosting it. A copy handing over is not counted: its new centre may
 * already hold it, and it ends when that centre's answer comes.
 */
function hosts(snaps: readonly Snapshot[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const snap of snaps) {
    for (const contact of snap.contacts) {
      if (contact.state !== 'handingOver') found.set(contact.id, [...(found.get(contact.id) ?? []), snap.centre]);
    }
  }
  return found;
}

/** Whether no contact is between two centres (each process's snapshot is its own moment). */
const settled = (snaps: readonly Snapshot[]) => snaps.every((snap) => snap.contacts.every((c) => c.state !== 'handingOver'));

const contactIn = (snaps: readonly Snapshot[], id: string) =>
  snaps.flatMap((snap) => snap.contacts.filter((c) => c.id === id).map((c) => ({ ...c, centre: snap.centre })))[0];

describe.each(brokers)('three centre processes over %s, one killed with SIGKILL', (_name, external) => {
  const network = `mp-${run}-${external === undefined ? 'aedes' : 'ext'}`;
  let broker: EmbeddedBroker | undefined;
  let url: string;
  let dir: string;
  const paths = new Map<Id, string>();
  const procs = new Map<Id, CentreProcess>();
  const start = (id: Id) => {
    const proc = new CentreProcess(id, ['--transport', url, '--config', paths.get(id) as string, '--seed', '7']);
    procs.set(id, proc);
    return proc;
  };
  const proc = (id: Id) => procs.get(id) as CentreProcess;

  beforeAll(async () => {
    if (external === undefined) broker = await startEmbeddedBroker();
    url = broker?.url ?? (external as string);
    dir = await mkdtemp(join(tmpdir(), 'cm-multi-'));
    const files = configs(network);
    for (const id of Object.keys(files) as Id[]) paths.set(id, await writeConfig(dir, id, files[id]));
  });

  afterAll(async () => {
    await Promise.all([...procs.values()].map((p) => p.stop(10_000)));
    await clearRetained(url, network, run);
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('loses nothing, stops routing to the dead centre, and takes it back when it returns', async () => {
    const all = (['north', 'south', 'east'] as const).map(start);
    await Promise.all(all.map((p) => p.waitFor('started', (l) => l.type === 'started')));
    // Everyone sees both others online.
    await until(all, 'full presence', (snaps) =>
      snaps.every((s) => s.peers.filter((p) => p.status === 'online').length === 2) ? true : undefined,
    );

    // Traffic: 4 billing calls at north, 4 at east (6 billing agents in all), one sales call at north.
    const arrived: string[] = [];
    for (const at of ['north', 'east'] as const) {
      for (let i = 0; i < 4; i++)
        arrived.push((await proc(at).ask({ op: 'arrive', skillset: 'billing', talkSeconds: talk })).contact as string);
    }
    const sales = (await proc('north').ask({ op: 'arrive', skillset: 'sales', talkSeconds: talk })).contact as string;
    arrived.push(sales);

    const before = await until(all, 'six billing calls and the sales call connected, two waiting', (snaps) => {
      const states = snaps.flatMap((s) => s.contacts.map((c) => c.state));
      const connected = states.filter((s) => s === 'connected').length;
      return connected === 7 && states.filter((s) => s === 'queued').length === 2 ? snaps : undefined;
    });
    // The sales call could only go to south, and went there.
    expect(
      proc('north')
        .all('forwarded')
        .map((l) => [l.contact, l.to]),
    ).toContainEqual([sales, 'south']);
    expect(contactIn(before, sales)).toMatchObject({ centre: 'south', state: 'connected', agent: 'south/agent/s3' });
    const heldBySouth = before.find((s) => s.centre === 'south')?.contacts.map((c) => c.id) ?? [];
    expect(heldBySouth).toContain(sales);
    for (const [id, at] of hosts(before)) expect(at, `${id} hosted once`).toHaveLength(1);
    expect([...hosts(before).keys()].sort()).toEqual([...arrived].sort());

    // SIGKILL south: no clean stop, no offline presence; its will says it is gone.
    const toSouth = (p: CentreProcess) => p.lines.filter((l: Line) => l.type === 'forwarded' && l.to === 'south').map((l) => l.contact);
    const forwardedBefore = { north: toSouth(proc('north')), east: toSouth(proc('east')) };
    proc('south').kill();
    expect((await proc('south').exited).signal).toBe('SIGKILL');
    const survivors = [proc('north'), proc('east')];
    await Promise.all(
      survivors.map((p) => p.waitFor('south offline', (l) => l.type === 'peer' && l.centre === 'south' && l.status === 'offline')),
    );

    // Nothing lost: every contact is hosted by exactly one survivor, or was south's when it died.
    const after = await snapshots(survivors);
    const hostedAfter = hosts(after);
    for (const [id, at] of hostedAfter) expect(at, `${id} hosted once`).toHaveLength(1);
    expect([...new Set([...hostedAfter.keys(), ...heldBySouth])].sort()).toEqual([...arrived].sort());
    for (const snap of after) {
      expect(snap.peers).toContainEqual(expect.objectContaining({ centre: 'south', status: 'offline' }));
      // No survivor's contact is with, reserving or ringing one of south's agents.
      for (const contact of snap.contacts) expect(contact.agent ?? '').not.toMatch(/^south\//);
    }

    // The survivors stop routing to south's agents: a new sales call waits at north (only south
    // could serve it), while billing goes on among the survivors.
    const sales2 = (await proc('north').ask({ op: 'arrive', skillset: 'sales', talkSeconds: talk })).contact as string;
    const freed = after.find((s) => s.centre === 'east')?.contacts.find((c) => c.state === 'connected')?.id as string;
    await proc('east').ask({ op: 'end', contact: freed });
    const routedAfter = await until(survivors, 'a waiting billing call served by the agent east freed', (snaps) =>
      snaps.flatMap((s) => s.contacts).filter((c) => c.state === 'queued' && c.skillset === 'billing').length === 1 ? snaps : undefined,
    );
    expect(contactIn(routedAfter, sales2)).toMatchObject({ centre: 'north', state: 'queued' });
    expect(contactIn(routedAfter, sales2)?.agent).toBeUndefined();
    expect(toSouth(proc('north'))).toEqual(forwardedBefore.north);
    expect(toSouth(proc('east'))).toEqual(forwardedBefore.east);

    // South starts again (a new incarnation): it takes back every contact it held from the
    // network's replicas (the calls that were up come back held for a re-sync, docs/network.md),
    // its agents log in again, and the waiting sales call is routed to s3.
    const south = start('south');
    await south.waitFor('started', (l) => l.type === 'started');
    const recovered = await south.until('every contact of its last life recovered', () => {
      const ids = south
        .all('centre.recovered')
        .filter((l) => l.kind === 'contact')
        .map((l) => l.id as string);
      return heldBySouth.every((id) => ids.includes(id)) ? ids : undefined;
    });
    expect([...recovered].sort()).toEqual([...heldBySouth].sort());
    const everyone = [proc('north'), south, proc('east')];
    // Every contact that ever arrived is hosted once or ended with an outcome (the one east ended).
    // Once south's agents are back a waiting billing call may move there too, and each process's
    // snapshot is its own moment: this must hold once nothing is between two centres.
    const accounted = (snaps: readonly Snapshot[]) => {
      const hosted = hosts(snaps);
      const ended = everyone.flatMap((p) => p.all('contact.outcome').map((l) => l.contact as string));
      const all = [...new Set([...hosted.keys(), ...ended])].sort();
      return [...hosted.values()].every((at) => at.length === 1) && JSON.stringify(all) === JSON.stringify([...arrived, sales2].sort());
    };
    const final = await until(everyone, 'the second sales call served at south, every contact hosted once or ended', (snaps) =>
      contactIn(snaps, sales2)?.centre === 'south' && contactIn(snaps, sales2)?.state === 'connected' && settled(snaps) && accounted(snaps)
        ? snaps
        : undefined,
    );
    expect(
      proc('north')
        .all('forwarded')
        .map((l) => [l.contact, l.to]),
    ).toContainEqual([sales2, 'south']);
    const hostedFinal = hosts(final);
    for (const [id, at] of hostedFinal) expect(at, `${id} hosted once`).toHaveLength(1);
    const ended = everyone.flatMap((p) => p.all('contact.outcome').map((l) => l.contact as string));
    expect([...new Set([...hostedFinal.keys(), ...ended])].sort()).toEqual([...arrived, sales2].sort());

    // A clean stop says goodbye itself (no will after a DISCONNECT): the others see north offline.
    expect((await proc('north').stop()).code).toBe(0);
    await Promise.all(
      [south, proc('east')].map((p) =>
        p.until('north offline', () => p.lines.find((l) => l.type === 'peer' && l.centre === 'north' && l.status === 'offline')),
      ),
    );
    for (const p of [south, proc('east')]) expect((await p.stop()).code).toBe(0);
  }, 180_000);
});

describe.each(brokers)('two centre processes over %s, one frozen with SIGSTOP', (_name, external) => {
  const network = `hung-${run}-${external === undefined ? 'aedes' : 'ext'}`;
  let broker: EmbeddedBroker | undefined;
  let url: string;
  let dir: string;
  const procs: CentreProcess[] = [];

  beforeAll(async () => {
    if (external === undefined) broker = await startEmbeddedBroker();
    url = broker?.url ?? (external as string);
    dir = await mkdtemp(join(tmpdir(), 'cm-hung-'));
  });

  afterAll(async () => {
    // A frozen process cannot stop itself: let it run first (SIGKILL after 10 s either way).
    for (const p of procs) p.thaw();
    await Promise.all(procs.map((p) => p.stop(10_000)));
    await clearRetained(url, network, run);
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('its peer stops routing to it within three of its heartbeats, long before its will, and routes to it again once it runs', async () => {
    // The will would come 45 s after the freeze (1.5 × a 30 s keepalive): the heartbeat is 500 ms.
    const settings = {
      ...common,
      network,
      transport: { keepaliveSeconds: 30, clientIdPrefix: `cm-${run}-` },
      policies: { ...common.policies, presence: { heartbeatMs: 500, silentAfterBeats: 3 } },
    };
    const start = async (id: string, agents: readonly { id: string; skills: Record<string, number> }[]) => {
      const path = await writeConfig(dir, id, { ...settings, agents });
      const proc = new CentreProcess(id, ['--transport', url, '--config', path, '--seed', '7']);
      procs.push(proc);
      return proc;
    };
    const north = await start('north', [billing('n1')]);
    const south = await start('south', [billing('s1')]);
    await Promise.all([north, south].map((p) => p.waitFor('started', (l) => l.type === 'started')));
    await until([north, south], 'both see each other online', (snaps) =>
      snaps.every((s) => s.peers.some((p) => p.status === 'online')) ? true : undefined,
    );

    south.freeze();
    await north.waitFor('south silent', (l) => l.type === 'peer' && l.centre === 'south' && l.status === 'silent');
    // Silent, not offline: no will yet.
    expect(north.lines.some((l) => l.type === 'peer' && l.centre === 'south' && l.status === 'offline')).toBe(false);

    // Two callers at north, whose one agent takes the first: the second waits for it, and is
    // never asked of south's idle agent.
    const first = (await north.ask({ op: 'arrive', skillset: 'billing', talkSeconds: talk })).contact as string;
    const second = (await north.ask({ op: 'arrive', skillset: 'billing', talkSeconds: talk })).contact as string;
    const waiting = await until([north], 'the first call connected at north', (snaps) =>
      snaps[0]?.contacts.some((c) => c.id === first && c.state === 'connected') ? snaps : undefined,
    );
    expect(contactIn(waiting, second)).toMatchObject({ centre: 'north', state: 'queued' });
    expect(contactIn(waiting, second)?.agent).toBeUndefined();
    expect(north.all('forwarded')).toEqual([]);

    south.thaw();
    await north.waitFor('south speaking again', (l) => l.type === 'peer' && l.centre === 'south' && l.status === 'online');
    await until([north, south], 'the second call connected at south', (snaps) =>
      contactIn(snaps, second)?.centre === 'south' && contactIn(snaps, second)?.state === 'connected' ? true : undefined,
    );
    expect(north.all('forwarded').map((l) => [l.contact, l.to])).toEqual([[second, 'south']]);
    for (const p of [north, south]) expect((await p.stop()).code).toBe(0);
  }, 120_000);
});
