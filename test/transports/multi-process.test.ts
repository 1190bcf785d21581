import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedBroker, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CentreProcess,
  centreBrokers,
  clearRetained,
  type Line,
  offerSpans,
  overlappingOffers,
  type Snapshot,
  writeConfig,
} from './centre-process.js';

// Three `contactmesh centre` processes against one broker (DESIGN.md §7; issue: multi-process):
// traffic is driven over their control channels, one is killed with SIGKILL, and the test checks
// that nothing is lost (invariant 3) and that the survivors stop routing to its agents — then that
// the centre, started again, takes back what it held and is routed to again. Once with simulated
// ACDs (--simulate), killed while idle; once with the test as every centre's ACD, killed while
// one of its agents rings and its calls are up, restarted from its ACD's re-sync (below).
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

// The same network as an ACD drives it (docs/cli.md, "Driving it from your ACD"): the test is each
// centre's ACD and answers every offer, so every offer ends in a line (`connect`, `stopRinging`,
// `end`) and two offers of one call at once show in the lines. South is killed while one of its
// agents rings for a call that arrived elsewhere and two of its calls are up, and started again
// from its ACD's picture: the agents log in again and the calls still up are re-synced.

/** One agent as the ACD logs them in. */
interface Staff {
  readonly id: string;
  readonly skills: Readonly<Record<string, number>>;
}

const staff: Readonly<Record<'north' | 'south' | 'east', readonly Staff[]>> = {
  north: [billing('n1'), billing('n2')],
  // South alone has sales (s3) and support (s4): such calls can only be served there.
  south: [billing('s1'), billing('s2'), { id: 's3', skills: { sales: 5 } }, { id: 's4', skills: { support: 5 } }],
  east: [billing('e1'), billing('e2')],
};

// docs/cli.md (transport.keepaliveSeconds) and docs/network.md: the broker publishes the will of a
// centre that went silent 1.5 keepalives later. The margin is the will's way through the broker to
// each survivor and onto its output, on a loaded two-core CI machine.
const keepaliveSeconds = 2;
const willDueMs = 1.5 * keepaliveSeconds * 1_000;
const willMarginMs = 2_000;

/** `promise`, or a failure naming `what` once `ms` have passed. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No ${what} within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The test as one centre's ACD: it logs agents in, brings calls in and ends them, and answers every offer at once while `answering`. */
class TestAcd {
  answering = true;

  constructor(readonly proc: CentreProcess) {
    proc.onLine((line) => {
      if (line.type === 'offer' && this.answering) proc.send({ op: 'agent.answer', agent: line.agent, contact: line.contact });
    });
  }

  /** One line of the ACD, answered by `done` (or `arrived`); an `error` fails the test. */
  async do(command: Readonly<Record<string, unknown>>): Promise<Line> {
    const answer = await this.proc.ask(command);
    if (answer.type === 'error') throw new Error(`${this.proc.id} refused ${JSON.stringify(command)}: ${String(answer.message)}`);
    return answer;
  }

  async login(agents: readonly Staff[]): Promise<void> {
    for (const { id, skills } of agents) await this.do({ op: 'agent.login', agent: id, skills });
  }

  async ready(agents: readonly Staff[]): Promise<void> {
    for (const { id } of agents) await this.do({ op: 'agent.ready', agent: id });
  }

  /** The conversation ends and the agent's after-call work is done. */
  async hangUp(contact: string): Promise<void> {
    await this.do({ op: 'contact.end', contact });
    await this.do({ op: 'contact.wrapped', contact });
  }
}

/** How each contact ended, by the `contact.outcome` lines of `procs` (a contact moving to another centre has not ended). */
const outcomes = (procs: readonly CentreProcess[]) =>
  new Map(
    procs
      .flatMap((p) => p.all('contact.outcome'))
      .filter((l) => l.outcome !== 'forwarded')
      .map((l) => [l.contact as string, l.outcome as string]),
  );

