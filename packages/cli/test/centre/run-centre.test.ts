import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { VirtualClock } from '@contactmesh/core';
import { createMemoryHub, interceptInbound } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import { runCentre } from '../../src/centre/run-centre.js';
import { fakeWall } from '../fake-wall.js';

type Line = { readonly type: string } & Readonly<Record<string, unknown>>;

/** A JSON line without the log fields every line carries (`level`, `time`): what happened. */
function withoutLogFields(line: Line & { level?: unknown; time?: unknown }): Line {
  const { level: _level, time: _time, ...rest } = line;
  return rest as Line;
}

const answer = { minDelaySeconds: 1, maxDelaySeconds: 2, missChance: 0, offerTimeoutSeconds: 20 };

/**
 * Runs `contactmesh centre` in-process on a virtual clock and a memory hub shared by every centre
 * of the test. A message `hold` picks (by the centre it goes to and its payload) waits until `release()`.
 */
async function world(hold?: (to: string, payload: string) => boolean) {
  const clock = new VirtualClock(1_000_000);
  const hub = createMemoryHub({ clock, seed: 3 });
  const held: (() => void)[] = [];
  const connect = (participant: string) =>
    hold === undefined
      ? hub.transport(participant)
      : interceptInbound(hub.transport(participant), (message, next) => {
          if (hold(participant, new TextDecoder().decode(message.payload))) held.push(() => next(message));
          else next(message);
        });
  const dir = await mkdtemp(join(tmpdir(), 'cm-centre-'));
  const flush = async () => {
    for (let i = 0; i < 20; i++) {
      clock.advance(0);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const start = async (
    id: string,
    config: unknown,
    simulate = true,
    more: { metricsPort?: number; logLevel?: 'info' | 'warn' | 'error' } = {},
  ) => {
    const path = join(dir, `${id}.json`);
    await writeFile(path, JSON.stringify(config));
    const input = new PassThrough();
    const lines: Line[] = [];
    /** The lines as printed, log fields and all. */
    const raw: Record<string, unknown>[] = [];
    let refs = 0;
    const done = runCentre(
      { id, transport: 'mqtt://unused:1883', config: path, simulate, json: true, seed: 5, ...more },
      {
        io: {
          out: (text) => {
            raw.push(JSON.parse(text));
            lines.push(withoutLogFields(JSON.parse(text)));
          },
          err: (text) => lines.push({ type: 'stderr', text }),
        },
        wall: fakeWall(),
        env: {},
        input,
        clock,
        transport: (_url, participant) => connect(participant),
      },
    );
    // The config file is read with real I/O: wait for the centre to say it started (or failed)
    // before the virtual clock moves, so its incarnation is the clock's time at the start.
    for (let i = 0; i < 10_000 && !lines.some((l) => l.type === 'started' || l.type === 'stderr'); i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await flush();
    return {
      lines,
      raw,
      done,
      /** The ACD closes its end of the pipe. */
      hangUp: () => input.end(),
      /** Writes a control line and returns its answer: the line with its `ref` (one is added), or the last line. */
      send: async (command: string | Record<string, unknown>) => {
        const ref = typeof command === 'string' ? undefined : ((command.ref as string | undefined) ?? `auto-${++refs}`);
        input.write(typeof command === 'string' ? command : `${JSON.stringify({ ...command, ref })}\n`);
        await flush();
        return (ref === undefined ? lines.at(-1) : lines.find((l) => l.ref === ref)) as Line;
      },
      of: (type: string) => lines.filter((l) => l.type === type),
    };
  };
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 250) {
      clock.advance(250);
      await flush();
    }
  };
  /** Passes on every held message. */
  const release = () => {
    for (const pass of held.splice(0)) pass();
  };
  return { clock, start, run, flush, release };
}

describe('contactmesh centre, in-process on a virtual clock', () => {
  it('runs the roster, takes contacts from the control channel, reports each step, and stops on request', async () => {
    const w = await world();
    const north = await w.start('north', { network: 'acme', agents: [{ id: 'a1', skills: { billing: 5 } }], answer, wrapUpSeconds: 5 });
    expect(north.of('started')).toEqual([expect.objectContaining({ centre: 'north', network: 'acme', incarnation: 1_000_000 })]);

    const arrived = await north.send({ op: 'arrive', skillset: 'billing', talkSeconds: 60, ref: 'r1' });
    expect(arrived).toMatchObject({ type: 'arrived', ref: 'r1', contact: 'north-lfls-1', token: expect.stringMatching(/^[\w-]{22}$/) });
    expect(north.of('offer')).toEqual([{ type: 'offer', agent: 'a1', contact: 'north-lfls-1' }]);
    await w.run(2_000);
    const connected = await north.send({ op: 'snapshot', ref: 's1' });
    expect(connected).toMatchObject({
      type: 'snapshot',
      ref: 's1',
      contacts: [{ id: 'north-lfls-1', state: 'connected', skillset: 'billing', agent: 'north/agent/a1' }],
      agents: [{ id: 'a1', state: 'busy' }],
    });
    // The talk time runs out, the agent wraps up, the contact is handled.
    await w.run(60_000 + 5_000);
    expect(north.of('contact.outcome')).toEqual([expect.objectContaining({ contact: 'north-lfls-1', outcome: 'handled' })]);

    // Bad input is answered with a coded error line; the centre goes on.
    expect(await north.send('{"op":"dance","ref":"x"}\n')).toMatchObject({ type: 'error', code: 'CM_ERR_INVALID_MESSAGE', ref: 'x' });
    expect(await north.send('not json\n')).toMatchObject({ type: 'error', code: 'CM_ERR_MALFORMED_JSON' });
    expect(await north.send(`${'x'.repeat(20_000)}\n`)).toMatchObject({ type: 'error', code: 'CM_ERR_PAYLOAD_TOO_LARGE' });
    expect(await north.send({ op: 'login', agent: 'ghost' })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/not in the config/),
    });
    // A call ended by hand before its talk time.
    const second = (await north.send({ op: 'arrive', skillset: 'billing', talkSeconds: 3_600 })).contact;
    await w.run(2_000);
    expect(await north.send({ op: 'end', contact: second, ref: 'e' })).toEqual({ type: 'done', op: 'end', ref: 'e' });
    await w.run(5_000);
    expect(north.of('contact.outcome').map((l) => [l.contact, l.outcome])).toEqual([
      ['north-lfls-1', 'handled'],
      [second, 'handled'],
    ]);

    await north.send({ op: 'stop' });
    await north.done;
    expect(north.lines.at(-1)).toEqual({ type: 'stopped', centre: 'north', offered: 2, handled: 2, abandoned: 0 });
  });

  it('forwards what only another centre can serve, whose simulated agents answer a call they did not take', async () => {
    const w = await world();
    const north = await w.start('north', { agents: [{ id: 'n1', skills: { billing: 5 } }], answer });
    const south = await w.start('south', { agents: [{ id: 's1', skills: { sales: 5 } }], answer, forwardedTalkSeconds: 30 });
    await w.run(1_000);
    expect(north.of('peer')).toContainEqual({ type: 'peer', centre: 'south', status: 'online', incarnation: 1_000_000 });

    const { contact } = await north.send({ op: 'arrive', skillset: 'sales' });
    await w.run(3_000);
    expect(north.of('forwarded')).toEqual([{ type: 'forwarded', contact, to: 'south', agent: 's1' }]);
    expect(south.of('offer')).toEqual([{ type: 'offer', agent: 's1', contact }]);
    expect((await south.send({ op: 'snapshot' })).contacts).toEqual([
      { id: contact, state: 'connected', skillset: 'sales', agent: 'south/agent/s1' },
    ]);
    // South's talk time for forwarded calls (30 s), then its wrap-up (default 10 s).
    await w.run(45_000);
    expect(south.of('contact.outcome')).toEqual([expect.objectContaining({ contact, outcome: 'handled' })]);

    await Promise.all([north.send({ op: 'stop' }), south.send({ op: 'stop' })]);
    await Promise.all([north.done, south.done]);
  });

  it('says a contact is handingOver while the centre it goes to has not answered, though that centre lists it already', async () => {
    // Neither south's acceptance of the handover nor its copy of the contact reaches north until released.
    const w = await world(
      (to, payload) => to === 'north' && (payload.includes('"type":"handover.ack"') || payload.includes('"from":"south/contact/')),
    );
    const north = await w.start('north', { agents: [{ id: 'n1', skills: { billing: 5 } }], answer });
    const south = await w.start('south', { agents: [{ id: 's1', skills: { sales: 5 } }], answer });
    await w.run(1_000);
    const { contact } = await north.send({ op: 'arrive', skillset: 'sales' });
    await w.run(3_000);
    expect((await south.send({ op: 'snapshot' })).contacts).toEqual([expect.objectContaining({ id: contact })]);
    expect((await north.send({ op: 'snapshot' })).contacts).toEqual([expect.objectContaining({ id: contact, state: 'handingOver' })]);
    w.release();
    await w.run(1_000);
    expect((await north.send({ op: 'snapshot' })).contacts).toEqual([]);
    expect((await south.send({ op: 'snapshot' })).contacts).toEqual([expect.objectContaining({ id: contact, state: 'connected' })]);
    await Promise.all([north.send({ op: 'stop' }), south.send({ op: 'stop' })]);
    await Promise.all([north.done, south.done]);
  });

  it('starts Poisson traffic from the config, with ids that name the centre and its life', async () => {
    const w = await world();
    const east = await w.start('east', {
      agents: [
        { id: 'e1', skills: { billing: 5 } },
        { id: 'e2', skills: { billing: 5 } },
      ],
      answer,
      traffic: [{ skillset: 'billing', arrivalsPerHour: 600, meanHandleSeconds: 30 }],
    });
    await w.run(10 * 60_000);
    const offers = east.of('offer');
    expect(offers.length).toBeGreaterThan(20);
    const life = Number(east.of('started')[0]?.incarnation).toString(36);
    for (const offer of offers) expect(offer.contact).toMatch(new RegExp(`^east-${life}-billing-\\d+$`));
    await east.send({ op: 'stop' });
    await east.done;
    expect(east.lines.at(-1)).toMatchObject({ type: 'stopped', offered: expect.any(Number) });
  });

  it('an ACD drives a centre over its lines: agents and calls in, offers, connects, forwards and ends out', async () => {
    const w = await world();
    const acd = await w.start('north', { network: 'acme', policies: { contact: { maxWaitMs: null } } }, false);
    await w.start('south', { network: 'acme', agents: [{ id: 's1', skills: { sales: 5 } }], answer, wrapUpSeconds: 5 });
    expect(await acd.send({ op: 'agent.login', agent: 'a1', skills: { billing: 5 }, displayName: 'Ada', ref: 'l' })).toEqual({
      type: 'done',
      op: 'agent.login',
      ref: 'l',
    });
    await acd.send({ op: 'agent.ready', agent: 'a1' });
    const arrived = await acd.send({ op: 'contact.arrive', id: 'call-1', skillset: 'billing' });
    expect(arrived).toMatchObject({ type: 'arrived', contact: 'call-1', token: expect.stringMatching(/^[\w-]{22}$/) });
    expect(acd.of('offer')).toEqual([{ type: 'offer', agent: 'a1', contact: 'call-1', media: 'voice' }]);
    await acd.send({ op: 'agent.answer', agent: 'a1', contact: 'call-1' });
    expect(acd.of('connect')).toEqual([{ type: 'connect', contact: 'call-1', agent: 'a1' }]);
    await acd.send({ op: 'contact.end', contact: 'call-1' });
    await acd.send({ op: 'contact.wrapped', contact: 'call-1' });
    expect(acd.of('contact.outcome')).toEqual([expect.objectContaining({ contact: 'call-1', outcome: 'handled' })]);

    // A caller nobody here can serve goes to south's agent: the ACD is told to forward the call.
    await acd.send({ op: 'contact.arrive', id: 'call-2', skillset: 'sales' });
    await w.run(3_000);
    expect(acd.of('forward')).toEqual([{ type: 'forward', contact: 'call-2', to: 'south', agent: 's1' }]);

    // The customer hangs up while queued; an offer declined rings no more.
    // a1's own after-call work (5 s by default) is over: ringing again.
    await w.run(5_000);
    await acd.send({ op: 'contact.arrive', id: 'call-3', skillset: 'billing' });
    expect(acd.of('offer').at(-1)).toMatchObject({ agent: 'a1', contact: 'call-3' });
    await acd.send({ op: 'agent.decline', agent: 'a1', contact: 'call-3' });
    expect(acd.of('stopRinging')).toEqual([{ type: 'stopRinging', agent: 'a1', contact: 'call-3' }]);
    await acd.send({ op: 'agent.notReady', agent: 'a1', reason: 'lunch' });
    await acd.send({ op: 'contact.abandon', contact: 'call-3' });
    expect(acd.of('contact.outcome').map((l) => [l.contact, l.outcome])).toEqual([
      ['call-1', 'handled'],
      ['call-2', 'forwarded'],
      ['call-3', 'abandoned'],
    ]);

    // What the centre refuses is a coded error line, and the centre goes on.
    await acd.send({ op: 'contact.arrive', id: 'call-9', skillset: 'billing' });
    expect(await acd.send({ op: 'contact.arrive', id: 'call-9', skillset: 'billing' })).toMatchObject({
      type: 'error',
      code: expect.stringMatching(/^CM_ERR_/),
    });
    expect(await acd.send({ op: 'agent.login', agent: 'a2', skills: { billing: 11 } })).toMatchObject({
      type: 'error',
      code: 'CM_ERR_INVALID_MESSAGE',
      message: expect.stringMatching(/skills\.billing/),
    });
    expect(await acd.send({ op: 'arrive', skillset: 'billing' })).toMatchObject({
      type: 'error',
      code: 'CM_ERR_INVALID_STATE',
      message: expect.stringMatching(/steers a simulated ACD/),
    });
    expect(await acd.send({ op: 'agent.logout', agent: 'a1', ref: 'out' })).toEqual({ type: 'done', op: 'agent.logout', ref: 'out' });
    await acd.send({ op: 'stop' });
    await acd.done;
    expect(acd.of('stopped')).toHaveLength(1);
  });

  it('serves Prometheus metrics, /healthz and /readyz on --metrics-port, and stops serving when it stops', async () => {
    const w = await world();
    const north = await w.start('north', { network: 'acme', agents: [{ id: 'a1', skills: { billing: 5 } }], answer }, true, {
      metricsPort: 0,
    });
    const [line] = north.of('metrics');
    expect(line).toMatchObject({ type: 'metrics', paths: ['/metrics', '/healthz', '/readyz'] });
    const url = (path: string) => `http://127.0.0.1:${line?.port}${path}`;
    await north.send({ op: 'arrive', skillset: 'billing', talkSeconds: 60 });
    await w.run(3_000);
    expect((await fetch(url('/healthz'))).status).toBe(200);
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, reasons: [] });
    const metrics = await fetch(url('/metrics'));
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^contactmesh_contacts_offered_total\{queue="billing",centre="north"\} 1$/m);
    expect(text).toMatch(/^contactmesh_contacts_answered_total\{queue="billing",centre="north"\} 1$/m);
    expect(text).toMatch(/^contactmesh_agents\{state="busy",centre="north"\} 1$/m);
    expect(text).toMatch(/^contactmesh_process_resident_memory_bytes\{centre="north"\} \d+/m);
    expect((await fetch(url('/metrics'), { method: 'POST' })).status).toBe(405);
    expect((await fetch(url('/nothing'))).status).toBe(404);
    await north.send({ op: 'stop' });
    await north.done;
    await expect(fetch(url('/healthz'))).rejects.toThrow();
  });

  it('prints structured log lines: each with its level and the centre time, and --log-level leaves out the lesser ones', async () => {
    const w = await world();
    const chatty = await w.start('north', { network: 'acme', agents: [{ id: 'a1', skills: { billing: 5 } }], answer });
    const quiet = await w.start('south', { network: 'acme', agents: [{ id: 's1', skills: { billing: 5 } }], answer }, true, {
      logLevel: 'warn',
    });
    expect(chatty.raw.find((l) => l.type === 'started')).toEqual(expect.objectContaining({ time: '1970-01-01T00:16:40.000Z' }));
    expect(chatty.raw.find((l) => l.type === 'started')).not.toHaveProperty('level');
    expect(chatty.raw.find((l) => l.type === 'transport.state')).toMatchObject({ level: 'info', state: 'idle' });
    await chatty.send('{"op":"dance"}\n');
    expect(chatty.raw.at(-1)).toMatchObject({ level: 'error', type: 'error', code: 'CM_ERR_INVALID_MESSAGE' });
    // South prints no info lines (transport states, peers online), but its own protocol lines and its warnings.
    expect(quiet.raw.filter((l) => l.level === 'info')).toEqual([]);
    expect(quiet.raw.map((l) => l.type)).toContain('started');
    // A call's outcome is for the ACD, whatever the log level.
    await quiet.send({ op: 'arrive', skillset: 'billing', talkSeconds: 1 });
    await w.run(15_000);
    expect(quiet.raw.find((l) => l.type === 'contact.outcome')).toMatchObject({ outcome: expect.stringMatching(/^(handled|forwarded)$/) });
    expect(quiet.raw.find((l) => l.type === 'contact.outcome')).not.toHaveProperty('level');
    await chatty.send({ op: 'stop' });
    await chatty.done;
    await w.run(1_000);
    expect(quiet.raw.find((l) => l.type === 'peer')).toMatchObject({
      level: 'warn',
      centre: 'north',
      status: expect.stringMatching(/^(offline|unknown)$/),
    });
    await quiet.send({ op: 'stop' });
    await quiet.done;
  });

  it('stops cleanly when the ACD that drives it closes its end, and a simulated one runs on', async () => {
    const w = await world();
    const driven = await w.start('north', { network: 'acme' }, false);
    const simulated = await w.start('south', { network: 'acme', agents: [{ id: 's1', skills: { billing: 5 } }], answer });
    driven.hangUp();
    simulated.hangUp();
    await w.flush();
    await driven.done;
    expect(driven.of('stopped')).toEqual([{ type: 'stopped', centre: 'north', offered: 0, handled: 0, abandoned: 0 }]);
    expect(simulated.of('stopped')).toEqual([]);
    expect(simulated.of('peer').at(-1)).toMatchObject({ centre: 'north', status: expect.not.stringMatching(/^online$/) });
  });

  it('carries out nothing after stop, even lines that came with it', async () => {
    const w = await world();
    const north = await w.start('north', { network: 'acme' }, false);
    await north.send('{"op":"stop"}\n{"op":"contact.arrive","id":"late","skillset":"billing","ref":"late"}\n');
    await north.done;
    expect(north.lines.find((l) => l.ref === 'late')).toBeUndefined();
    expect(north.of('stopped')).toHaveLength(1);
  });
});
