import { createCentre } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/index.js';
import { pressableWall } from '../pressable-wall.js';
import { runCli } from '../run-cli.js';

/** Resolves with what `check` returns once it returns something, re-checking on each turn of the event loop (bounded). */
async function eventually<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 2_000; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('gave up waiting');
}

describe('contactmesh gateway', () => {
  it('joins the network, serves a waiting customer their status page, and stops on Ctrl-C', async () => {
    const hub = createMemoryHub();
    const centre = createCentre({ id: 'london', network: 'acme', transport: hub.transport('london'), adapter: { offer: () => undefined } });
    await centre.start();
    const { token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    const { wall, press } = pressableWall();
    const out: string[] = [];
    const running = buildProgram(
      { out: (t) => out.push(t), err: (t) => out.push(t) },
      { wall, gateway: { transport: (_url, id) => hub.transport(id), widgetScript: '/* widget */' } },
    ).parseAsync(['node', 'contactmesh', 'gateway', '--transport', 'mqtt://unused:1883', '--network', 'acme', '--port', '0']);
    const url = await eventually(() => out.join('\n').match(/at (http:\/\/\S+)\//)?.[1]);
    const page = await eventually(async () => {
      const response = await fetch(`${url}/c/${token}`);
      return response.status === 200 ? response.text() : undefined;
    });
    expect(page).toContain('Waiting in the queue');
    press();
    await running;
    expect(out.at(-1)).toMatch(/^gateway stopped/);
    await centre.stop();
  });

  it('refuses a bad flag with a usage error naming it', async () => {
    const result = await runCli(['gateway', '--transport', 'ftp://nowhere', '--port', '99999']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toMatch(/transport|port/);
  });
});
