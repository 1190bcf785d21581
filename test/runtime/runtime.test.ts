import { createRuntime, ErrorCode, encode, type Runtime, type RuntimeEvent, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub, type MemoryHub } from '@contactmesh/transports/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { pinger, pingRegistry, ponger } from './ping-pong.js';

interface Centre {
  readonly runtime: Runtime;
  readonly events: RuntimeEvent[];
  readonly commands: unknown[];
}

let clock: VirtualClock;
let hub: MemoryHub;
const started: Runtime[] = [];

const centre = async (id: string, adapter?: (command: unknown) => void): Promise<Centre> => {
  const events: RuntimeEvent[] = [];
  const commands: unknown[] = [];
  const runtime = createRuntime({
    centre: id,
    network: 'test',
    transport: hub.transport(id),
    clock,
    registry: pingRegistry,
    ids: sequentialIds(id),
    adapter: adapter ?? ((command) => void commands.push(command)),
    limits: { maxPayloadBytes: 4_096 },
  });
  runtime.events$.subscribe((event) => events.push(event));
  await runtime.start();
  started.push(runtime);
  return { runtime, events, commands };
};

const settle = () => clock.runUntilIdle();
type PingerSnapshot = { value: string; context: { received: number; sent: number; retries: number } };
const pingerState = (runtime: Runtime, address: string) => runtime.snapshot(address) as unknown as PingerSnapshot;

const setupHub = (seed = 7) => {
  clock = new VirtualClock(0);
  hub = createMemoryHub({ clock, seed });
};

afterEach(async () => {
  for (const runtime of started.splice(0)) await runtime.stop();
});

