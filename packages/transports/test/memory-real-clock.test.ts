import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { realClock } from '@contactmesh/core';
import { createMemoryHub, type FaultPlan } from '@contactmesh/transports/memory';
import { afterEach, describe, expect, it, vi } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/real-clock-delivery.ts', import.meta.url));

describe('memory hub on the real clock', () => {
  // A child process, because only a process of its own shows whether a pending delivery keeps the
  // event loop alive: the test waits for the child to exit, never for a fixed time.
  it('delivers a resolved publication even when nothing else keeps the process alive', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--conditions=@contactmesh/source', '--import', 'tsx', script], {
      cwd: root,
    });
    expect(stdout, `the child wrote to stderr: ${stderr}`).toBe('cm/demo/hello hi\n');
  }, 60_000);
});

describe('memory hub on the real clock, when nothing delays a delivery', () => {
  afterEach(() => vi.restoreAllMocks());

  const exchange = async (faults?: FaultPlan) => {
    const hub = createMemoryHub(faults === undefined ? {} : { faults });
    const a = hub.transport('a');
    const b = hub.transport('b');
    await Promise.all([a.connect(), b.connect()]);
    const got: string[] = [];
    const arrived = new Promise<void>((resolve) =>
      b.subscribe('cm/demo/b').subscribe((m) => {
        got.push(new TextDecoder().decode(m.payload));
        if (got.length === 3) resolve();
      }),
    );
    const timers = vi.spyOn(realClock, 'setTimer');
    for (const text of ['1', '2', '3']) await a.publish('cm/demo/b', new TextEncoder().encode(text), { qos: 1 });
    await arrived;
    const used = timers.mock.calls.length;
    await Promise.all([a.close(), b.close()]);
    return { got, used };
  };

  it('delivers on the next turn of the event loop, in order, with no timer (which Node holds back at least 1 ms)', async () => {
    const { got, used } = await exchange();
    expect(got).toEqual(['1', '2', '3']);
    expect(used).toBe(0);
  });

  it('still goes through a timer of the clock when the link delays it', async () => {
    const { got, used } = await exchange({ default: { delayMs: 2 } });
    expect(got).toEqual(['1', '2', '3']);
    expect(used).toBeGreaterThanOrEqual(3);
  });
});