/** The contacts `proc` rang an agent for or connected, and has not seen end or leave: what it held when it died. */
const heldBy = (proc: CentreProcess) => {
  const gone = new Set(proc.all('contact.outcome').map((l) => l.contact));
  return [...new Set(proc.lines.filter((l) => l.type === 'offer' || l.type === 'connect').map((l) => l.contact as string))]
    .filter((id) => !gone.has(id))
    .sort();
};

/** The agent's id, from an id or an address (`{centre}/agent/{id}`). */
const agentId = (agent: unknown) => String(agent).split('/').pop();

describe.each(brokers)(
  'three centre processes driven by the test as their ACD over %s, one killed with SIGKILL mid-traffic',
  (_name, external) => {
    const network = `acd-${run}-${external === undefined ? 'aedes' : 'ext'}`;
    let broker: EmbeddedBroker | undefined;
    let url: string;
    let dir: string;
    let config: string;
    const started: CentreProcess[] = [];
    const acd = (id: keyof typeof staff) => {
      const proc = new CentreProcess(id, ['--transport', url, '--config', config], { acd: true });
      started.push(proc);
      return new TestAcd(proc);
    };

    beforeAll(async () => {
      if (external === undefined) broker = await startEmbeddedBroker();
      url = broker?.url ?? (external as string);
      dir = await mkdtemp(join(tmpdir(), 'cm-acd-'));
      config = await writeConfig(dir, 'centre', {
        network,
        transport: { keepaliveSeconds, clientIdPrefix: `cm-${run}-` },
        policies: { contact: { leaseMs: 2_000 }, router: { pendingMs: 5_000 }, agent: { wrapUpMs: 200 } },
      });
    });

    afterEach(async () => {
      await Promise.all(started.splice(0).map((p) => p.stop(10_000)));
    }, 30_000);

    afterAll(async () => {
      await clearRetained(url, network, run);
      await broker?.close();
      await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it('hears it offline within 1.5 keepalives, offers nothing to its agents until it is back, loses no call and rings no call twice; restarted from its ACD, it is routed to again', async () => {
      const [north, south, east] = [acd('north'), acd('south'), acd('east')];
      const procs = [north, south, east].map((a) => a.proc);
      await Promise.all(procs.map((p) => p.waitFor('started', (l) => l.type === 'started')));
      for (const a of [north, south, east]) {
        await a.login(staff[a.proc.id as keyof typeof staff]);
        await a.ready(staff[a.proc.id as keyof typeof staff]);
      }
      await until(procs, 'full presence', (snaps) =>
        snaps.every((s) => s.peers.filter((p) => p.status === 'online').length === 2) ? true : undefined,
      );

      // Traffic: 4 billing calls at north, 4 at east (6 billing agents in all), one sales call at north.
      const arrived: string[] = [];
      const arrive = async (at: TestAcd, id: string, skillset: string) => {
        arrived.push(id);
        await at.do({ op: 'contact.arrive', id, skillset });
      };
      for (let i = 1; i <= 4; i++) {
        await arrive(north, `north-billing-${i}`, 'billing');
        await arrive(east, `east-billing-${i}`, 'billing');
      }
      await arrive(north, 'north-sales-1', 'sales');
      const before = await until(procs, 'six billing calls and the sales call connected, two waiting', (snaps) => {
        const states = snaps.flatMap((s) => s.contacts.map((c) => c.state));
        return states.filter((s) => s === 'connected').length === 7 && states.filter((s) => s === 'queued').length === 2
          ? snaps
          : undefined;
      });
      expect(north.proc.all('forward').map((l) => [l.contact, l.to])).toContainEqual(['north-sales-1', 'south']);
      expect(contactIn(before, 'north-sales-1')).toMatchObject({ centre: 'south', state: 'connected', agent: 'south/agent/s3' });
      for (const [id, at] of hosts(before)) expect(at, `${id} hosted once`).toHaveLength(1);
      expect([...hosts(before).keys()].sort()).toEqual([...arrived].sort());

      // Mid-traffic: south stops answering and one of its billing agents is freed; a waiting call
      // from a survivor rings there. As it rings, a call ends at east and two more arrive, and south
      // is killed (no clean stop, no offline presence: its will says it is gone).
      /** A billing call connected at `centre` before the kill: the test ends it to free its agent. */
      const callAt = (centre: string) => {
        const call = before.find((s) => s.centre === centre)?.contacts.find((c) => c.state === 'connected' && c.skillset === 'billing');
        if (call === undefined) throw new Error(`No billing call connected at ${centre}: ${JSON.stringify(before)}`);
        return call.id;
      };
      const [freedAtSouth, freedAtEast, freedAtNorth] = [callAt('south'), callAt('east'), callAt('north')];
      south.answering = false;
      const ringingFrom = south.proc.lines.length;
      await south.hangUp(freedAtSouth);
      const ringing = await south.proc.until('an offer to the agent south freed', () =>
        south.proc.lines.slice(ringingFrom).find((l) => l.type === 'offer'),
      );
      const inFlight = [east.hangUp(freedAtEast), arrive(north, 'north-billing-5', 'billing'), arrive(east, 'east-billing-5', 'billing')];
      const killedAt = Date.now();
      south.proc.kill();
      expect((await south.proc.exited).signal).toBe('SIGKILL');
      await Promise.all(inFlight);
      const doomed = ringing.contact as string;
      expect(arrived).toContain(doomed);
      // What south held when it died: the call ringing there and the two calls up (s2 or s1, and s3).
      const heldBySouth = heldBy(south.proc);
      expect(heldBySouth).toHaveLength(3);
      expect(heldBySouth).toEqual(expect.arrayContaining([doomed, 'north-sales-1']));

      // Each survivor hears south offline from its will, within 1.5 keepalives and the margin.
      const survivors = [north.proc, east.proc];
      const offline = await within(
        willDueMs + willMarginMs,
        'south offline at both survivors',
        Promise.all(
          survivors.map((p) => p.waitFor('south offline', (l) => l.type === 'peer' && l.centre === 'south' && l.status === 'offline')),
        ),
      );
      for (const [i, p] of survivors.entries()) {
        const heardAfterMs = p.printedAt(offline[i] as Line) - killedAt;
        expect(heardAfterMs, `${p.id} heard south offline ${heardAfterMs} ms after the kill`).toBeLessThanOrEqual(willDueMs + willMarginMs);
      }

      // While south is dead no survivor's call is with, reserving or ringing one of its agents. The
      // one exception is the call south was ringing: south's answer to its handover may have died
      // with south (a SIGKILL resets the socket, and the broker drops what it had not read), and then
      // its old owner keeps it, asking south again, until south is back and answers.
      const noneWithSouth = (snaps: readonly Snapshot[]) => {
        const withSouth = snaps.flatMap((s) =>
          s.contacts
            .filter(
              (c) =>
                c.agent?.startsWith('south/') &&
                !(c.id === doomed && c.state === 'handingOver' && c.agent === `south/agent/${ringing.agent}`),
            )
            .map((c) => `${s.centre}: ${c.id} ${c.state} with ${c.agent}`),
        );
        expect(withSouth, `survivors’ calls with one of dead south’s agents (south was ringing ${doomed})`).toEqual([]);
      };
      // Nothing lost: every call is hosted by one survivor, or was south's when it died, or ended.
      const ended = () => outcomes([north.proc, south.proc, east.proc]);
      const after = await until(survivors, 'the survivors settled, every call hosted once or south’s or ended', (snaps) => {
        noneWithSouth(snaps);
        const hosted = hosts(snaps);
        const all = [...new Set([...hosted.keys(), ...heldBySouth, ...ended().keys()])].sort();
        const moving = snaps.flatMap((s) => s.contacts.filter((c) => c.state === 'handingOver' && c.id !== doomed));
        return moving.length === 0 && JSON.stringify(all) === JSON.stringify([...arrived].sort()) ? snaps : undefined;
      });
      for (const [id, at] of hosts(after)) {
        expect(at, `${id} hosted once`).toHaveLength(1);
        expect(heldBySouth, `${id} hosted by a survivor and by dead south`).not.toContain(id);
      }

      // Calls only south's idle support agent (s4) or its busy sales agent could take wait at north;
      // a caller at east hangs up waiting; billing goes on among the survivors.
      await arrive(north, 'north-support-1', 'support');
      await arrive(north, 'north-sales-2', 'sales');
      await arrive(east, 'east-sales-1', 'sales');
      await east.do({ op: 'contact.abandon', contact: 'east-sales-1' });
      const northAgent = contactIn(after, freedAtNorth)?.agent;
      await north.hangUp(freedAtNorth);
      const dead = await until(survivors, 'a waiting billing call connected to the north agent freed', (snaps) => {
        noneWithSouth(snaps);
        return snaps.some((s) => s.contacts.some((c) => c.agent === northAgent && c.state === 'connected')) ? snaps : undefined;
      });
      for (const id of ['north-support-1', 'north-sales-2']) {
        expect(contactIn(dead, id)).toMatchObject({ centre: 'north', state: 'queued' });
        expect(contactIn(dead, id)?.agent).toBeUndefined();
      }
      expect(ended().get('east-sales-1')).toBe('abandoned');

      // Whether south's last words reached the network: if its answer to the handover of the call it
      // rang was lost, the call's old owner is still handing it over, and so is every later message
      // of south (the call's new copy there, its agent ringing).
      const lastWordsLost = dead.some((s) => s.contacts.some((c) => c.id === doomed && c.state === 'handingOver'));

      // South starts again (a new incarnation), without --simulate. It takes back what the network
      // holds of its last life: its agents (logged out) and the two calls that were up (held for a
      // re-sync), and the call it rang if that reached the network. Its ACD logs the agents in
      // again, re-syncs the two calls with their agents (no offer, no ring), then makes them ready.
      const south2 = acd('south');
      await south2.proc.waitFor('started', (l) => l.type === 'started');
      const connectedAtKill = heldBySouth
        .filter((id) => id !== doomed)
        .map((id) => ({ contact: id, agent: agentId(south.proc.lines.find((l) => l.type === 'connect' && l.contact === id)?.agent) }));
      const recoveredContacts = () => south2.proc.all('centre.recovered').filter((l) => l.kind === 'contact');
      const callsUp = await south2.proc.until('the two calls up at the kill recovered', () => {
        const up = recoveredContacts().filter((l) => l.state === 'connected');
        return connectedAtKill.every((call) => up.some((l) => l.id === call.contact)) ? up : undefined;
      });
      expect(callsUp.map((l) => ({ contact: l.id, agent: agentId(l.agent) }))).toEqual(expect.arrayContaining(connectedAtKill));
      expect(callsUp).toHaveLength(2);
      await south2.login(staff.south);
      for (const call of connectedAtKill) await south2.do({ op: 'contact.resync', ...call });
      await south2.ready(staff.south);

      // The survivors hear it online, and until then offered it nothing (the handover of the call it
      // rang may complete as the new south answers the old owner's request again: no new offer).
      const online = await Promise.all(
        survivors.map((p, i) =>
          p.until('south online again', () =>
            p.lines
              .slice(p.lines.indexOf(offline[i] as Line))
              .find((l) => l.type === 'peer' && l.centre === 'south' && l.status === 'online'),
          ),
        ),
      );
      for (const [i, p] of survivors.entries()) {
        const window = p.lines.slice(p.lines.indexOf(offline[i] as Line), p.lines.indexOf(online[i] as Line));
        expect(
          window.filter((l) => l.type === 'forward' && l.to === 'south' && l.contact !== doomed).map((l) => l.contact),
          `${p.id} forwarded to dead south`,
        ).toEqual([]);
      }

      // They route to it again: the support call rings s4 at the restarted south (and is answered).
      // The re-synced sales call ends there, and s3 takes the second sales call.
      const support = await south2.proc.waitFor(
        'the support call offered at the restarted south',
        (l) => l.type === 'offer' && l.contact === 'north-support-1',
      );
      expect(support.agent).toBe('s4');
      await south2.hangUp('north-sales-1');
      const sales2 = await south2.proc.waitFor(
        'the second sales call offered at the restarted south',
        (l) => l.type === 'offer' && l.contact === 'north-sales-2',
      );
      expect(sales2.agent).toBe('s3');
      const everyone = [north.proc, south2.proc, east.proc];
      // Every call that arrived is hosted once, connected or waiting, or ended handled or abandoned.
      const final = await until(everyone, 'both calls served at south, every call hosted once (connected or waiting) or ended', (snaps) => {
        const hosted = hosts(snaps);
        const all = [...new Set([...hosted.keys(), ...outcomes([...everyone, south.proc]).keys()])].sort();
        const served = ['north-support-1', 'north-sales-2'].every((id) => contactIn(snaps, id)?.state === 'connected');
        const still = snaps.every((s) => s.contacts.every((c) => c.state === 'queued' || c.state === 'connected'));
        return served && still && JSON.stringify(all) === JSON.stringify([...arrived].sort()) ? snaps : undefined;
      });
      for (const [id, at] of hosts(final)) expect(at, `${id} hosted once`).toHaveLength(1);
      // The call south rang when it died waits or is served, once.
      expect(['queued', 'connected']).toContain(contactIn(final, doomed)?.state);
      expect(contactIn(final, 'north-support-1')).toMatchObject({ centre: 'south', agent: 'south/agent/s4' });
      expect(contactIn(final, 'north-sales-2')).toMatchObject({ centre: 'south', agent: 'south/agent/s3' });
      for (const call of connectedAtKill.filter((c) => c.contact !== 'north-sales-1'))
        expect(contactIn(final, call.contact)).toMatchObject({ centre: 'south', state: 'connected', agent: `south/agent/${call.agent}` });
      for (const call of connectedAtKill) expect(south2.proc.all('offer').map((l) => l.contact)).not.toContain(call.contact);
      expect(
        recoveredContacts()
          .map((l) => l.id)
          .sort(),
      ).toEqual(lastWordsLost ? heldBySouth.filter((id) => id !== doomed) : heldBySouth);
      expect(Object.fromEntries(outcomes([...everyone, south.proc]))).toEqual({
        [freedAtSouth]: 'handled',
        [freedAtEast]: 'handled',
        [freedAtNorth]: 'handled',
        'north-sales-1': 'handled',
        'east-sales-1': 'abandoned',
      });
      expect(north.proc.all('forward').map((l) => [l.contact, l.to])).toEqual(
        expect.arrayContaining([
          ['north-support-1', 'south'],
          ['north-sales-2', 'south'],
        ]),
      );

      // No call rang two agents at once, in any process (south's first life rang until it died).
      const spans = [...everyone.flatMap((p) => offerSpans(p)), ...offerSpans(south.proc, killedAt)];
      expect(spans).toContainEqual(expect.objectContaining({ centre: 'south', contact: doomed, to: killedAt }));
      expect(overlappingOffers(spans)).toEqual([]);
      expect(spans.filter((s) => s.to === Number.POSITIVE_INFINITY)).toEqual([]);

      for (const p of [...everyone, south.proc]) expect(p.lines.filter((l) => l.type === 'error' || l.type === 'actor.failed')).toEqual([]);

      // A clean stop says goodbye itself: the others see north offline.
      const heard = [south2.proc, east.proc].map((p) => p.lines.length);
      expect((await north.proc.stop()).code).toBe(0);
      await Promise.all(
        [south2.proc, east.proc].map((p, i) =>
          p.until('north offline', () =>
            p.lines.slice(heard[i]).find((l) => l.type === 'peer' && l.centre === 'north' && l.status === 'offline'),
          ),
        ),
      );
      for (const p of [south2.proc, east.proc]) expect((await p.stop()).code).toBe(0);
    }, 180_000);
  },
);