describe('the effect runtime', () => {
  it('plays ping/pong between two centres over the transport', async () => {
    setupHub();
    const london = await centre('london');
    const paris = await centre('paris');
    paris.runtime.host('ponger', 'p', ponger);
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/p', rounds: 3 } });
    london.runtime.deliver(address, { type: 'start' });
    settle();
    expect(pingerState(london.runtime, address)).toMatchObject({ value: 'done', context: { received: 3, sent: 3, retries: 0 } });
    expect(london.runtime.stats()).toMatchObject({ sentRemote: 3, sentLocal: 0, timersFired: 0 });
    expect(paris.runtime.stats()).toMatchObject({ sentRemote: 3, published: 3, received: 3, delivered: 3 });
    expect(london.commands).toEqual([{ kind: 'end', contact: 'ping', outcome: 'done', reason: '3 pongs' }]);
  });

  it('delivers sends between actors of one centre directly, without the transport', async () => {
    setupHub();
    const london = await centre('london');
    london.runtime.host('ponger', 'p', ponger);
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'london/ponger/p', rounds: 5 } });
    london.runtime.deliver(address, { type: 'start' });
    settle();
    expect(pingerState(london.runtime, address).value).toBe('done');
    expect(london.runtime.stats()).toMatchObject({ sentLocal: 10, sentRemote: 0, received: 0 });
  });

  it('runs timers on the clock it is given, and cancels them', async () => {
    setupHub();
    const london = await centre('london');
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/p', rounds: 1 } });
    london.runtime.deliver(address, { type: 'start' });
    clock.advance(3_500);
    expect(pingerState(london.runtime, address).context).toMatchObject({ retries: 3, sent: 4 });
    const paris = await centre('paris');
    paris.runtime.host('ponger', 'p', ponger);
    clock.advance(1_000); // the next retry reaches the ponger
    settle();
    expect(pingerState(london.runtime, address).value).toBe('done');
    const timersBefore = london.runtime.stats().timersFired;
    clock.advance(10_000);
    expect(london.runtime.stats().timersFired).toBe(timersBefore); // the retry timer was cancelled
  });

  it('counts and reports a message for an actor it does not host', async () => {
    setupHub();
    const london = await centre('london');
    const paris = await centre('paris');
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/nobody', rounds: 1 } });
    london.runtime.deliver(address, { type: 'start' });
    clock.advance(500); // before the first retry
    expect(paris.runtime.stats().undeliverable).toBe(1);
    expect(paris.events).toContainEqual({
      type: 'message.undeliverable',
      code: ErrorCode.UNKNOWN_ACTOR,
      to: 'paris/ponger/nobody',
      messageType: 'ping',
    });
    clock.advance(1_000);
    expect(paris.runtime.stats().undeliverable).toBe(2);
  });

  it('reports bad payloads on its inbox as events and keeps working', async () => {
    setupHub();
    const london = await centre('london');
    const paris = await centre('paris');
    paris.runtime.host('ponger', 'p', ponger);
    const vandal = hub.transport('vandal');
    await vandal.connect();
    for (const payload of [
      new Uint8Array([0xff, 0x00]),
      '{"v":1',
      '{"v":9}',
      '{"v":1,"id":"x","type":"ping","from":"a/b/c","ts":0,"body":{"n":"one"}}',
      'x'.repeat(5_000),
    ]) {
      await vandal.publish('cm/test/inbox/paris/from/vandal', payload, { qos: 1 });
    }
    settle();
    const rejected = paris.events.filter((e) => e.type === 'message.rejected').map((e) => (e as { code: string }).code);
    expect(rejected).toEqual([
      ErrorCode.MALFORMED_JSON,
      ErrorCode.MALFORMED_JSON,
      ErrorCode.UNSUPPORTED_VERSION,
      ErrorCode.INVALID_MESSAGE,
      ErrorCode.PAYLOAD_TOO_LARGE,
    ]);
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/p', rounds: 2 } });
    london.runtime.deliver(address, { type: 'start' });
    settle();
    expect(pingerState(london.runtime, address).value).toBe('done');
  });

  it('gives a repeated message (same sender and id) the effect of one', async () => {
    setupHub();
    const paris = await centre('paris');
    paris.runtime.host('ponger', 'p', ponger);
    const sender = hub.transport('london');
    await sender.connect();
    const ping = encode({ v: 1, id: 'london-1', type: 'ping', from: 'london/pinger/p', to: 'paris/ponger/p', ts: 0, body: { n: 1 } });
    if (!ping.ok) throw ping.error;
    await sender.publish('cm/test/inbox/paris/from/london', ping.value, { qos: 1 });
    await sender.publish('cm/test/inbox/paris/from/london', ping.value, { qos: 1 });
    settle();
    expect((paris.runtime.snapshot('paris/ponger/p') as unknown as { context: { answered: number } }).context.answered).toBe(1);
    expect(paris.runtime.stats().duplicates).toBe(1);
    expect(paris.events).toContainEqual({ type: 'message.duplicate', id: 'london-1', from: 'london/pinger/p' });
  });

  it('turns an actor that throws into an event, and keeps the other actors running', async () => {
    setupHub();
    const london = await centre('london');
    london.runtime.host('ponger', 'p', ponger);
    const broken = london.runtime.host('pinger', 'broken', pinger, { input: { target: 'london/ponger/p', rounds: 1 } });
    const healthy = london.runtime.host('pinger', 'healthy', pinger, { input: { target: 'london/ponger/p', rounds: 1 } });
    london.runtime.deliver(broken, { type: 'explode' });
    london.runtime.deliver(healthy, { type: 'start' });
    settle();
    expect(london.events).toContainEqual(
      expect.objectContaining({ type: 'actor.failed', code: 'CM_ERR_ACTOR_FAILED', address: broken, reason: 'the pinger exploded' }),
    );
    expect(pingerState(london.runtime, healthy).value).toBe('done');
    london.runtime.deliver(broken, { type: 'start' });
    expect(london.runtime.stats().undeliverable).toBe(1);
  });

  it('reports a failing adapter as an event', async () => {
    setupHub();
    const london = await centre('london', () => {
      throw new Error('the switch is down');
    });
    london.runtime.host('ponger', 'p', ponger);
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'london/ponger/p', rounds: 1 } });
    london.runtime.deliver(address, { type: 'start' });
    settle();
    expect(london.events).toContainEqual({
      type: 'adapter.failed',
      reason: 'the switch is down',
      command: { kind: 'end', contact: 'ping', outcome: 'done', reason: '1 pongs' },
    });
  });

  it('refuses to send a message over the payload limit, as an event', async () => {
    setupHub();
    const london = await centre('london');
    await centre('paris');
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/p', rounds: 1 } });
    london.runtime.deliver(address, { type: 'oversize' });
    settle();
    expect(london.events.find((e) => e.type === 'effect.failed')).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, address });
  });

  it('refuses a second actor at the same address and a bad centre id', async () => {
    setupHub();
    const london = await centre('london');
    london.runtime.host('ponger', 'p', ponger);
    expect(() => london.runtime.host('ponger', 'p', ponger)).toThrow(expect.objectContaining({ code: ErrorCode.DUPLICATE_ACTOR }));
    expect(() => createRuntime({ centre: 'New York', network: 'test', transport: hub.transport('x'), clock })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ADDRESS }),
    );
  });

  it('plays the same game the same way for the same seed', async () => {
    const run = async () => {
      setupHub(11);
      hub.setFaults({ default: { delayMs: 5, jitterMs: 20, duplicate: 0.2 } });
      const london = await centre('london');
      const paris = await centre('paris');
      paris.runtime.host('ponger', 'p', ponger);
      const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/p', rounds: 20 } });
      london.runtime.deliver(address, { type: 'start' });
      settle();
      const result = { at: clock.now(), london: { ...london.runtime.stats() }, paris: { ...paris.runtime.stats() } };
      for (const runtime of started.splice(0)) await runtime.stop();
      return result;
    };
    const first = await run();
    expect(first.paris.duplicates).toBeGreaterThan(0);
    expect(await run()).toEqual(first);
  });

  it('stops cleanly: timers cancelled, transport closed', async () => {
    setupHub();
    const london = await centre('london');
    const address = london.runtime.host('pinger', 'p', pinger, { input: { target: 'paris/ponger/p', rounds: 1 } });
    london.runtime.deliver(address, { type: 'start' });
    await london.runtime.stop();
    started.length = 0;
    expect(clock.runUntilIdle().fired).toBeLessThanOrEqual(1); // at most the already queued publish
    expect(london.runtime.addresses()).toEqual([]);
  });
});
